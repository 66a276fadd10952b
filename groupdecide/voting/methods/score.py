"""Score voting: every option gets a number on the decision's scale; higher mean wins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, Self

import numpy as np

from groupdecide.problems import FieldError
from groupdecide.voting.base import BallotEntries, OptionInfo, group_best_first
from groupdecide.voting.result import NoDetails, OptionFigures, Result, make_result

from .base import Errors, Method, MethodSettings, is_int

__all__ = ["DEFAULT_SCALE", "SCALE_LIMIT", "SCORE", "ScoreFigures", "ScoreSettings"]

DEFAULT_SCALE: tuple[int, int] = (0, 10)
SCALE_LIMIT = 1_000_000


@dataclass(frozen=True)
class ScoreSettings(MethodSettings):
    """The scale, stored as ``{"scale": {"min": low, "max": high}}``."""

    keys: ClassVar[tuple[str, ...]] = ("scale",)
    min: int = DEFAULT_SCALE[0]
    max: int = DEFAULT_SCALE[1]

    def to_json(self) -> dict[str, Any]:
        return {"scale": {"min": self.min, "max": self.max}}

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> Self:
        scale = stored.get("scale") or {}
        return cls(int(scale.get("min", DEFAULT_SCALE[0])), int(scale.get("max", DEFAULT_SCALE[1])))


@dataclass(frozen=True)
class ScoreFigures(OptionFigures):
    """Scores given, their sum and mean (null when nobody scored the option)."""

    count: int
    sum: int
    mean: float | None


def _scale_problem(scale: object) -> FieldError | None:
    if not isinstance(scale, Mapping) or set(scale) != {"min", "max"}:
        return FieldError("scale_shape")
    low, high = scale["min"], scale["max"]
    if not is_int(low) or not is_int(high):
        return FieldError("scale_shape")
    if not (-SCALE_LIMIT <= low <= SCALE_LIMIT and -SCALE_LIMIT <= high <= SCALE_LIMIT):
        return FieldError("scale_out_of_range", min=-SCALE_LIMIT, max=SCALE_LIMIT)
    if low >= high:
        return FieldError("scale_min_not_below_max")
    return None


class Score(Method[ScoreSettings, ScoreFigures, NoDetails]):
    """Score voting: every option scored from ``scale.min`` to ``scale.max``."""

    key = "score"
    position = 70
    name = "Score voting"
    settings_type = ScoreSettings
    omitted = "not_rated"
    complete = True

    def _parse(self, raw: Mapping[str, Any], errors: Errors) -> ScoreSettings:
        scale = raw.get("scale", {"min": DEFAULT_SCALE[0], "max": DEFAULT_SCALE[1]})
        problem = _scale_problem(scale)
        if problem is not None:
            errors["settings.scale"] = problem
            return ScoreSettings()
        return ScoreSettings(scale["min"], scale["max"])

    def value_range(self, settings: ScoreSettings, n_options: int) -> tuple[int, int]:
        return int(settings.min), int(settings.max)

    def count(
        self, settings: ScoreSettings, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> Result[ScoreFigures, NoDetails]:
        """``count``, ``sum``, ``mean`` per option; higher mean first.

        A missing score (an option added after the ballot was cast) leaves the option's
        figures alone; options nobody scored come last, as one group, with ``mean`` null.
        """
        valid = entries.within(int(settings.min), int(settings.max))
        n = len(options)
        counts = [int(c) for c in np.bincount(valid.cols, minlength=n).tolist()]
        sums = [int(s) for s in valid.column_sums().tolist()]
        means: list[Fraction | None] = [
            Fraction(s, c) if c else None for s, c in zip(sums, counts, strict=True)
        ]
        rows = [
            ScoreFigures(o.id, o.label, c, s, float(m) if m is not None else None)
            for o, c, s, m in zip(options, counts, sums, means, strict=True)
        ]
        ranking = group_best_first([o.id for o in options], means, lambda m: m)
        return make_result(
            self.key, entries.ballot_count, valid.counted(), rows, ranking, NoDetails()
        )


SCORE = Score()
