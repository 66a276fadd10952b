"""Method names and the method-specific settings: validation and defaults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import SettingsError

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_GRADES",
    "DEFAULT_SCALE",
    "METHODS",
    "METHOD_KEYS",
    "TALLIES",
    "check_method",
    "effective_settings",
    "method_settings",
    "option_problems",
]

METHODS: tuple[str, ...] = (
    "consensus",
    "single",
    "multiple",
    "yesno",
    "schedule",
    "ranked",
    "score",
    "judgment",
    "dots",
)
TALLIES: tuple[str, ...] = ("schulze", "irv", "borda", "copeland")

DEFAULT_GRADES: tuple[str, ...] = ("Reject", "Poor", "Fair", "Good", "Very good", "Excellent")
DEFAULT_SCALE: tuple[int, int] = (0, 10)
DEFAULT_BUDGET = 10

MAX_BUDGET = 1000
MAX_CHOICES = 100_000
SCALE_LIMIT = 1_000_000
MIN_GRADES, MAX_GRADES, MAX_GRADE_LABEL = 2, 10, 100
MAX_MIN_RATINGS = 100_000

METHOD_KEYS: dict[str, tuple[str, ...]] = {
    "consensus": ("passive_option", "min_ratings"),
    "single": (),
    "multiple": ("min_choices", "max_choices"),
    "yesno": (),
    "schedule": (),
    "ranked": ("tally",),
    "score": ("scale",),
    "judgment": ("grades",),
    "dots": ("budget",),
}
_OWNER = {key: method for method, keys in METHOD_KEYS.items() for key in keys}


def check_method(method: object) -> str:
    """Return ``method`` if it is one of :data:`METHODS`, else raise SettingsError."""
    if not isinstance(method, str) or method not in METHODS:
        raise SettingsError(
            {"method": "must be one of " + ", ".join(METHODS)},
            "Unknown method: choose one of " + ", ".join(METHODS) + ".",
        )
    return method


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_in(value: object, low: int, high: int) -> bool:
    return _is_int(value) and low <= value <= high  # type: ignore[operator]


def method_settings(method: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the method-specific settings and return them with the fixed defaults filled in.

    ``raw`` holds only method-specific keys (the caller removes the common ones). Every
    problem is reported at once, keyed ``settings.<key>``. ``max_choices`` stays absent
    when not given: its default is the number of options (see :func:`effective_settings`).
    """
    check_method(method)
    if not isinstance(raw, Mapping):
        raise SettingsError({"settings": "must be an object"})
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for key in raw:
        if not isinstance(key, str) or key not in METHOD_KEYS[method]:
            name = f"settings.{key}"
            owner = _OWNER.get(key) if isinstance(key, str) else None
            errors[name] = (
                f"does not apply to method {method} (only to {owner})"
                if owner is not None
                else "unknown setting"
            )

    if method == "ranked":
        tally = raw.get("tally", "schulze")
        if not isinstance(tally, str) or tally not in TALLIES:
            errors["settings.tally"] = "must be one of " + ", ".join(TALLIES)
        else:
            out["tally"] = tally
    elif method == "multiple":
        _multiple(raw, out, errors)
    elif method == "score":
        scale = raw.get("scale", {"min": DEFAULT_SCALE[0], "max": DEFAULT_SCALE[1]})
        message = _scale_problem(scale)
        if message:
            errors["settings.scale"] = message
        else:
            out["scale"] = {"min": scale["min"], "max": scale["max"]}
    elif method == "judgment":
        grades = raw.get("grades", list(DEFAULT_GRADES))
        message = _grades_problem(grades)
        if message:
            errors["settings.grades"] = message
        else:
            out["grades"] = list(grades)
    elif method == "dots":
        budget = raw.get("budget", DEFAULT_BUDGET)
        if not _int_in(budget, 1, MAX_BUDGET):
            errors["settings.budget"] = f"must be an integer from 1 to {MAX_BUDGET}"
        else:
            out["budget"] = budget
    elif method == "consensus":
        passive = raw.get("passive_option", True)
        if not isinstance(passive, bool):
            errors["settings.passive_option"] = "must be true or false"
        else:
            out["passive_option"] = passive
        least = raw.get("min_ratings", 1)
        if not _int_in(least, 1, MAX_MIN_RATINGS):
            errors["settings.min_ratings"] = f"must be an integer from 1 to {MAX_MIN_RATINGS}"
        else:
            out["min_ratings"] = least

    if errors:
        raise SettingsError(errors)
    return out


