"""Systemic consensing: resistance 0..10 per option, lower group resistance is better."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .base import BallotEntries, OptionInfo, Result, group_best_first, ints, make_result

__all__ = ["tally_consensus"]


def tally_consensus(
    settings: Mapping[str, Any], options: Sequence[OptionInfo], entries: BallotEntries
) -> Result:
    """Count consensus ballots: per-option votes, resistance, mean, acceptance, histogram.

    A missing answer is "not rated" (never 0). Ranking: lower mean first, equal means tie,
    the options nobody rated last as one group. With ``min_ratings``, an option rated by
    fewer ranks after every option rated often enough (among themselves by mean) and never
    wins; ``enough_ratings`` says which. The passive option is ranked like any other; it
    also serves as the threshold for ``below_passive`` and ``passive_gap``.
    """
    least = int(settings.get("min_ratings", 1))
    hist = entries.value_counts(0, 10)
    votes = hist.sum(axis=1)
    resistance = hist @ np.arange(11, dtype=np.int64)
    means: list[Fraction | None] = [
        Fraction(int(r), int(v)) if v else None
        for r, v in zip(resistance.tolist(), votes.tolist(), strict=True)
    ]
    passive_pos = next((i for i, o in enumerate(options) if o.passive), None)
    passive_mean = means[passive_pos] if passive_pos is not None else None

    rows: list[dict[str, Any]] = []
    for i, option in enumerate(options):
        mean = means[i]
        counts = ints(hist[i])
        v, r = int(votes[i]), int(resistance[i])
        top = max((g for g, c in enumerate(counts) if c), default=None)
        rows.append(
            {
                "id": option.id,
                "label": option.label,
                "passive": option.passive,
                "votes": v,
                "resistance": r,
                "mean": float(mean) if mean is not None else None,
                "acceptance": float(1 - Fraction(r, 10 * v)) if v else None,
                "max": top,
                "enough_ratings": v >= least,
                "histogram": counts,
                "below_passive": bool(
                    mean is not None and passive_mean is not None and mean < passive_mean
                ),
                "passive_gap": (
                    float(passive_mean - mean)
                    if mean is not None and passive_mean is not None
                    else None
                ),
            }
        )
    # (enough ratings, lower mean): a few low ratings never pass an option most people rated
    keys = [
        (int(v) >= least, -m) if m is not None else None
        for m, v in zip(means, votes.tolist(), strict=True)
    ]
    ranking = group_best_first([o.id for o in options], keys, lambda k: k)
    details = {"passive_option": options[passive_pos].id if passive_pos is not None else None}
    counted = entries.counted()
    enough = any(k is not None and k[0] for k in keys)
    winners = list(ranking[0]) if counted and enough else []
    return make_result(
        "consensus", entries.ballot_count, counted, rows, ranking, details, winners=winners
    )
