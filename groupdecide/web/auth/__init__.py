"""Log in and out, change the password, reset it, set it up, accept an invitation: in a
tenant (``/t/<tenant>/...``). One-time links carry their token as ``?token=`` (redacted from
the access log) and pages reached with them are not cached."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

from groupdecide.errors import DomainError
from groupdecide.extensions import configured_limit, limiter
from groupdecide.services import accounts, memberships
from groupdecide.tenancy import current_tenant
from groupdecide.web import actor
from groupdecide.web.problem_text import field_messages

from .session import log_in, log_out, safe_next
from .slowdown import after_failure

bp = Blueprint("auth", __name__)

Page = str | tuple[str, int] | Response


def _address() -> str:
    return str(request.form.get("email", "")).strip().lower()[:254]


def _login_key() -> str:
    """Address and client together: someone elsewhere who tries the owner's address spends
    only their own attempts and never locks the owner (or the operator) out."""
    return f"login:{_address()}|{get_remote_address()}"


def _reset_key() -> str:
    """Address and client together, like log-ins: a stranger who asks for the owner's address
    spends only their own requests. The mailbox is guarded in ``services.resets``."""
    return f"reset:{_address()}|{get_remote_address()}"


def _fields(exc: DomainError) -> dict[str, str]:
    errors = field_messages(exc.fields)
    if not errors:
        errors["form"] = exc.message
    return errors


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_LOGIN_CLIENT"), methods=["POST"])
@limiter.limit(configured_limit("RATELIMIT_LOGIN"), methods=["POST"], key_func=_login_key)
def login() -> Page:
    """Log in as a member of this space."""
    g.no_store = True
    target = safe_next(request.values.get("next"), url_for("tenant_admin.dashboard"))
    if request.method == "GET":
        return render_template("auth/login.html", values={"email": ""}, errors={}, next=target)
    email = request.form.get("email", "")
    user = accounts.authenticate(email, request.form.get("password", ""))
    if user is None or memberships.membership(user.id) is None:
        errors = {
            "form": _(
                "The e-mail address or the password is not right, or this account "
                "is not a member of %(name)s.",
                name=current_tenant().name,
            )
        }
        after_failure(_address())  # every failed answer, so its time tells nothing either
        return render_template(
            "auth/login.html", values={"email": email}, errors=errors, next=target
        ), 422
    log_in(user)
    flash(_("You are logged in."), "success")
    return redirect(target, code=303)


@bp.post("/logout")
def logout() -> Response:
    """End this log-in (the session row goes, so the cookie is worth nothing anywhere)."""
    log_out()
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@actor.login_required
def change_password() -> Page:
    """Change one's password; every other log-in ends."""
    g.no_store = True
    if request.method == "GET":
        return render_template("auth/change_password.html", errors={})
    account = actor.current_account()
    assert account is not None
    try:
        accounts.change_password(
            account.user,
            request.form.get("current"),
            request.form.get("new"),
            request.form.get("new_confirm"),
        )
    except DomainError as exc:
        return render_template("auth/change_password.html", errors=_fields(exc)), 422
    log_in(account.user)
    flash(_("Your password is changed. You were logged out everywhere else."), "success")
    return redirect(url_for("tenant_admin.dashboard"), code=303)


@bp.route("/account/reset", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_ACCOUNT_MAIL"), methods=["POST"])
@limiter.limit(configured_limit("RATELIMIT_RESET_ADDRESS"), methods=["POST"], key_func=_reset_key)
def reset() -> Page:
    """Ask for a link to choose a new password."""
    if request.method == "GET":
        return render_template("auth/reset.html", errors={}, values={"email": ""})
    email = request.form.get("email", "")
    try:
        accounts.clean_email(email)
    except DomainError as exc:
        return render_template("auth/reset.html", errors=_fields(exc), values={"email": email}), 422
    accounts.request_reset(current_tenant(), email)
    flash(
        _(
            "If %(email)s belongs to a member of this space, a link to choose a new password "
            "is on its way.",
            email=email.strip(),
        ),
        "success",
    )
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/set-password", methods=["GET", "POST"])
def set_password() -> Page:
    """A set-up or reset link: choose a password, then be logged in."""
    g.no_store = True
    token = request.values.get("token", "")
    _row, user = accounts.token_user(token)
    if request.method == "GET":
        return render_template("auth/set_password.html", token=token, email=user.email, errors={})
    try:
        user = accounts.set_password_with_token(
            token, request.form.get("password"), request.form.get("password_confirm")
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        return render_template(
            "auth/set_password.html", token=token, email=user.email, errors=_fields(exc)
        ), 422
    if memberships.membership(user.id) is not None:
        log_in(user)
        flash(_("Your password is set. Welcome!"), "success")
        return redirect(url_for("tenant_admin.dashboard"), code=303)
    flash(_("Your password is set."), "success")
    if user.is_operator:
        return redirect(url_for("operator.login"), code=303)
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/invitation", methods=["GET", "POST"])
def invitation() -> Page:
    """Accept an invitation: with one's password, or by choosing one for a new account."""
    g.no_store = True
    token = request.values.get("token", "")
    invite = memberships.live_invitation(token)
    existing = accounts.find_user(invite.email)
    has_account = existing is not None and existing.password_hash is not None
    ctx: dict[str, Any] = {
        "token": token,
        "invite": invite,
        "has_account": has_account,
        "tenant": current_tenant(),
    }
    if request.method == "GET":
        return render_template("auth/invitation.html", errors={}, **ctx)
    try:
        user = memberships.accept_invitation(
            current_tenant(),
            token,
            request.form.get("password"),
            request.form.get("password_confirm"),
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        return render_template("auth/invitation.html", errors=_fields(exc), **ctx), (
            exc.status if exc.status in (403, 409) else 422
        )
    log_in(user)
    flash(_("Welcome to %(name)s!", name=current_tenant().name), "success")
    return redirect(url_for("tenant_admin.dashboard"), code=303)
