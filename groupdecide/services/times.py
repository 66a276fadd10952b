"""The services' clock and their reading and writing of instants."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _

from groupdecide.errors import ValidationFailed
from groupdecide.timeparse import TimeError, parse_instant


def now() -> datetime:
    return datetime.now(UTC)


def parse_time(value: Any, field: str) -> datetime | None:
    """An ISO 8601 time with a zone (or an aware datetime), or None for null/empty. Read by
    ``timeparse``, the one time reader of forms and API."""
    try:
        return parse_instant(value)
    except TimeError as exc:
        raise ValidationFailed(_("Check the time."), {field: exc.error}) from None


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``."""
    if dt is None:
        return None
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
