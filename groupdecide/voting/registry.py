"""Dispatch from a method name to its tally function, and the public ``tally`` entry point."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from .base import BallotEntries, OptionInfo, Result, ballot_entries
from .choice import tally_dots, tally_multiple, tally_schedule, tally_single, tally_yesno
from .consensus import tally_consensus
from .judgment import tally_judgment
from .ranked import tally_ranked
from .score import tally_score
from .settings import check_method, effective_settings

__all__ = ["TALLY_FUNCTIONS", "tally"]

TallyFunction = Callable[[Mapping[str, Any], Sequence[OptionInfo], BallotEntries], Result]

TALLY_FUNCTIONS: dict[str, TallyFunction] = {
    "consensus": tally_consensus,
    "single": tally_single,
    "multiple": tally_multiple,
    "yesno": tally_yesno,
    "schedule": tally_schedule,
    "ranked": tally_ranked,
    "score": tally_score,
    "judgment": tally_judgment,
    "dots": tally_dots,
}


def tally(
    method: str,
    settings: Mapping[str, Any],
    options: Sequence[OptionInfo],
    ballots: Iterable[Mapping[int, int]] | Iterable[Mapping[str, int]],
) -> Result:
    """Count the ballots and return the contract's result object (plain JSON types).

    ``ballots`` map option ids (ints, or their decimal strings as stored) to values.
    Answers for options not in ``options`` are ignored; a missing answer means what the
    contract says for the method (not rated, unranked, abstain, no, 0 points, not chosen).
    Stored values outside the method's range are ignored too, rather than failing the count.
    """
    check_method(method)
    options = list(options)
    settings = effective_settings(method, settings, len(options))
    # string keys (as stored in JSON) are read like their ints by ballot_entries
    entries = ballot_entries(options, cast(Iterable[Mapping[int, int]], ballots))
    return TALLY_FUNCTIONS[method](settings, options, entries)
