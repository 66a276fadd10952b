"""Systemic consensing: resistance 0..10 per option, lower group resistance is better."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, Self, cast

import numpy as np

from groupdecide.problems import FieldError
from groupdecide.voting.base import BallotEntries, OptionInfo, group_best_first, ints
from groupdecide.voting.result import Details, OptionFigures, Result, make_result

from .base import Errors, Method, MethodSettings, int_in

__all__ = [
    "CONSENSUS",
    "MAX_MIN_RATINGS",
    "MAX_SUPPORT_THRESHOLD",
    "ORDERS",
    "ConsensusDetails",
    "ConsensusFigures",
    "ConsensusSettings",
]

MAX_MIN_RATINGS = 100_000
MAX_SUPPORT_THRESHOLD = 100_000
ORDERS = ("fixed", "shuffled")


@dataclass(frozen=True)
class ConsensusSettings(MethodSettings):
    """``passive_option``: add a "nothing changes" option; ``min_ratings``: the votes an
    option needs to rank among (and win against) the options rated often enough;
    ``support_threshold``: the support marks a proposal needs in the collecting phase to stay
    on the ballot (0: off); ``order``: the ballot's order, ``fixed`` or ``shuffled`` (stable
    per participant, the passive solution first). The last two are not used by the count."""

    keys: ClassVar[tuple[str, ...]] = (
        "passive_option",
        "min_ratings",
        "support_threshold",
        "order",
    )
    passive_option: bool = True
    min_ratings: int = 1
    support_threshold: int = 0
    order: str = "fixed"

    def to_json(self) -> dict[str, Any]:
        return {
            "passive_option": self.passive_option,
            "min_ratings": self.min_ratings,
            "support_threshold": self.support_threshold,
            "order": self.order,
        }

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> Self:
        passive = stored.get("passive_option")
        least = stored.get("min_ratings")
        support = stored.get("support_threshold")
        order = stored.get("order")
        return cls(
            True if passive is None else passive,
            1 if least is None else least,
            0 if support is None else support,
            "fixed" if order is None else order,
        )


@dataclass(frozen=True)
class ConsensusFigures(OptionFigures):
    """One option's consensus figures (the contract's table; null where undefined)."""

    passive: bool
    votes: int
    resistance: int
    mean: float | None
    acceptance: float | None
    max: int | None
    enough_ratings: bool
    histogram: tuple[int, ...]
    below_passive: bool
    passive_gap: float | None


@dataclass(frozen=True)
class ConsensusDetails(Details):
    passive_option: int | None


class Consensus(Method[ConsensusSettings, ConsensusFigures, ConsensusDetails]):
    """Systemic consensing: at least one option rated 0 (no resistance) to 10."""

    key = "consensus"
    position = 10
    has_passive = True
    has_vetoes = True
    has_voting_start = True
    name = "Systemic consensing"
    settings_type = ConsensusSettings
    omitted = "not_rated"

    def _parse(self, raw: Mapping[str, Any], errors: Errors) -> ConsensusSettings:
        passive = raw.get("passive_option", True)
        if not isinstance(passive, bool):
            errors["settings.passive_option"] = FieldError("not_a_boolean")
            passive = True
        least = raw.get("min_ratings", 1)
        if not int_in(least, 1, MAX_MIN_RATINGS):
            errors["settings.min_ratings"] = FieldError(
                "integer_not_in_range", min=1, max=MAX_MIN_RATINGS
            )
            least = 1
        support = raw.get("support_threshold", 0)
        if support is None:
            support = 0
        if not int_in(support, 0, MAX_SUPPORT_THRESHOLD):
            errors["settings.support_threshold"] = FieldError(
                "integer_not_in_range", min=0, max=MAX_SUPPORT_THRESHOLD
            )
            support = 0
        order = raw.get("order", "fixed")
        if order is None:
            order = "fixed"
        if order not in ORDERS:
            errors["settings.order"] = FieldError("not_one_of", choices=ORDERS)
            order = "fixed"
        return ConsensusSettings(passive, least, support, order)

    def value_range(self, settings: ConsensusSettings, n_options: int) -> tuple[int, int]:
        return 0, 10

    def ballot_problem(
        self, settings: ConsensusSettings, given: Mapping[int, int]
    ) -> FieldError | None:
        return None if given else FieldError("rate_at_least_one")

    def count(
        self, settings: ConsensusSettings, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> Result[ConsensusFigures, ConsensusDetails]:
        """Per-option votes, resistance, mean, acceptance, histogram.

        A missing answer is "not rated" (never 0). Ranking: lower mean first, equal means
        tie, the options nobody rated last as one group. With ``min_ratings``, an option
        rated by fewer ranks after every option rated often enough (among themselves by
        mean) and never wins; ``enough_ratings`` says which. The passive option is ranked
        like any other; it also serves as the threshold for ``below_passive`` and
        ``passive_gap``.
        """
        least = int(settings.min_ratings)
        hist = entries.value_counts(0, 10)
        votes = hist.sum(axis=1)
        resistance = hist @ np.arange(11, dtype=np.int64)
        means: list[Fraction | None] = [
            Fraction(int(r), int(v)) if v else None
            for r, v in zip(resistance.tolist(), votes.tolist(), strict=True)
        ]
        passive_pos = next((i for i, o in enumerate(options) if o.passive), None)
        passive_mean = means[passive_pos] if passive_pos is not None else None

        rows: list[ConsensusFigures] = []
        for i, option in enumerate(options):
            mean = means[i]
            counts = ints(hist[i])
            v, r = int(votes[i]), int(resistance[i])
            below, gap = False, cast(float | None, None)
            if mean is not None and passive_mean is not None:
                below, gap = mean < passive_mean, float(passive_mean - mean)
            rows.append(
                ConsensusFigures(
                    id=option.id,
                    label=option.label,
                    passive=option.passive,
                    votes=v,
                    resistance=r,
                    mean=float(mean) if mean is not None else None,
                    acceptance=float(1 - Fraction(r, 10 * v)) if v else None,
                    max=max((g for g, c in enumerate(counts) if c), default=None),
                    enough_ratings=v >= least,
                    histogram=tuple(counts),
                    below_passive=below,
                    passive_gap=gap,
                )
            )
        # (enough ratings, lower mean): a few low ratings never pass an option most people rated
        keys = [
            (int(v) >= least, -m) if m is not None else None
            for m, v in zip(means, votes.tolist(), strict=True)
        ]
        ranking = group_best_first([o.id for o in options], keys, lambda k: k)
        details = ConsensusDetails(options[passive_pos].id if passive_pos is not None else None)
        counted = entries.counted()
        enough = any(k is not None and k[0] for k in keys)
        winners = list(ranking[0]) if counted and enough else []
        return make_result(
            self.key, entries.ballot_count, counted, rows, ranking, details, winners=winners
        )


CONSENSUS = Consensus()
