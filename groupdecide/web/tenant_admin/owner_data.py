"""The data the customer owns (owners): download everything (a zip of the tenant's JSON and
each decision's ballots as CSV), close the account (confirmed by a mailed link), and the gate
that shows participants a closing space as closed."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, g, render_template, request
from flask_babel import gettext as _

from groupdecide.errors import DomainError
from groupdecide.models import Tenant
from groupdecide.services import accounts, closing, owner_export
from groupdecide.tenancy import current_tenant
from groupdecide.web import actor

from . import Page, _owner, _see_other, bp

# while an account is closing, participants and organizers see it as switched off; its
# owners keep the admin area (to export), and unsubscribing still works
_GATED_BLUEPRINTS = frozenset({"public", "organizer", "api"})
_OPEN_ENDPOINTS = frozenset({"public.unsubscribe", "public.unsubscribe_post"})


@bp.before_app_request
def _closing_gate() -> Any:
    tenant: Tenant | None = g.get("tenant")
    if not closing.is_closing(tenant) or request.endpoint in _OPEN_ENDPOINTS:
        return None
    assert tenant is not None
    if request.blueprint not in _GATED_BLUEPRINTS and request.endpoint != "brand.home":
        return None
    from groupdecide.errors import json_error, not_found, wants_json

    if request.blueprint == "api" or wants_json():
        return json_error(404, "not_found", not_found().message)
    message = _(
        "%(name)s is closing its account. Its decisions cannot be opened or answered any more.",
        name=tenant.name,
    )
    return render_template("tenant_admin/disabled.html", message=message), 404


def _data_page(errors: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    return render_template(
        "tenant_admin/data.html",
        tenant=current_tenant(),
        errors=errors or {},
        grace_days=closing.grace_days(),
        membership=g.membership,
    ), status


@bp.get("/data")
def data() -> tuple[str, int]:
    """Export everything; close the account."""
    _owner()
    return _data_page()


@bp.get("/export.zip")
def export_all() -> Response:
    """The tenant's JSON (as ``flask tenant export`` writes it) and the ballots as CSV."""
    _owner()
    tenant = current_tenant()
    resp = Response(owner_export.export_zip(tenant), mimetype="application/zip")
    resp.headers["Content-Disposition"] = f'attachment; filename="{tenant.slug}-export.zip"'
    return resp


@bp.post("/close")
def ask_close() -> Page:
    """Mail the owner a confirmation link (the space's name typed to confirm)."""
    _owner()
    user = accounts.get_user(actor.current_user_id() or 0)
    assert user is not None
    try:
        closing.request_close(current_tenant(), user, request.form.get("confirm_name", ""))
    except DomainError as exc:
        return _data_page({"confirm_name": exc.message}, 422)
    flash(_("We sent a confirmation link to %(email)s.", email=user.email), "success")
    return _see_other("tenant_admin.data")


@bp.get("/close/<token>")
def close_confirm(token: str) -> tuple[str, int]:
    """The link of the mail: one button confirms (a GET changes nothing)."""
    _owner()
    closing.check_token(current_tenant(), token)
    return render_template(
        "tenant_admin/close_confirm.html",
        tenant=current_tenant(),
        token=token,
        grace_days=closing.grace_days(),
        membership=g.membership,
    ), 200


@bp.post("/close/<token>")
def close_confirmed(token: str) -> Page:
    _owner()
    closing.confirm_close(current_tenant(), token)
    flash(_("The account is closing. Its data will be deleted after the grace period."), "success")
    return _see_other("tenant_admin.data")


@bp.app_template_global("embed_decisions")
def embed_decisions() -> list[Any]:
    """The latest decisions of the space, for the snippets on the settings page."""
    import sqlalchemy as sa

    from groupdecide.extensions import db
    from groupdecide.models import Decision

    return list(
        db.session.execute(
            sa.select(Decision).order_by(Decision.created_at.desc(), Decision.id).limit(5)
        ).scalars()
    )
