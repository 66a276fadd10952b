"""Field messages from the services (plain English, made for the API) said in the page's language.

The services keep their field messages in English because the API contract shows them as they
are; the pages translate the ones they know and show any other as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _

_EXACT: dict[str, Callable[[], str]] = {
    "is required": lambda: _("This is required."),
    "must be a string": lambda: _("Enter text here."),
    "must be in the future": lambda: _("Choose a time in the future."),
    "an option with this label exists already": lambda: _(
        "A proposal with this text exists already."
    ),
    "rate at least one option": lambda: _("Rate at least one proposal."),
    "must be between 0 and 10": lambda: _("Choose a value from 0 to 10."),
    "must be an integer": lambda: _("Choose a value from 0 to 10."),
    "unknown option": lambda: _(
        "This proposal no longer exists. Reload the page to see the current proposals."
    ),
    "this decision is anonymous: leave the name out": lambda: _(
        "This decision is anonymous: leave the name out."
    ),
    "a decision that starts in voting needs at least 2 options": lambda: _(
        "Voting needs at least one proposal besides the passive solution. Add one, or start "
        "by collecting proposals."
    ),
    "must be true or false": lambda: _("Choose yes or no."),
    "must be collecting or voting": lambda: _("Choose how the decision starts."),
    "only one option can be the passive one": lambda: _("There is only one passive solution."),
}

_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"must be at most (\d+) characters"),
     lambda m: _("Use at most %(num)s characters.", num=m.group(1))),
    (re.compile(r"needs at least (\d+) characters"),
     lambda m: _("Use at least %(num)s characters.", num=m.group(1))),
    (re.compile(r"is the same as option \d+"),
     lambda m: _("Another proposal has the same text.")),
    (re.compile(r"at most (\d+) options.*"),
     lambda m: _("A decision can have at most %(num)s proposals.", num=m.group(1))),
    (re.compile(r"must be one of .*"), lambda m: _("Choose one of the offered values.")),
    (re.compile(r"must be an ISO 8601 time.*|must include a time zone.*|is out of range"),
     lambda m: _("Enter a date and a time.")),
]


def field_message(message: str) -> str:
    """The message for a field, in the page's language where it is a known one."""
    exact = _EXACT.get(message)
    if exact is not None:
        return exact()
    for pattern, make in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return make(match)
    return message


def field_messages(fields: dict[str, str]) -> dict[str, str]:
    return {key: field_message(msg) for key, msg in fields.items()}
