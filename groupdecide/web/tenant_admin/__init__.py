"""The tenant's own area, ``/t/<tenant>/admin``: the dashboard of all decisions (members),
members, settings and API keys (owners)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide import parsing
from groupdecide.errors import DomainError
from groupdecide.models import Membership
from groupdecide.services import memberships, tenant_admin
from groupdecide.services.decision_settings import ACCESS, RESULTS
from groupdecide.services.tenants import LOCALES
from groupdecide.tenancy import current_tenant
from groupdecide.web import actor
from groupdecide.web.problem_text import field_messages

bp = Blueprint("tenant_admin", __name__)

Page = str | tuple[str, int] | Response


@bp.url_value_preprocessor
def _logo_size(endpoint: str | None, _values: object) -> None:
    """A logo may be larger than the request limit of the rest of the site (this runs before
    the CSRF check reads the form)."""
    if endpoint == "tenant_admin.upload_logo":
        request.max_content_length = int(current_app.config["LOGO_MAX_BYTES"]) + 256 * 1024


@bp.before_request
@actor.login_required
def _members_only() -> None:
    """Every page here needs a log-in and a membership of this space."""
    g.no_store = True
    g.membership = memberships.require_role(actor.current_user_id())


def _owner() -> Membership:
    return memberships.require_role(actor.current_user_id(), "owner")


def _see_other(endpoint: str, **values: Any) -> Response:
    return redirect(url_for(endpoint, **values), code=303)


def _errors(exc: DomainError) -> dict[str, str]:
    """The service's field errors in the page's language, or its message on top."""
    return field_messages(exc.fields) or {"form": exc.message}


# ----------------------------------------------------------------------------- dashboard


@bp.get("/")
def dashboard() -> str:
    """Every decision of the space: search, filter by phase, only mine, in pages."""
    q = request.args.get("q", "").strip()[:200]
    phase = request.args.get("phase", "")
    phase = phase if phase in ("collecting", "voting", "closed") else ""
    mine = request.args.get("mine") == "1"
    # a page beyond any list is the last one; 10**20 would overflow PostgreSQL's OFFSET
    page_no = parsing.parse_int(request.args.get("page", "1"), lo=1, hi=10**6) or 1
    page = tenant_admin.dashboard(
        q=q, phase=phase, page=page_no, mine_of=actor.current_user_id() if mine else None
    )
    return render_template(
        "tenant_admin/dashboard.html",
        page=page,
        q=q,
        phase=phase,
        mine=mine,
        membership=g.membership,
    )


# ----------------------------------------------------------------------------- members


def _members_page(
    errors: dict[str, str] | None = None, values: dict[str, str] | None = None, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "tenant_admin/members.html",
        members=memberships.list_members(),
        invitations=memberships.pending_invitations(),
        errors=errors or {},
        values=values or {"email": "", "role": "organizer"},
        membership=g.membership,
    ), status


@bp.get("/members")
def members() -> tuple[str, int]:
    """Who may organize here, and the invitations not yet accepted."""
    _owner()
    return _members_page()


@bp.post("/members/invite")
def invite() -> Page:
    """Invite someone by e-mail: they get a one-time link."""
    _owner()
    values = {"email": request.form.get("email", ""), "role": request.form.get("role", "")}
    try:
        memberships.invite(
            current_tenant(), values["email"], values["role"], actor.current_user_id()
        )
    except DomainError as exc:
        return _members_page(_errors(exc), values, exc.status if exc.status != 400 else 422)
    flash(_("The invitation is sent to %(email)s.", email=values["email"].strip()), "success")
    return _see_other("tenant_admin.members")


@bp.post("/members/<member_id>/role")
def change_role(member_id: str) -> Page:
    """Make a member owner or organizer (a space keeps at least one owner)."""
    _owner()
    member = memberships.get_member(member_id)
    try:
        memberships.change_role(member, request.form.get("role", ""))
    except DomainError as exc:
        return _members_page(_errors(exc), status=exc.status)
    flash(_("The role is changed."), "success")
    return _see_other("tenant_admin.members")


@bp.post("/members/<member_id>/remove")
def remove_member(member_id: str) -> Page:
    """Remove a member; their log-ins end at once."""
    _owner()
    member = memberships.get_member(member_id)
    try:
        memberships.remove_member(member)
    except DomainError as exc:
        return _members_page(_errors(exc), status=exc.status)
    flash(_("The member is removed."), "success")
    if member.user_id == actor.current_user_id():
        return _see_other("auth.login")
    return _see_other("tenant_admin.members")


@bp.post("/invitations/<invitation_id>/revoke")
def revoke_invitation(invitation_id: str) -> Response:
    """Withdraw an invitation: its link stops working."""
    _owner()
    memberships.revoke_invitation(invitation_id)
    flash(_("The invitation is withdrawn."), "success")
    return _see_other("tenant_admin.members")


# ----------------------------------------------------------------------------- settings


def _settings_page(
    errors: dict[str, str] | None = None, values: dict[str, Any] | None = None, status: int = 200
) -> tuple[str, int]:
    tenant = current_tenant()
    current = {
        "name": tenant.name,
        "locale": tenant.locale,
        "policy": tenant.policy,
        "brand_color": tenant.brand_color or "",
        "default_anonymous": tenant.default_anonymous,
        "default_results": tenant.default_results,
        "default_access": tenant.default_access,
        "retention_days": tenant.retention_days or "",
        "frame_ancestors": tenant.frame_ancestors,
        "time_zone": tenant.time_zone,
    }
    current.update(values or {})
    return render_template(
        "tenant_admin/settings.html",
        values=current,
        errors=errors or {},
        locales=LOCALES,
        results=RESULTS,
        access=ACCESS,
        tenant=tenant,
        membership=g.membership,
    ), status


@bp.get("/settings")
def settings() -> tuple[str, int]:
    """Name, language, colour, logo, rules and defaults of the space."""
    _owner()
    return _settings_page()


@bp.post("/settings")
def save_settings() -> Page:
    _owner()
    form = request.form
    data: dict[str, Any] = {
        k: form.get(k, "")
        for k in (
            "name",
            "locale",
            "policy",
            "brand_color",
            "default_results",
            "default_access",
            "retention_days",
            "frame_ancestors",
            "time_zone",
        )
    }
    data["default_anonymous"] = form.get("default_anonymous") == "1"
    try:
        tenant_admin.update_settings(current_tenant(), data)
    except DomainError as exc:
        return _settings_page(_errors(exc), data, 422)
    flash(_("The settings are saved."), "success")
    return _see_other("tenant_admin.settings")


@bp.post("/settings/logo")
def upload_logo() -> Page:
    """A PNG or JPEG up to 1 MB; re-encoded before it is stored."""
    _owner()
    upload = request.files.get("logo")
    raw = b""
    if upload:
        with upload.stream:
            raw = upload.read(10 * 1024 * 1024 + 1)
    try:
        if request.form.get("remove") == "1":
            tenant_admin.remove_logo(current_tenant())
        else:
            tenant_admin.set_logo(current_tenant(), raw)
    except DomainError as exc:
        return _settings_page(_errors(exc), status=422)
    flash(_("The logo is saved."), "success")
    return _see_other("tenant_admin.settings")


# ----------------------------------------------------------------------------- API keys


@bp.get("/keys")
def keys() -> str:
    """The space's API keys (only their names and dates: keys are stored as hashes)."""
    _owner()
    return render_template(
        "tenant_admin/keys.html",
        keys=tenant_admin.list_keys(),
        errors={},
        new_key=None,
        membership=g.membership,
    )


@bp.post("/keys")
def create_key() -> Page:
    """A new key, shown once on the page that answers."""
    _owner()
    try:
        key = tenant_admin.new_key(current_tenant(), request.form.get("name", ""))
    except DomainError as exc:
        return render_template(
            "tenant_admin/keys.html",
            keys=tenant_admin.list_keys(),
            errors=_errors(exc),
            new_key=None,
            membership=g.membership,
        ), 422
    return render_template(
        "tenant_admin/keys.html",
        keys=tenant_admin.list_keys(),
        errors={},
        new_key=key,
        membership=g.membership,
    )


@bp.post("/keys/<key_id>/revoke")
def revoke_key(key_id: str) -> Response:
    """Revoke a key: it stops working at once."""
    _owner()
    key = tenant_admin.revoke_key(key_id)
    flash(_("The key “%(name)s” is revoked.", name=key.name), "success")
    return _see_other("tenant_admin.keys")


from . import owner_data as _owner_data  # noqa: E402,F401 - export everything, close the account
from . import webhooks as _webhooks  # noqa: E402,F401 - webhooks on the keys page
