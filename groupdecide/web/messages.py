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
    "must be an integer": lambda: _("Enter a whole number."),
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
    "rank at least one option": lambda: _("Rank at least one option."),
    "choose exactly one option": lambda: _("Choose one option."),
    "give at least 1 point": lambda: _("Give at least 1 point."),
    "is required: answer every option": lambda: _("Answer this one too."),
    "must be 0 or 1": lambda: _("Choose it or leave it."),
    "must be 1 (yes), 0 (abstain) or -1 (no)": lambda: _("Choose yes, abstain or no."),
    "must be 2 (yes), 1 (if need be) or 0 (no)": lambda: _("Choose yes, if need be, or no."),
    "min must be lower than max": lambda: _("The lowest score must be lower than the highest."),
    "must not be lower than min_choices": lambda: _(
        "The most choices cannot be fewer than the fewest."
    ),
    "grades must all be different": lambda: _("Give every grade a different name."),
    "each grade must be a non-empty text": lambda: _("Give every grade a name."),
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
    (re.compile(r"must be between (-?\d+) and (-?\d+)"),
     lambda m: _("Choose a value from %(low)s to %(high)s.", low=m.group(1), high=m.group(2))),
    (re.compile(r"must be an integer from (-?\d+) to (-?\d+)"),
     lambda m: _("Enter a whole number from %(low)s to %(high)s.", low=m.group(1),
                 high=m.group(2))),
    (re.compile(r"choose at least (\d+) options?"),
     lambda m: _("Choose at least %(num)s.", num=m.group(1))),
    (re.compile(r"choose at most (\d+) options?"),
     lambda m: _("Choose at most %(num)s.", num=m.group(1))),
    (re.compile(r"give at most (\d+) points in total \(you gave (\d+)\)"),
     lambda m: _("Give at most %(budget)s points in total; you gave %(spent)s.",
                 budget=m.group(1), spent=m.group(2))),
    (re.compile(r"must be a list of (\d+) to (\d+) labels.*"),
     lambda m: _("Give %(low)s to %(high)s grades.", low=m.group(1), high=m.group(2))),
    (re.compile(r"each grade must be at most (\d+) characters"),
     lambda m: _("A grade can have at most %(num)s characters.", num=m.group(1))),
    (re.compile(r'must be an object \{"min".*'),
     lambda m: _("Enter whole numbers for both ends of the scale.")),
    (re.compile(r"min and max must be between .*"),
     lambda m: _("The scale is too wide.")),
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
