"""Reading a client's fields in the services: the configured limits, clean text, and field
errors as codes (``problems.FieldError``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

from groupdecide import parsing
from groupdecide.problems import FieldError


def limit(name: str) -> int:
    """A configured limit (``TITLE_MAX``, ``OPTIONS_MAX``, ...)."""
    return int(current_app.config[name])


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


def as_field_errors(fields: Mapping[str, str]) -> dict[str, FieldError]:
    """Field errors from a lower layer as codes: a ``FieldError`` stays as it is, a plain
    message (``voting/`` until its own codes land) becomes ``as_given`` with the same text."""
    return {
        key: value if isinstance(value, FieldError) else FieldError("as_given", text=value)
        for key, value in fields.items()
    }
