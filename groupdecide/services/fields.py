"""Reading a client's fields in the services: the configured limits, clean text, and field
errors as codes (``problems.FieldError``)."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app

from groupdecide.parsing import clean_text as clean_text  # the one text reader, re-exported
from groupdecide.problems import FieldError


def limit(name: str) -> int:
    """A configured limit (``TITLE_MAX``, ``OPTIONS_MAX``, ...)."""
    return int(current_app.config[name])


def as_field_errors(fields: Mapping[str, str]) -> dict[str, FieldError]:
    """Field errors from a lower layer (``voting/``), which raises them as codes already: a plain
    message here is a bug (every field error is a ``FieldError`` with its code)."""
    out: dict[str, FieldError] = {}
    for key, value in fields.items():
        if not isinstance(value, FieldError):
            raise TypeError(f"field error {key!r} is not a FieldError: {value!r}")
        out[key] = value
    return out
