"""Who is asking, read from the request once, here, and passed to the services as an ``Actor``
(the services read no request)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import flask_login
from flask import has_request_context, request
from flask_limiter.util import get_remote_address

from groupdecide.models import Membership, User
from groupdecide.services import accounts, memberships
from groupdecide.services.actors import Actor

View = TypeVar("View", bound=Callable[..., Any])

# Flask-Login ships no types; the decorator keeps the view's signature.
login_required: Callable[[View], View] = flask_login.login_required


def current_account() -> accounts.Account | None:
    """The logged-in account of this request, or None."""
    if not has_request_context():
        return None
    from flask_login import current_user

    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()  # type: ignore[no-any-return]
    return None


def current_user() -> User | None:
    account = current_account()
    return account.user if account else None


def current_user_id() -> int | None:
    account = current_account()
    return account.id if account else None


def current_membership() -> Membership | None:
    """The logged-in person's membership in the current tenant, or None."""
    return memberships.membership(current_user_id())


def web_actor() -> Actor:
    """The person behind a page request."""
    return Actor(user=current_user(), client=get_remote_address() or "unknown")


def api_actor(api_key: str | None) -> Actor:
    """The caller of the JSON API, with the bearer token it showed."""
    return Actor(
        user=current_user(),
        via_api=True,
        api_key=api_key,
        client=get_remote_address() or "unknown",
    )


def reading() -> bool:
    """Whether this request only reads (a GET, HEAD or OPTIONS: no mail is built or sent)."""
    return request.method in ("GET", "HEAD", "OPTIONS")
