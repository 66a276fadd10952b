"""Majority judgment (Balinski and Laraki), ranked by the majority value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Self

import numpy as np
from numpy.typing import NDArray

from groupdecide.problems import FieldError
from groupdecide.voting.base import BallotEntries, OptionInfo, group_best_first, ints, layers
from groupdecide.voting.result import Details, OptionFigures, Result, make_result

from .base import Errors, Method, MethodSettings

__all__ = [
    "DEFAULT_GRADES",
    "JUDGMENT",
    "JudgmentDetails",
    "JudgmentFigures",
    "JudgmentSettings",
    "lower_median",
    "majority_value",
]

DEFAULT_GRADES: tuple[str, ...] = ("Reject", "Poor", "Fair", "Good", "Very good", "Excellent")
MIN_GRADES, MAX_GRADES, MAX_GRADE_LABEL = 2, 10, 100


@dataclass(frozen=True)
class JudgmentSettings(MethodSettings):
    """The grade labels, worst first."""

    keys: ClassVar[tuple[str, ...]] = ("grades",)
    grades: tuple[str, ...] = DEFAULT_GRADES

    def to_json(self) -> dict[str, Any]:
        return {"grades": list(self.grades)}

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> Self:
        return cls(tuple(stored.get("grades") or DEFAULT_GRADES))


@dataclass(frozen=True)
class JudgmentFigures(OptionFigures):
    """Grades given (``count``, ``grade_counts`` per grade), the lower ``median`` and its
    label, and the grades above (``proponents``) and below (``opponents``) it."""

    count: int
    grade_counts: tuple[int, ...]
    median: int | None
    median_label: str | None
    proponents: int
    opponents: int


@dataclass(frozen=True)
class JudgmentDetails(Details):
    grades: tuple[str, ...]


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


def _grades_problem(grades: object) -> FieldError | None:
    if not isinstance(grades, list) or not MIN_GRADES <= len(grades) <= MAX_GRADES:
        return FieldError("grades_count", min=MIN_GRADES, max=MAX_GRADES)
    for grade in grades:
        if not isinstance(grade, str) or not grade.strip():
            return FieldError("grade_empty")
        if len(grade) > MAX_GRADE_LABEL:
            return FieldError("grade_too_long", max=MAX_GRADE_LABEL)
    if len({g.strip().casefold() for g in grades}) != len(grades):
        return FieldError("grades_not_distinct")
    return None


class Judgment(Method[JudgmentSettings, JudgmentFigures, JudgmentDetails]):
    """Majority judgment: every option graded, 0 (worst) to len(grades) - 1."""

    key = "judgment"
    position = 80
    name = "Majority judgment"
    settings_type = JudgmentSettings
    omitted = "not_rated"
    complete = True

    def _parse(self, raw: Mapping[str, Any], errors: Errors) -> JudgmentSettings:
        grades = raw.get("grades", list(DEFAULT_GRADES))
        problem = _grades_problem(grades)
        if problem is not None:
            errors["settings.grades"] = problem
            return JudgmentSettings()
        return JudgmentSettings(tuple(grades))

    def value_range(self, settings: JudgmentSettings, n_options: int) -> tuple[int, int]:
        return 0, len(settings.grades) - 1

    def count(
        self, settings: JudgmentSettings, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> Result[JudgmentFigures, JudgmentDetails]:
        """Grade counts and lower median per option, ranked by majority value.

        Ties on the median are broken by removing one median grade from each tied option,
        again and again, until they differ or one has no grades left (then they tie).
        Options nobody graded come last as one group. Options graded by different numbers
        of ballots (added late) are ranked in layers, since "the one that runs out of
        grades first ties" is not transitive. ``details.grades``: the labels, worst first.
        """
        grades = tuple(settings.grades)
        counts = entries.value_counts(0, len(grades) - 1)
        rows: list[JudgmentFigures] = []
        values: dict[int, bytes] = {}
        for i, option in enumerate(options):
            dist = ints(counts[i])
            median = lower_median(dist)
            total = sum(dist)
            if total:
                values[option.id] = majority_value(dist)
            rows.append(
                JudgmentFigures(
                    id=option.id,
                    label=option.label,
                    count=total,
                    grade_counts=tuple(dist),
                    median=median,
                    median_label=grades[median] if median is not None else None,
                    proponents=sum(dist[median + 1 :]) if median is not None else 0,
                    opponents=sum(dist[:median]) if median is not None else 0,
                )
            )
        graded = [o.id for o in options if o.id in values]
        if len({len(v) for v in values.values()}) <= 1:
            # Same number of grades everywhere (the usual case): plain lexicographic order.
            ranking = group_best_first(graded, [values[i] for i in graded], lambda v: v)
        else:
            # Options added later have fewer grades; "runs out first = tie" is not
            # transitive, but "beats" is a strict partial order, so rank in layers.
            ranking = layers(graded, lambda x, y: _beats(values[x], values[y]))
        ungraded = [o.id for o in options if o.id not in values]
        if ungraded:
            ranking.append(ungraded)
        return make_result(
            self.key,
            entries.ballot_count,
            entries.within(0, len(grades) - 1).counted(),
            rows,
            ranking,
            JudgmentDetails(grades),
        )


JUDGMENT = Judgment()
