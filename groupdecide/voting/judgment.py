"""Majority judgment (Balinski and Laraki), ranked by the majority value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .base import BallotEntries, OptionInfo, Result, group_best_first, ints, layers, make_result
from .settings import DEFAULT_GRADES

__all__ = ["lower_median", "majority_value", "tally_judgment"]


@lru_cache(maxsize=64)
def _median_order(size: int) -> NDArray[np.intp]:
    """Positions, in an ascending list of ``size`` grades, of the successive lower medians.

    Taking the lower median and removing it, again and again, walks outwards from the
    middle: for an odd size ``c, c-1, c+1, c-2, ...``, for an even one ``c, c+1, c-1, ...``
    with ``c = (size - 1) // 2``.
    """
    t = np.arange(size, dtype=np.intp)
    step = (t + 1) // 2
    odd_t = (t % 2) == 1
    sign = np.where(odd_t, -1, 1) if size % 2 == 1 else np.where(odd_t, 1, -1)
    order = (size - 1) // 2 + sign * step
    order.setflags(write=False)
    return order


def majority_value(counts: Sequence[int]) -> bytes:
    """The majority value of a grade distribution, one byte (grade index) per grade given.

    Byte ``k`` is the lower median left after removing the ``k`` earlier medians.
    """
    grades = np.repeat(np.arange(len(counts), dtype=np.uint8), np.asarray(counts, dtype=np.intp))
    return grades[_median_order(grades.size)].tobytes()


def lower_median(counts: Sequence[int]) -> int | None:
    """The lower median grade index of a grade distribution, or None with no grades."""
    total = sum(counts)
    if total == 0:
        return None
    target = (total - 1) // 2  # position in the ascending list
    seen = 0
    for grade, count in enumerate(counts):
        seen += count
        if seen > target:
            return grade
    raise AssertionError("unreachable")  # pragma: no cover


def _beats(a: bytes, b: bytes) -> bool:
    """Majority value comparison: the first difference decides; a shorter one running out ties."""
    n = min(len(a), len(b))
    return a[:n] > b[:n]


def tally_judgment(
    settings: Mapping[str, Any], options: Sequence[OptionInfo], entries: BallotEntries
) -> Result:
    """Majority judgment: grade counts and lower median per option, ranked by majority value.

    Ties on the median are broken by removing one median grade from each tied option,
    again and again, until they differ or one has no grades left (then they tie). Options
    nobody graded come last as one group. Each option also gets ``count`` (grades given),
    ``median_label``, and ``proponents`` / ``opponents`` (grades above / below its median)
    for a results page; ``details.grades`` holds the grade labels, worst first.
    """
    grades = list(settings.get("grades") or DEFAULT_GRADES)
    counts = entries.value_counts(0, len(grades) - 1)
    rows: list[dict[str, Any]] = []
    values: dict[int, bytes] = {}
    for i, option in enumerate(options):
        dist = ints(counts[i])
        median = lower_median(dist)
        total = sum(dist)
        if total:
            values[option.id] = majority_value(dist)
        rows.append(
            {
                "id": option.id,
                "label": option.label,
                "count": total,
                "grade_counts": dist,
                "median": median,
                "median_label": grades[median] if median is not None else None,
                "proponents": sum(dist[median + 1 :]) if median is not None else 0,
                "opponents": sum(dist[:median]) if median is not None else 0,
            }
        )
    graded = [o.id for o in options if o.id in values]
    if len({len(v) for v in values.values()}) <= 1:
        # Same number of grades everywhere (the usual case): plain lexicographic order.
        ranking = group_best_first(graded, [values[i] for i in graded], lambda v: v)
    else:
        # Options added later have fewer grades; "runs out first = tie" is not transitive,
        # but "beats" is a strict partial order, so rank in layers.
        ranking = layers(graded, lambda x, y: _beats(values[x], values[y]))
    ungraded = [o.id for o in options if o.id not in values]
    if ungraded:
        ranking.append(ungraded)
    return make_result(
        "judgment",
        entries.ballot_count,
        entries.within(0, len(grades) - 1).counted(),
        rows,
        ranking,
        {"grades": grades},
    )
