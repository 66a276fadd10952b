"""The operator's area, ``/operator``: every tenant with its usage; create, disable, enable;
set a tenant's limits and host name. For users with ``is_operator`` (``flask operator
create``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide.errors import DomainError, Forbidden
from groupdecide.extensions import configured_limit, limiter
from groupdecide.services import accounts, tenant_admin, tenants
from groupdecide.tenancy import forget_hosts
from groupdecide.web import actor
from groupdecide.web.auth.session import log_in, log_out, safe_next
from groupdecide.web.auth.slowdown import after_failure
from groupdecide.web.problem_text import field_messages

bp = Blueprint("operator", __name__, url_prefix="/operator")

Page = str | tuple[str, int] | Response


def _email_key() -> str:
    """Address and client together (as for members' log-ins): attempts from elsewhere never
    lock the operator out."""
    from groupdecide.web.auth import _login_key

    return "operator-" + _login_key()


@bp.before_request
def _operators_only() -> Response | None:
    g.no_store = True
    if request.endpoint in ("operator.login", "operator.logout"):
        return None
    return _require_operator()


@actor.login_required
def _require_operator() -> None:
    account = actor.current_account()
    if account is None or not account.user.is_operator:
        raise Forbidden(_("This area is for the operator of the service."))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_LOGIN_CLIENT"), methods=["POST"])
@limiter.limit(configured_limit("RATELIMIT_LOGIN"), methods=["POST"], key_func=_email_key)
def login() -> Page:
    """Log in as the operator."""
    target = safe_next(request.values.get("next"), url_for("operator.index"))
    if request.method == "GET":
        return render_template("operator/login.html", values={"email": ""}, errors={}, next=target)
    email = request.form.get("email", "")
    user = accounts.authenticate(email, request.form.get("password", ""))
    if user is None or not user.is_operator:
        from groupdecide.web.auth import _address

        after_failure(_address())  # counted with the members' log-ins: one account, one password
        return render_template(
            "operator/login.html",
            values={"email": email},
            next=target,
            errors={"form": _("The e-mail address or the password is not right.")},
        ), 422
    log_in(user)
    return redirect(target, code=303)


@bp.post("/logout")
def logout() -> Response:
    log_out()
    flash(_("You are logged out."), "success")
    return redirect(url_for("operator.login"), code=303)


def _index(
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
    created: dict[str, Any] | None = None,
) -> tuple[str, int]:
    return render_template(
        "operator/index.html",
        rows=tenants.usage(),
        errors=errors or {},
        values=values or {"slug": "", "name": "", "policy": "open", "owner_email": ""},
        created=created,
    ), status


@bp.get("/")
def index() -> tuple[str, int]:
    """Every tenant with its decisions, ballots and members."""
    return _index()


@bp.post("/tenants")
def create() -> Page:
    """Create a tenant; an owner's address gets a one-time set-up link."""
    form = request.form
    values = {k: form.get(k, "").strip() for k in ("slug", "name", "policy", "owner_email")}
    try:
        tenant, key, link = tenants.create_tenant_with_owner(
            values["slug"],
            values["name"],
            policy=values["policy"] or "open",
            owner_email=values["owner_email"] or None,
        )
    except DomainError as exc:
        return _index(
            field_messages(exc.fields) or {"form": exc.message},
            values,
            422 if exc.status in (400, 422) else exc.status,
        )
    invited = values["owner_email"].lower() if values["owner_email"] and not link else None
    return _index(
        created={"slug": tenant.slug, "api_key": key, "link": link, "invited": invited},
        status=201,
    )


@bp.route("/tenants/<slug>", methods=["GET", "POST"])
def tenant(slug: str) -> Page:
    """One tenant: its limits (empty is unlimited) and its own host name."""
    row = tenants.require_tenant(slug)
    values = {
        "max_open_decisions": row.max_open_decisions,
        "max_ballots": row.max_ballots,
        "max_members": row.max_members,
        "custom_domain": row.custom_domain,
    }
    if request.method == "GET":
        return render_template("operator/tenant.html", tenant=row, values=values, errors={})
    data = {k: request.form.get(k, "") for k in values}
    if not _host_allowed(row, data["custom_domain"]):
        return render_template(
            "operator/tenant.html", tenant=row, values=data, errors=_host_error()
        ), 422
    try:
        tenant_admin.set_limits(row, data)
    except DomainError as exc:
        return render_template(
            "operator/tenant.html", tenant=row, values=data, errors=field_messages(exc.fields)
        ), 422
    forget_hosts()
    flash(_("The limits of %(slug)s are saved.", slug=row.slug), "success")
    return redirect(url_for("operator.tenant", slug=row.slug), code=303)


@bp.post("/tenants/<slug>/state")
def state(slug: str) -> Response:
    """Switch a tenant off (its pages say so, its API answers 404) or on again."""
    row = tenants.require_tenant(slug)
    tenants.set_disabled(row, request.form.get("disabled") == "1")
    flash(
        _("%(slug)s is switched off.", slug=slug)
        if row.disabled
        else _("%(slug)s is switched on.", slug=slug),
        "success",
    )
    return redirect(url_for("operator.index"), code=303)


def _host_allowed(row: Any, raw: str) -> bool:
    """A new own host name only for a tenant whose plan allows it (or that has no plan)."""
    from groupdecide.services.plans import custom_host_allowed

    wanted = raw.strip().lower().rstrip(".")
    return not wanted or wanted == (row.custom_domain or "") or custom_host_allowed(row)


def _host_error() -> dict[str, str]:
    from groupdecide.problems import FieldError

    return field_messages({"custom_domain": FieldError("custom_host_not_in_plan")})


from . import business  # noqa: E402,F401  sign-ups, plans, usage
from . import restore as _restore  # noqa: E402,F401 - restoring a closing account
