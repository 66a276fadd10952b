"""``/t/<tenant>/unsubscribe/<token>``: a participant stops every mail of the tenant.

GET only asks (a link scanner must not unsubscribe anyone); POST does it. The POST is exempt
from the CSRF check, this route only: mail clients send the one-click POST of RFC 8058
(``List-Unsubscribe=One-Click``) without a session; the signed token is what authorizes it."""

from __future__ import annotations

from flask import g, render_template, request

from groupdecide.extensions import csrf
from groupdecide.services import unsubscribe as service
from groupdecide.tenancy import current_tenant

from . import bp


def _page(token: str, done: bool) -> tuple[str, int]:
    tenant = current_tenant()
    email = service.read_token(tenant, token)
    if email is None:
        return render_template(
            "public/unsubscribe.html", valid=False, done=False, tenant=tenant
        ), 404
    if done:
        service.opt_out(tenant, email)
    return render_template(
        "public/unsubscribe.html", valid=True, done=done, tenant=tenant, token=token
    ), 200


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str) -> tuple[str, int]:
    """Asks to confirm (nothing changes on a GET)."""
    g.no_store = True
    return _page(token, done=False)


@bp.post("/unsubscribe/<token>")
def unsubscribe_post(token: str) -> tuple[str, int]:
    """Unsubscribes: from the page's button, or a mail client's one-click POST."""
    g.no_store = True
    request.get_data()  # the one-click body is "List-Unsubscribe=One-Click": nothing else needed
    return _page(token, done=True)


csrf.exempt(unsubscribe_post)  # this route only: the signed token authorizes the POST
