"""The functions of the counting package before method objects, over plain dicts.

Compatibility wrappers: callers move to get_method()/result_json() next. Each takes the
method key and settings as stored JSON (the method's own keys; others are ignored or, in
:func:`effective_settings`, passed through) and returns what it returned before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .base import OptionInfo
from .methods import MethodSettings, get_method
from .serialize import result_json

__all__ = [
    "check_method",
    "effective_settings",
    "method_settings",
    "option_problems",
    "tally",
    "validate_answers",
]


def check_method(method: object) -> str:
    """Return ``method`` if it is a method key, else raise SettingsError.

    Compatibility wrapper: callers move to get_method()/result_json() next."""
    return get_method(method).key


def method_settings(method: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the method-specific settings and return them with the fixed defaults filled in.

    ``raw`` holds only method-specific keys (the caller removes the common ones). Every
    problem is reported at once, keyed ``settings.<key>``. ``max_choices`` stays absent
    when not given: its default is the number of options (see :func:`effective_settings`).

    Compatibility wrapper: callers move to get_method()/result_json() next.
    """
    settings: MethodSettings = get_method(method).parse_settings(raw)
    return settings.to_json()


def effective_settings(method: str, stored: Mapping[str, Any], n_options: int) -> dict[str, Any]:
    """The stored settings with every method-specific default resolved (missing or null
    keys); other keys pass through unchanged, nothing is validated. ``max_choices``
    defaults to ``n_options``.

    Compatibility wrapper: callers move to get_method()/result_json() next.
    """
    defaults = get_method(method).default_settings.resolve(n_options).to_json()
    out = dict(stored)
    for key, value in defaults.items():
        if out.get(key) is None:
            out[key] = value
    return out


def option_problems(
    method: str, stored: Mapping[str, Any], n_options: int, *, new: bool = True
) -> dict[str, str]:
    """What in the method's stored settings no ballot could meet with ``n_options`` options
    that take answers, keyed ``settings.<key>`` (see ``Method.option_problems``); the values
    are FieldError codes (a FieldError is its English message).

    Compatibility wrapper: callers move to get_method()/result_json() next.
    """
    m = get_method(method)
    problems = m.option_problems(m.stored_settings(stored), n_options, new=new)
    # as before: a setting that is not stored (a default) is not reported
    return {
        k: v for k, v in problems.items() if stored.get(k.removeprefix("settings.")) is not None
    }


def validate_answers(
    method: str, settings: Mapping[str, Any], options: Sequence[OptionInfo], answers: Any
) -> dict[int, int]:
    """Check ``answers`` (straight from JSON) and return the normalized ``{option_id: value}``
    (see ``Method.validate``); AnswerError with every problem otherwise.

    Compatibility wrapper: callers move to get_method()/result_json() next.
    """
    m = get_method(method)
    return m.validate(m.stored_settings(settings), options, answers)


def tally(
    method: str,
    settings: Mapping[str, Any],
    options: Sequence[OptionInfo],
    ballots: Iterable[Mapping[int, int]] | Iterable[Mapping[str, int]],
) -> dict[str, Any]:
    """Count the ballots and return the contract's result object (plain JSON types).

    ``ballots`` map option ids (ints, or their decimal strings as stored) to values.
    Answers for options not in ``options`` are ignored; a missing answer means what the
    contract says for the method (not rated, unranked, abstain, no, 0 points, not chosen).
    Stored values outside the method's range are ignored too, rather than failing the count.

    Compatibility wrapper: callers move to get_method()/result_json() next.
    """
    m = get_method(method)
    return result_json(m.tally(m.stored_settings(settings), options, ballots))
