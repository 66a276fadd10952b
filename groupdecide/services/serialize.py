"""The JSON shapes of options, settings and ballots, written once: the API answers with them and
the exports (``services/exports.py``) reuse them, so a field added here shows in both.

Each shape is a ``TypedDict`` (what the contract's JSON holds, checked by mypy); the functions
build them from the models. Key order is part of the output (the exports are written with
``json.dumps`` as they are): keep it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, cast

from .times import iso

if TYPE_CHECKING:
    from groupdecide.models import Ballot, Decision, Option

__all__ = [
    "BallotJSON",
    "OptionJSON",
    "OptionSummaryJSON",
    "ScaleJSON",
    "SettingsJSON",
    "ballot_json",
    "is_anonymous",
    "option_json",
    "option_summary_json",
    "settings_json",
]


class ScaleJSON(TypedDict):
    min: int
    max: int


class SettingsJSON(TypedDict, total=False):
    """Every setting of the decision's method and the common ones, with its effective value
    (which keys there are depends on the method); times as ISO 8601 strings."""

    tally: str
    min_choices: int
    max_choices: int
    scale: ScaleJSON
    grades: list[str]
    budget: int
    passive_option: bool
    min_ratings: int
    support_threshold: int
    order: str
    anonymous: bool
    results: str
    access: str
    individual_answers: str
    allow_proposals: bool
    start_phase: str
    closes_at: str | None
    comments: bool
    vetoes: bool
    voting_starts_at: str | None
    receipts: bool


class OptionJSON(TypedDict):
    """An option as every API answer lists it."""

    id: int
    label: str
    passive: bool
    starts_at: str | None
    ends_at: str | None
    description: str
    variant_of: int | None
    author: str | None
    hidden: bool
    merged_into: int | None
    support: int


class OptionSummaryJSON(TypedDict):
    """An option as the exports list it: id, label, passive, and its times where it has any."""

    id: int
    label: str
    passive: bool
    starts_at: NotRequired[str | None]
    ends_at: NotRequired[str | None]


class BallotJSON(TypedDict):
    """A ballot as the API lists it; ``name`` is null where names are not shown."""

    id: int
    name: str | None
    answers: dict[str, int]
    created_at: str | None
    updated_at: str | None
    vetoes: dict[str, str]


def settings_json(decision: Decision) -> SettingsJSON:
    """The decision's effective settings, its times in ISO 8601."""
    # to_json() holds exactly the keys of SettingsJSON that the method has.
    settings: dict[str, Any] = decision.rules.to_json()
    settings["closes_at"] = iso(decision.closes_at)
    if "voting_starts_at" in settings:
        settings["voting_starts_at"] = iso(decision.voting_starts_at)
    return cast(SettingsJSON, settings)


def is_anonymous(decision: Decision) -> bool:
    return decision.rules.anonymous


def option_json(option: Option, anonymous: bool | None = None) -> OptionJSON:
    """An option as every answer lists it; ``author`` is null on anonymous decisions."""
    if anonymous is None:
        anonymous = is_anonymous(option.decision)
    return {
        "id": option.id,
        "label": option.label,
        "passive": option.passive,
        "starts_at": iso(option.starts_at),
        "ends_at": iso(option.ends_at),
        "description": option.description or "",
        "variant_of": option.variant_of,
        "author": None if anonymous else option.proposed_by,
        "hidden": bool(option.hidden),
        "merged_into": option.merged_into,
        "support": _support(option),
    }


def _support(option: Option) -> int:
    from .supports import count_of

    return count_of(option)


def option_summary_json(option: Option) -> OptionSummaryJSON:
    """The exports' short form of :func:`option_json`."""
    data: OptionSummaryJSON = {"id": option.id, "label": option.label, "passive": option.passive}
    if option.starts_at is not None or option.ends_at is not None:
        data["starts_at"] = iso(option.starts_at)
        data["ends_at"] = iso(option.ends_at)
    return data


def ballot_json(ballot: Ballot, anonymous: bool) -> BallotJSON:
    """A ballot's answers (and vetoes); ``anonymous`` leaves the name out (null)."""
    return {
        "id": ballot.id,
        "name": None if anonymous else ballot.name,
        "answers": dict(ballot.answers or {}),
        "created_at": iso(ballot.created_at),
        "updated_at": iso(ballot.updated_at),
        "vetoes": dict(ballot.vetoes or {}),
    }
