"""Small helpers shared by the services: time, text checks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from .. import parsing
from ..errors import ValidationFailed


def now() -> datetime:
    return datetime.now(UTC)


def limit(name: str) -> int:
    return int(current_app.config[name])


def parse_time(value: Any, field: str) -> datetime | None:
    """An ISO 8601 time with a zone (or an aware datetime), or None for null/empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationFailed(
                _("Check the time."),
                {field: "must be an ISO 8601 time such as 2030-05-01T18:00:00Z"},
            ) from None
    else:
        raise ValidationFailed(_("Check the time."), {field: "must be a time as a string"})
    if dt.tzinfo is None:
        raise ValidationFailed(
            _("Check the time."), {field: "must include a time zone, e.g. Z or +02:00"}
        )
    if not (1970 <= dt.year <= 9999):
        raise ValidationFailed(_("Check the time."), {field: "is out of range"})
    return dt.astimezone(UTC)


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``."""
    if dt is None:
        return None
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def clean_text(
    value: Any, field: str, *, max_len: int, min_len: int = 0, errors: dict[str, str]
) -> str:
    """A stripped string within its limits, or an entry in ``errors`` (see ``parsing``)."""
    return parsing.clean_text(value, field, max_len=max_len, min_len=min_len, errors=errors)
