"""Validation of one participant's ``answers`` object against the method's rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .base import AnswerError, OptionInfo
from .settings import check_method, effective_settings

__all__ = ["validate_answers"]

# Methods where 0 means "not chosen" / "no" / "no points": such entries are not stored.
DROP_ZEROS = frozenset({"single", "multiple", "schedule", "dots"})
# Methods where every option must be answered.
COMPLETE = frozenset({"yesno", "score", "judgment"})


def _key_id(key: object) -> int | None:
    """The option id a key names: a canonical decimal string ("17") or an int."""
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    # at most 19 digits: int() refuses 5,000 of them, and no option id is that long
    if isinstance(key, str) and key.isascii() and key.isdigit() and len(key) < 20:
        return int(key) if str(int(key)) == key else None
    return None


def _allowed(method: str, settings: Mapping[str, Any], n_options: int) -> tuple[int, int, str]:
    """The allowed value range for the method, and the message when a value is outside it."""
    if method == "consensus":
        return 0, 10, "must be between 0 and 10"
    if method in ("single", "multiple"):
        return 0, 1, "must be 0 or 1"
    if method == "yesno":
        return -1, 1, "must be 1 (yes), 0 (abstain) or -1 (no)"
    if method == "schedule":
        return 0, 2, "must be 2 (yes), 1 (if need be) or 0 (no)"
    if method == "ranked":
        return 1, max(n_options, 1), f"must be between 1 and {max(n_options, 1)}"
    if method == "score":
        low, high = int(settings["scale"]["min"]), int(settings["scale"]["max"])
        return low, high, f"must be between {low} and {high}"
    if method == "judgment":
        top = len(settings["grades"]) - 1
        return 0, top, f"must be between 0 and {top}"
    budget = int(settings["budget"])  # dots
    return 0, budget, f"must be between 0 and {budget}"


def validate_answers(
    method: str,
    settings: Mapping[str, Any],
    options: Sequence[OptionInfo],
    answers: Any,
) -> dict[int, int]:
    """Check ``answers`` (straight from JSON) and return the normalized ``{option_id: value}``.

    Every problem with a single answer is reported at once (``answers.<key>``); the rules
    about the ballot as a whole (``answers``) are checked once the single answers are fine.
    For ``single``, ``multiple``, ``schedule`` and ``dots`` zero entries are dropped (an
    omitted option means the same); every other value is kept, consensus' 0 included.
    The result is ordered as ``options``.
    """
    check_method(method)
    settings = effective_settings(method, settings, len(options))
    if not isinstance(answers, Mapping):
        raise AnswerError(
            {"answers": 'must be an object of option id to value, like {"17": 1}'},
            'Answers must be an object of option id to value, like {"17": 1}.',
        )
    ids = {o.id for o in options}
    low, high, range_message = _allowed(method, settings, len(options))
    errors: dict[str, str] = {}
    given: dict[int, int] = {}
    for key, value in answers.items():
        field = f"answers.{key}"
        oid = _key_id(key)
        if oid is None or oid not in ids:
            errors[field] = "unknown option"
        elif not isinstance(value, int) or isinstance(value, bool):
            errors[field] = "must be an integer"
        elif not low <= value <= high:
            errors[field] = range_message
        else:
            given[oid] = int(value)
    if method in COMPLETE:
        for o in options:
            if o.id not in given and f"answers.{o.id}" not in errors:
                errors[f"answers.{o.id}"] = "is required: answer every option"
    if errors:
        raise AnswerError(errors)

    problem = _whole_ballot_problem(method, settings, given)
    if problem:
        raise AnswerError({"answers": problem})
    drop = method in DROP_ZEROS
    return {o.id: given[o.id] for o in options if o.id in given and not (drop and not given[o.id])}


def _whole_ballot_problem(method: str, settings: Mapping[str, Any], given: dict[int, int]) -> str:
    if method == "consensus" and not given:
        return "rate at least one option"
    if method == "ranked" and not given:
        return "rank at least one option"
    if method == "single" and sum(given.values()) != 1:
        return "choose exactly one option"
    if method == "multiple":
        chosen = sum(given.values())
        low, high = int(settings["min_choices"]), int(settings["max_choices"])
        if chosen < low:
            return f"choose at least {low} option{'s' if low != 1 else ''}"
        if chosen > high:
            return f"choose at most {high} option{'s' if high != 1 else ''}"
    if method == "dots":
        spent, budget = sum(given.values()), int(settings["budget"])
        if spent < 1:
            return "give at least 1 point"
        if spent > budget:
            return f"give at most {budget} points in total (you gave {spent})"
    return ""
