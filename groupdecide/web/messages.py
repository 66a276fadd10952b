"""Field messages from the services (plain English, made for the API) said in the page's language.

The services keep their field messages in English because the API contract shows them as they
are; the pages translate the ones they know and show any other as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from flask_babel import gettext as _
from flask_babel import ngettext

_EXACT: dict[str, Callable[[], str]] = {
    "is required": lambda: _("This is required."),
    "contains characters that are not allowed": lambda: _(
        "Remove the control characters from this text."
    ),
    "must be a string": lambda: _("Enter text here."),
    "must be in the future": lambda: _("Choose a time in the future."),
    "rate at least one option": lambda: _("Rate at least one proposal."),
    "must be between 0 and 10": lambda: _("Choose a value from 0 to 10."),
    "must be an integer": lambda: _("Enter a whole number."),
    "this decision is anonymous: leave the name out": lambda: _(
        "This decision is anonymous: leave the name out."
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
    "must be a time as a string": lambda: _("Enter a date and a time."),
    "must be an e-mail address": lambda: _("Enter an e-mail address such as name@example.org."),
    "enter at least one e-mail address": lambda: _("Enter at least one e-mail address."),
    "must be a list of e-mail addresses": lambda: _(
        "Enter e-mail addresses, one per line or separated by commas."
    ),
    "must be before closes_at": lambda: _("Let the rating start before the decision closes."),
    "needs start_phase collecting": lambda: _(
        "The rating can only start by itself when the decision starts by collecting proposals."
    ),
    "only consensus decisions have this setting": lambda: _(
        "This setting is only for systemic consensing."
    ),
    "only consensus decisions have a passive option": lambda: _(
        "Only systemic consensing has a passive solution."
    ),
    "must be after starts_at": lambda: _("The end must be after the start."),
    "can only become more private once answers were given": lambda: _(
        "Once answers are in, this can only become more private."
    ),
    "3 to 40 of a-z, 0-9 and -, not starting or ending with -": lambda: _(
        "Use 3 to 40 characters: a to z, 0 to 9 and -, not at the start or the end."
    ),
    "1 to 200 characters": lambda: _("Give a name of 1 to 200 characters."),
    "must be open or members": lambda: _("Choose who may start decisions."),
    "must be en or de": lambda: _("Choose a language."),
    "unknown field": lambda: _("This field is not known."),
    "unknown setting": lambda: _("This setting is not known."),
    "cannot be changed after creation": lambda: _("This cannot be changed any more."),
}


def _option_messages(method: str | None) -> dict[str, Callable[[], str]]:
    """The messages about the options, in the words of the method (``WebMethod``: proposals in
    systemic consensing, time slots when finding a date, options otherwise and when not known)."""
    from .methods import web_method

    return web_method(method).option_messages()


def _at_most_options(method: str | None, num: int) -> str:
    from .methods import web_method

    return web_method(method).at_most_options(num)


_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"must not be more than the number of options \((\d+)\)"),
        lambda m: ngettext(
            "There is only %(num)s option to choose from.",
            "There are only %(num)s options to choose from.",
            int(m.group(1)),
        ),
    ),
    (
        re.compile(r"must be at most (\d+) characters"),
        lambda m: ngettext(
            "Use at most %(num)s character.", "Use at most %(num)s characters.", int(m.group(1))
        ),
    ),
    (
        re.compile(r"needs at least (\d+) characters"),
        lambda m: ngettext(
            "Use at least %(num)s character.", "Use at least %(num)s characters.", int(m.group(1))
        ),
    ),
    (
        re.compile(r"must be 1 to (\d+)"),
        lambda m: _("Enter a whole number from 1 to %(high)s.", high=m.group(1)),
    ),
    (
        re.compile(r"at most (\d+) addresses"),
        lambda m: ngettext(
            "Enter at most %(num)s address at once.",
            "Enter at most %(num)s addresses at once.",
            int(m.group(1)),
        ),
    ),
    (
        re.compile(r"not an e-mail address: (.*)", re.DOTALL),
        lambda m: _("This is not an e-mail address: %(text)s", text=m.group(1)),
    ),
    (
        re.compile(r"does not apply to method .*"),
        lambda m: _("This setting does not apply to this method."),
    ),
    (re.compile(r"cannot be changed \(only .*\)"), lambda m: _("This cannot be changed any more.")),
    (re.compile(r"must be one of .*"), lambda m: _("Choose one of the offered values.")),
    (
        re.compile(r"must be between (-?\d+) and (-?\d+)"),
        lambda m: _("Choose a value from %(low)s to %(high)s.", low=m.group(1), high=m.group(2)),
    ),
    (
        re.compile(r"must be an integer from (-?\d+) to (-?\d+)"),
        lambda m: _(
            "Enter a whole number from %(low)s to %(high)s.", low=m.group(1), high=m.group(2)
        ),
    ),
    (
        re.compile(r"choose at least (\d+) options?"),
        lambda m: _("Choose at least %(num)s.", num=m.group(1)),
    ),
    (
        re.compile(r"choose at most (\d+) options?"),
        lambda m: _("Choose at most %(num)s.", num=m.group(1)),
    ),
    (
        re.compile(r"give at most (\d+) points in total \(you gave (\d+)\)"),
        lambda m: ngettext(
            "Give at most %(num)s point in total; you gave %(spent)s.",
            "Give at most %(num)s points in total; you gave %(spent)s.",
            int(m.group(1)),
            spent=m.group(2),
        ),
    ),
    (
        re.compile(r"must be a list of (\d+) to (\d+) labels.*"),
        lambda m: _("Give %(low)s to %(high)s grades.", low=m.group(1), high=m.group(2)),
    ),
    (
        re.compile(r"each grade must be at most (\d+) characters"),
        lambda m: ngettext(
            "A grade can have at most %(num)s character.",
            "A grade can have at most %(num)s characters.",
            int(m.group(1)),
        ),
    ),
    (
        re.compile(r'must be an object \{"min".*'),
        lambda m: _("Enter whole numbers for both ends of the scale."),
    ),
    (re.compile(r"min and max must be between .*"), lambda m: _("The scale is too wide.")),
    (
        re.compile(r"must be an ISO 8601 time.*|must include a time zone.*|is out of range"),
        lambda m: _("Enter a date and a time."),
    ),
]


_SAME_AS = re.compile(r"is the same as option \d+")
_AT_MOST_OPTIONS = re.compile(r"at most (\d+) options.*")


def field_message(message: str, method: str | None = None) -> str:
    """The message for a field, in the page's language where it is a known one; ``method``
    (the decision's, where there is one) names the options in its words."""
    exact = _EXACT.get(message)
    if exact is not None:
        return exact()
    about_options = _option_messages(method)
    if message in about_options:
        return about_options[message]()
    if _SAME_AS.fullmatch(message):
        return about_options["is the same as option"]()
    match = _AT_MOST_OPTIONS.fullmatch(message)
    if match:
        return _at_most_options(method, int(match.group(1)))
    for pattern, make in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return make(match)
    return message


def field_messages(fields: Mapping[str, str], method: str | None = None) -> dict[str, str]:
    return {key: field_message(msg, method) for key, msg in fields.items()}
