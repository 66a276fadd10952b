"""Score voting: every option gets a number on the decision's scale; higher mean wins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .base import BallotEntries, OptionInfo, Result, group_best_first, make_result
from .settings import DEFAULT_SCALE

__all__ = ["tally_score"]


def tally_score(
    settings: Mapping[str, Any], options: Sequence[OptionInfo], entries: BallotEntries
) -> Result:
    """Score voting: ``count``, ``sum``, ``mean`` per option; higher mean first.

    A missing score (an option added after the ballot was cast) leaves the option's figures
    alone; options nobody scored come last, as one group, with ``mean`` null.
    """
    scale = settings.get("scale") or {}
    low = int(scale.get("min", DEFAULT_SCALE[0]))
    high = int(scale.get("max", DEFAULT_SCALE[1]))
    valid = entries.within(low, high)
    n = len(options)
    counts = np.bincount(valid.cols, minlength=n).tolist()
    sums = valid.column_sums().tolist()
    means: list[Fraction | None] = [
        Fraction(int(s), int(c)) if c else None for s, c in zip(sums, counts, strict=True)
    ]
    rows = [
        {
            "id": o.id,
            "label": o.label,
            "count": int(c),
            "sum": int(s),
            "mean": float(m) if m is not None else None,
        }
        for o, c, s, m in zip(options, counts, sums, means, strict=True)
    ]
    ranking = group_best_first([o.id for o in options], means, lambda m: m)
    return make_result("score", entries.ballot_count, valid.counted(), rows, ranking, {})
