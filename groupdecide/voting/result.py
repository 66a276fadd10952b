"""The typed result of a count: frozen dataclasses, turned into JSON by :mod:`.serialize` only.

A :class:`Result` holds the figures of every option (one :class:`OptionFigures` subclass per
method family, defined beside the method) and the method's :class:`Details`. Field order is
the JSON key order; tuples become lists, mappings objects with string keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Details", "NoDetails", "OptionFigures", "Result", "make_result"]


@dataclass(frozen=True)
class OptionFigures:
    """What a count says about one option; each method adds its figures."""

    id: int
    label: str


@dataclass(frozen=True)
class Details:
    """The method's ``details`` object; each method with details adds its fields."""


@dataclass(frozen=True)
class NoDetails(Details):
    """An empty ``details`` object (``{}``)."""


F = TypeVar("F", bound=OptionFigures)
D = TypeVar("D", bound=Details)

Ranking = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Result(Generic[F, D]):
    """A count: ``winners`` (ids), ``ranking`` (groups of ids, best first), ``options`` (the
    figures in the decision's option order) and ``details``; ``tally`` only for ``ranked``."""

    method: str
    ballot_count: int
    winners: tuple[int, ...]
    ranking: Ranking
    options: tuple[F, ...]
    details: D
    tally: str | None = None


def make_result(
    method: str,
    ballot_count: int,
    counted: int,
    options: Sequence[F],
    ranking: Sequence[Sequence[int]],
    details: D,
    tally: str | None = None,
    winners: Sequence[int] | None = None,
) -> Result[F, D]:
    """Assemble a result.

    ``winners`` defaults to the first ranking group, and is empty when no ballot was
    counted (no ballots, or no ballot with an answer for a current option).
    """
    groups = tuple(tuple(group) for group in ranking)
    if winners is None:
        winners = groups[0] if groups and counted > 0 else ()
    return Result(
        method=method,
        ballot_count=ballot_count,
        winners=tuple(winners),
        ranking=groups,
        options=tuple(options),
        details=details,
        tally=tally,
    )
