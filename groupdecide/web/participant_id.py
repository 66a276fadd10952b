"""A browser's random participant id (the cookie ``gd_pid``): one support mark per browser and
a shuffled ballot order that stays the same for it. It names nobody and proves nothing; the
services store only a hash of it with the decision's id."""

from __future__ import annotations

import re
import secrets

from flask import Response, after_this_request, g, request

COOKIE = "gd_pid"
MAX_AGE = 365 * 24 * 3600
_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def browser_id(*, create: bool = True) -> str | None:
    """This browser's id; a new one (sent as a cookie with the answer) when it has none and
    ``create``."""
    cached = g.get("gd_pid")
    if isinstance(cached, str):
        return cached
    value = request.cookies.get(COOKIE, "")
    if _SHAPE.fullmatch(value):
        g.gd_pid = value
        return value
    if not create:
        return None
    value = secrets.token_urlsafe(18)
    g.gd_pid = value

    @after_this_request
    def _set(response: Response) -> Response:
        response.set_cookie(
            COOKIE,
            value,
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
        return response

    return value
