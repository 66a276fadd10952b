"""Log-in sessions on the web: Flask-Login with server-side rows (``user_sessions``).

The signed cookie holds only the random session id (Flask-Login's "alternative token"); the
user is loaded from its row on each request, so deleting the row logs the person out in every
browser. Capability cookies (admin and edit links) are unaffected by logging in or out.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, g, redirect, request, session, url_for
from flask_babel import lazy_gettext
from flask_login import LoginManager, login_user, logout_user
from werkzeug.wrappers import Response

from groupdecide.models import User
from groupdecide.services import accounts
from groupdecide.web import actor

login_manager = LoginManager()
login_manager.login_message = lazy_gettext("Please log in to see this page.")
login_manager.login_message_category = "info"


def _load(sid: str) -> accounts.Account | None:
    user = accounts.session_user(sid)
    return accounts.Account(user, sid) if user is not None else None


login_manager.user_loader(_load)


def _unauthorized() -> Response:
    target = request.full_path if request.query_string else request.path
    if g.get("tenant") is not None:
        return redirect(url_for("auth.login", next=target), code=303)
    return redirect(url_for("operator.login", next=target), code=303)


def log_in(user: User) -> None:
    """A new server-side session for ``user`` in this browser (a fresh id: no fixation)."""
    old = session.get("_user_id")
    if isinstance(old, str):
        accounts.end_session(old)
    sid = accounts.start_session(user)
    login_user(accounts.Account(user, sid))


def log_out() -> None:
    account = actor.current_account()
    if account is not None:
        accounts.end_session(account.sid)
    logout_user()


def safe_next(target: str | None, default: str) -> str:
    """``next`` only when it is a path on this site."""
    if not target:
        return default
    # Browsers drop tabs and line breaks from a URL, so "/\r//evil.example" would leave the
    # site; and a control character cannot go into the Location header at all.
    if any(ord(ch) < 32 or ord(ch) == 127 or 0xD800 <= ord(ch) <= 0xDFFF for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:
        return default
    return target


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "basic"

    @app.context_processor
    def _account() -> dict[str, Any]:
        return {"current_account": actor.current_account}


login_manager.unauthorized_handler(_unauthorized)
