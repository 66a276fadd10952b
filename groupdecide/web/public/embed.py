"""The embed view of a ballot and its results (``?embed=1``) for a customer's own site.

``embed=1`` on a decision's pages marks the request (``g.embed``): base.html leaves out the
header and footer and adds the sizing script and an "Open in full" link; ``security_headers``
lets only the tenant's ``frame_ancestors`` origins frame it. Every link and form action the
page builds for a decision page keeps ``embed=1`` (``url_defaults``), so answering inside the
frame stays inside it (the thank-you page and the results too).

Cookies in a cross-site frame: browsers send only ``SameSite=None; Secure`` cookies there, so
embed answers set the session cookie that way over HTTPS (and on ``localhost``, which browsers
treat as a secure context)."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask, g, request
from flask.blueprints import BlueprintSetupState
from flask.sessions import SecureCookieSessionInterface

from . import bp

# A decision's participant pages (ballot, thank-you, own ballot, results, proposals, comments);
# not the files (QR code, calendar, JSON).
NOT_EMBEDDED = frozenset({"public.qr", "public.slot_ics", "public.receipts_json"})


def _embeddable(endpoint: str | None) -> bool:
    return bool(endpoint) and str(endpoint).startswith("public.") and endpoint not in NOT_EMBEDDED


def is_embed() -> bool:
    return bool(g.get("embed"))


@bp.url_value_preprocessor
def _mark_embed(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Before any ``before_request`` (the CSRF check among them): its error page is embedded
    too, so the frame shows it instead of a refusal."""
    if (
        request.args.get("embed") == "1"
        and _embeddable(endpoint)
        and "decision_id" in (values or {})
    ):
        g.embed = True


@bp.url_defaults
def _keep_embed(endpoint: str, values: dict[str, Any]) -> None:
    if g.get("embed") and _embeddable(endpoint) and "decision_id" in values:
        values.setdefault("embed", "1")


def full_url() -> str:
    """This page without ``embed=1`` (the "Open in full" link)."""
    parts = urlsplit(request.url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "embed"]
    return urlunsplit(parts._replace(query=urlencode(query)))


@bp.app_context_processor
def _embed_context() -> dict[str, Any]:
    return {"embed_mode": is_embed, "embed_full_url": full_url}


def _cookie_host_is_local() -> bool:
    host = (request.host or "").split(":", 1)[0].lower()
    return host == "localhost" or host.endswith(".localhost")


def _frame_cookies() -> bool:
    return bool(g.get("embed")) and (request.is_secure or _cookie_host_is_local())


class EmbedSessionInterface(SecureCookieSessionInterface):
    """In the embed view the session cookie is ``SameSite=None; Secure`` (else a cross-site
    frame never sends it back, and the ballot's CSRF check fails); elsewhere as configured."""

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if _frame_cookies() else super().get_cookie_samesite(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        return True if _frame_cookies() else super().get_cookie_secure(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        # CHIPS: browsers that block third-party cookies (Chromium does) still keep a
        # partitioned one, for this frame on this embedding site only
        return True if _frame_cookies() else super().get_cookie_partitioned(app)


@bp.record_once
def _install(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)
    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = EmbedSessionInterface()


@bp.app_template_global("embed_snippet")
def embed_snippet(decision_id: str, title: str, results: bool = False) -> str:
    """The HTML a customer pastes into its site: the frame and the script that sizes it."""
    from flask import url_for
    from markupsafe import escape

    endpoint = "public.results" if results else "public.participate"
    src = url_for(endpoint, decision_id=decision_id, embed="1", _external=True)
    script = url_for("static", filename="js/embed-host.js", _external=True)
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" loading="lazy" '
        'data-groupdecide width="100%" height="600" '
        'style="border:0;width:100%;max-width:48rem"></iframe>\n'
        f'<script src="{escape(script)}" async></script>'
    )
