"""What every schema module shares: strict booleans and integers, checked times, and
schemas that refuse unknown fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields

from groupdecide.problems import FieldError


def Bool(**kw: Any) -> fields.Boolean:  # noqa: N802 - a field factory
    """A boolean that is only ``true`` or ``false`` (not 1, "yes" or "on")."""
    return fields.Boolean(truthy={True}, falsy={False}, **kw)


def StrictInt(**kw: Any) -> fields.Integer:  # noqa: N802 - a field factory
    """An integer that is a JSON number (not "10")."""
    return fields.Integer(strict=True, **kw)


def _date_time(value: str) -> None:
    """What the document's ``format: date-time`` says: an ISO 8601 time with its zone (an
    empty string is not a time; ``null`` is how a time is left out)."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(FieldError("not_a_time")) from None
    if "T" not in text.upper() or parsed.tzinfo is None:
        raise ValidationError(FieldError("time_without_zone"))


def Time(**kw: Any) -> fields.String:  # noqa: N802 - a field factory, like Bool
    """A date-time as a string, nullable, checked as the document says."""
    metadata = {"format": "date-time", **kw.pop("metadata", {})}
    return fields.String(allow_none=True, validate=_date_time, metadata=metadata, **kw)


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE
