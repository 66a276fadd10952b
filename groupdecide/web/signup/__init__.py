"""``/signup``: an organisation asks for its own space (``GROUPDECIDE_SIGNUP`` open or
approval; off answers 404). The slug is checked on submit and live (``/signup/check``, a small
script; the form works without it). A honeypot field, filled, gets the same answer as a real
sign-up and nothing is stored."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide.errors import DomainError
from groupdecide.extensions import configured_limit, limiter
from groupdecide.problems import FieldError
from groupdecide.services import signups
from groupdecide.tenancy import tenant_context
from groupdecide.web.auth.session import log_in
from groupdecide.web.problem_text import field_messages

bp = Blueprint("signup", __name__, url_prefix="/signup")

Page = str | tuple[str, int] | Response
FIELDS = ("organisation", "slug", "email")
HONEYPOT = "website"


@bp.before_request
def _only_when_on() -> None:
    if signups.mode() == "off":
        abort(404)


@bp.route("", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_SIGNUP"), methods=["POST"])
def form() -> Page:
    """The sign-up form."""
    g.no_store = True
    if request.method == "GET":
        return render_template(
            "site/signup.html", values=dict.fromkeys(FIELDS, ""), errors={}, mode=signups.mode()
        )
    values = {k: request.form.get(k, "") for k in FIELDS}
    if request.form.get(HONEYPOT, ""):
        return redirect(url_for("signup.sent"), code=303)  # a bot: pretend, store nothing
    try:
        signups.start({**values, "password": request.form.get("password", "")}, str(get_locale()))
    except DomainError as exc:
        errors = field_messages(exc.fields) or {"form": exc.message}
        return render_template(
            "site/signup.html", values=values, errors=errors, mode=signups.mode()
        ), 422
    return redirect(url_for("signup.sent"), code=303)


@bp.get("/sent")
def sent() -> str:
    """Check your mail."""
    return render_template("site/signup_sent.html")


@bp.get("/check")
@limiter.limit(configured_limit("RATELIMIT_LOOKUP"))
def check() -> Response:
    """Whether a slug can be had: ``{"ok": bool, "message": "..."}`` (for the live check)."""
    slug = request.args.get("slug", "").strip().lower()[:100]
    code = signups.slug_code(slug)
    if code is None:
        return jsonify(ok=True, message=_("%(slug)s is free.", slug=slug))
    return jsonify(ok=False, message=field_messages({"slug": FieldError(code)})["slug"])


@bp.get("/confirm/<token>")
def confirm(token: str) -> Page:
    """The mailed link: show a button (mail scanners follow links; a POST does the work)."""
    g.no_store = True
    row = signups.find_by_token(token)
    if row.status != "pending":
        abort(404)
    return render_template("site/signup_confirm.html", token=token, signup=row)


@bp.post("/confirm/<token>")
def confirm_post(token: str) -> Page:
    g.no_store = True
    row = signups.find_by_token(token)
    try:
        made = signups.confirm(row)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return render_template("site/signup_taken.html", signup=row, message=exc.message), 409
    if made is None:
        return render_template("site/signup_waiting.html", signup=row)
    tenant, user = made
    with tenant_context(tenant):
        log_in(user)
    flash(_("Welcome to %(name)s! Your space is ready.", name=tenant.name), "success")
    return redirect(url_for("tenant_admin.dashboard", tenant=tenant.slug), code=303)
