"""Small helpers shared by the services: time, text checks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from .. import parsing
from ..errors import ValidationFailed
from ..problems import FieldError
from ..timeparse import TimeError, parse_instant


def now() -> datetime:
    return datetime.now(UTC)


def limit(name: str) -> int:
    return int(current_app.config[name])


def parse_time(value: Any, field: str) -> datetime | None:
    """An ISO 8601 time with a zone (or an aware datetime), or None for null/empty. Read by
    ``timeparse``, the one time reader of forms and API."""
    try:
        return parse_instant(value)
    except TimeError as exc:
        raise ValidationFailed(
            _("Check the time."), {field: FieldError("bad_time", reason=exc.reason)}
        ) from None


def as_field_errors(fields: Mapping[str, str]) -> dict[str, FieldError]:
    """Field errors from a lower layer as codes: a ``FieldError`` stays as it is, a plain
    message (``voting/`` until its own codes land) becomes ``as_given`` with the same text."""
    return {
        key: value if isinstance(value, FieldError) else FieldError("as_given", text=value)
        for key, value in fields.items()
    }


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``."""
    if dt is None:
        return None
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def clean_text(
    value: Any,
    field: str,
    *,
    max_len: int,
    min_len: int = 0,
    errors: dict[str, FieldError] | dict[str, str],
) -> str:
    """A stripped string within its limits, or an entry in ``errors`` (see ``parsing``)."""
    return parsing.clean_text(value, field, max_len=max_len, min_len=min_len, errors=errors)