def _multiple(raw: Mapping[str, Any], out: dict[str, Any], errors: dict[str, str]) -> None:
    low = raw.get("min_choices", 1)
    if not _int_in(low, 1, MAX_CHOICES):
        errors["settings.min_choices"] = f"must be an integer from 1 to {MAX_CHOICES}"
    else:
        out["min_choices"] = low
    if "max_choices" in raw and raw["max_choices"] is not None:
        high = raw["max_choices"]
        if not _int_in(high, 1, MAX_CHOICES):
            errors["settings.max_choices"] = f"must be an integer from 1 to {MAX_CHOICES}"
        elif "min_choices" in out and high < out["min_choices"]:
            errors["settings.max_choices"] = "must not be lower than min_choices"
        else:
            out["max_choices"] = high


def _scale_problem(scale: object) -> str | None:
    shape = 'must be an object {"min": integer, "max": integer}'
    if not isinstance(scale, Mapping) or set(scale) != {"min", "max"}:
        return shape
    low, high = scale["min"], scale["max"]
    if not _is_int(low) or not _is_int(high):
        return shape
    if not (-SCALE_LIMIT <= low <= SCALE_LIMIT and -SCALE_LIMIT <= high <= SCALE_LIMIT):
        return f"min and max must be between {-SCALE_LIMIT} and {SCALE_LIMIT}"
    if low >= high:
        return "min must be lower than max"
    return None


def _grades_problem(grades: object) -> str | None:
    if not isinstance(grades, list) or not MIN_GRADES <= len(grades) <= MAX_GRADES:
        return f"must be a list of {MIN_GRADES} to {MAX_GRADES} labels, worst first"
    for grade in grades:
        if not isinstance(grade, str) or not grade.strip():
            return "each grade must be a non-empty text"
        if len(grade) > MAX_GRADE_LABEL:
            return f"each grade must be at most {MAX_GRADE_LABEL} characters"
    if len({g.strip().casefold() for g in grades}) != len(grades):
        return "grades must all be different"
    return None


def effective_settings(method: str, stored: Mapping[str, Any], n_options: int) -> dict[str, Any]:
    """The stored settings with every method-specific default resolved.

    Keys that are not method-specific (the common ones) are passed through unchanged;
    nothing is validated here (stored settings were validated on the way in).
    ``max_choices`` defaults to ``n_options``.
    """
    check_method(method)
    out = dict(stored)
    if method == "ranked":
        if out.get("tally") is None:
            out["tally"] = "schulze"
    elif method == "multiple":
        if out.get("min_choices") is None:
            out["min_choices"] = 1
        if out.get("max_choices") is None:
            out["max_choices"] = n_options
    elif method == "score":
        if out.get("scale") is None:
            out["scale"] = {"min": DEFAULT_SCALE[0], "max": DEFAULT_SCALE[1]}
    elif method == "judgment":
        if out.get("grades") is None:
            out["grades"] = list(DEFAULT_GRADES)
    elif method == "dots":
        if out.get("budget") is None:
            out["budget"] = DEFAULT_BUDGET
    elif method == "consensus":
        if out.get("passive_option") is None:
            out["passive_option"] = True
        if out.get("min_ratings") is None:
            out["min_ratings"] = 1
    return out


def option_problems(
    method: str, stored: Mapping[str, Any], n_options: int, *, new: bool = True
) -> dict[str, str]:
    """What in the method's settings no ballot could meet with ``n_options`` options that take
    answers, keyed ``settings.<key>`` (empty when every setting can be met).

    ``new`` (creating the decision) also refuses settings that could never matter, such as a
    ``max_choices`` above the number of options; after options are removed such a setting is
    harmless (nobody can choose more options than there are), so only what makes voting
    impossible is reported then.
    """
    check_method(method)
    problems: dict[str, str] = {}
    if method == "multiple":
        low = stored.get("min_choices")
        high = stored.get("max_choices")
        if isinstance(low, int) and low > n_options:
            problems["settings.min_choices"] = (
                f"must not be more than the number of options ({n_options})"
            )
        if new and isinstance(high, int) and high > n_options:
            problems["settings.max_choices"] = (
                f"must not be more than the number of options ({n_options})"
            )
    return problems
