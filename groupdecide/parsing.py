"""The one place where text from a client becomes a number, an id or clean text: web forms,
query strings, URL parts and the JSON API all read through here, so that odd input (``²``,
``99999999999999999999``, a lone surrogate, a NUL byte, JSON nested 5,000 deep) is a field
error and never an exception deeper down.

Times are parsed elsewhere (``services.times.parse_time``)."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

from .problems import FieldError

# Integer primary keys are 32-bit on PostgreSQL: a larger id names nothing and must never
# reach a query (PostgreSQL refuses it with an error, not an empty answer).
MAX_ID = 2**31 - 1

# ASCII digits only: str.isdigit() and int() also take "²" or "٣", which int() then refuses
# or reads as a number nobody typed.
_INT = re.compile(r"[+-]?[0-9]{1,18}")

# Bidirectional embeddings, overrides and isolates: they turn the text around them ("Trojan
# source") and can make a name read as another one.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that show nothing although their category is not Cf or a space.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f\u2800\u17b4\u17b5\u180e")

JSON_MAX_DEPTH = 32
JSON_MAX_DIGITS = 40

BAD_CHARACTERS = "bad_characters"  # the code of the field error


def parse_int(raw: object, *, lo: int, hi: int) -> int | None:
    """``raw`` (a str of ASCII digits with an optional sign, or an int) when it lies in
    ``lo..hi``, else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not _INT.fullmatch(text):
            return None
        value = int(text)
    else:
        return None
    return value if lo <= value <= hi else None


def parse_id(raw: object) -> int | None:
    """A row id (1 to the column's maximum), or None for anything else."""
    return parse_int(raw, lo=1, hi=MAX_ID)


def has_bad_characters(text: str) -> bool:
    """NUL and other C0 controls except tab and line breaks, and lone surrogates (they cannot
    be encoded as UTF-8, so no database stores them)."""
    for ch in text:
        code = ord(ch)
        if (code < 32 and ch not in "\t\n\r") or 0xD800 <= code <= 0xDFFF:
            return True
    return False


def is_invisible(ch: str) -> bool:
    """Zero-width, format and space characters: nothing a reader can see."""
    return ch in _BLANK_LETTERS or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp")


def strip_bidi(text: str) -> str:
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


def clean_text(
    value: Any,
    field: str,
    *,
    max_len: int,
    min_len: int = 0,
    errors: dict[str, FieldError] | dict[str, str],
) -> str:
    """A stripped string within its limits, without direction controls, or an entry in
    ``errors``: not a string, characters no database keeps (NUL, lone surrogates), empty once
    invisible characters are left out, too short or too long."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = FieldError("not_a_string")
        return ""
    if has_bad_characters(value):
        errors[field] = FieldError(BAD_CHARACTERS)
        return ""
    text = strip_bidi(value).strip()
    visible = sum(1 for ch in text if not is_invisible(ch))
    if min_len >= 1 and visible == 0:
        errors[field] = FieldError("required")
    elif len(text) < min_len:
        errors[field] = FieldError("too_short", min=min_len)
    elif len(text) > max_len:
        errors[field] = FieldError("too_long", max=max_len)
    return text


def bad_strings(value: Any, path: str = "") -> dict[str, FieldError]:
    """Every string (key or value) in parsed JSON that holds characters no database keeps,
    by its field path (``answers.17``, ``options.0.label``)."""
    found: dict[str, FieldError] = {}
    if isinstance(value, str):
        if has_bad_characters(value):
            found[path or "body"] = FieldError(BAD_CHARACTERS)
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if has_bad_characters(str(key)):
                found[path or "body"] = FieldError(BAD_CHARACTERS)
                continue
            found.update(bad_strings(item, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(bad_strings(item, f"{path}.{index}" if path else str(index)))
    return found


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth(text: str) -> int:
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        piece = match.group()
        if piece in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif piece in "]}":
            depth -= 1
    return deepest


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > JSON_MAX_DIGITS:
        raise ValueError("a number has too many digits")
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("a number is too large")
    return value


def _json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load_json(data: bytes | str) -> Any:
    """Parse a request body: ValueError (never RecursionError or a 5,000-digit int) for what
    is not plain JSON of a sane shape."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    if _json_depth(text) > JSON_MAX_DEPTH:
        raise ValueError("the JSON is nested too deeply")
    return json.loads(
        text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant
    )
