"""Choosing per option: single choice, approval (multiple), yes/no motions, scheduling, dots."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Self

from groupdecide.problems import FieldError
from groupdecide.voting.base import BallotEntries, OptionInfo, group_best_first, ratio
from groupdecide.voting.result import NoDetails, OptionFigures, Result, make_result

from .base import Errors, Method, MethodSettings, NoSettings, int_in

__all__ = [
    "DEFAULT_BUDGET",
    "DOTS",
    "MAX_BUDGET",
    "MAX_CHOICES",
    "MULTIPLE",
    "SCHEDULE",
    "SINGLE",
    "YESNO",
    "ChoiceFigures",
    "DotsFigures",
    "DotsSettings",
    "MultipleSettings",
    "ScheduleFigures",
    "YesNoFigures",
    "YesNoSettings",
    "majority_passed",
]

DEFAULT_BUDGET = 10
MAX_BUDGET = 1000
MAX_CHOICES = 100_000


@dataclass(frozen=True)
class ChoiceFigures(OptionFigures):
    """``count`` of ballots choosing the option, ``share`` of all ballots (null with none)."""

    count: int
    share: float | None


@dataclass(frozen=True)
class YesNoFigures(OptionFigures):
    """A motion: ``abstain`` counts missing answers too; ``passed`` by ``settings.majority``
    (simple: yes > no)."""

    yes: int
    no: int
    abstain: int
    passed: bool


@dataclass(frozen=True)
class ScheduleFigures(OptionFigures):
    """A time slot: ``no`` counts missing answers too."""

    yes: int
    maybe: int
    no: int


@dataclass(frozen=True)
class DotsFigures(OptionFigures):
    points: int


ChoiceResult = Result[ChoiceFigures, NoDetails]


def _chosen(method: str, options: Sequence[OptionInfo], entries: BallotEntries) -> ChoiceResult:
    chosen = entries.only(entries.vals == 1)
    counts = [int(c) for c in chosen.value_counts(1, 1)[:, 0].tolist()]
    total = entries.ballot_count
    rows = [
        ChoiceFigures(o.id, o.label, c, ratio(c, total))
        for o, c in zip(options, counts, strict=True)
    ]
    ranking = group_best_first([o.id for o in options], counts, lambda c: c)
    return make_result(method, total, chosen.counted(), rows, ranking, NoDetails())


class Single(Method[NoSettings, ChoiceFigures, NoDetails]):
    """Single choice (plurality): exactly one option with value 1; higher count first."""

    key = "single"
    position = 20
    name = "Single choice"
    settings_type = NoSettings
    omitted = "not_chosen"
    drops_zeros = True
    one_choice = True

    def value_range(self, settings: NoSettings, n_options: int) -> tuple[int, int]:
        return 0, 1

    def range_error(self, settings: NoSettings, n_options: int) -> FieldError:
        return FieldError("not_zero_or_one")

    def ballot_problem(self, settings: NoSettings, given: Mapping[int, int]) -> FieldError | None:
        return FieldError("choose_exactly_one") if sum(given.values()) != 1 else None

    def count(
        self, settings: NoSettings, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> ChoiceResult:
        return _chosen(self.key, options, entries)


@dataclass(frozen=True)
class MultipleSettings(MethodSettings):
    """Approval bounds; ``max_choices`` None means the number of options."""

    keys: ClassVar[tuple[str, ...]] = ("min_choices", "max_choices")
    min_choices: int = 1
    max_choices: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"min_choices": self.min_choices}
        if self.max_choices is not None:
            out["max_choices"] = self.max_choices
        return out

    def resolve(self, n_options: int) -> Self:
        return self if self.max_choices is not None else replace(self, max_choices=n_options)

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> Self:
        low = stored.get("min_choices")
        return cls(1 if low is None else low, stored.get("max_choices"))


class Multiple(Method[MultipleSettings, ChoiceFigures, NoDetails]):
    """Approval: the chosen options with 1, from ``min_choices`` to ``max_choices`` of them."""

    key = "multiple"
    position = 30
    name = "Multiple choice (approval)"
    settings_type = MultipleSettings
    omitted = "not_chosen"
    drops_zeros = True

    def _parse(self, raw: Mapping[str, Any], errors: Errors) -> MultipleSettings:
        low = raw.get("min_choices", 1)
        if not int_in(low, 1, MAX_CHOICES):
            errors["settings.min_choices"] = FieldError(
                "integer_not_in_range", min=1, max=MAX_CHOICES
            )
            low = None
        high = raw.get("max_choices")
        if high is not None:
            if not int_in(high, 1, MAX_CHOICES):
                errors["settings.max_choices"] = FieldError(
                    "integer_not_in_range", min=1, max=MAX_CHOICES
                )
            elif low is not None and high < low:
                errors["settings.max_choices"] = FieldError(
                    "lower_than_setting", other="min_choices"
                )
        return MultipleSettings(low or 1, high)

    def option_problems(
        self, settings: MultipleSettings, n_options: int, *, new: bool = True
    ) -> Errors:
        problems: Errors = {}
        low, high = settings.min_choices, settings.max_choices
        if isinstance(low, int) and low > n_options:
            problems["settings.min_choices"] = FieldError("more_than_options", n=n_options)
        if new and isinstance(high, int) and high > n_options:
            problems["settings.max_choices"] = FieldError("more_than_options", n=n_options)
        return problems

    def value_range(self, settings: MultipleSettings, n_options: int) -> tuple[int, int]:
        return 0, 1

    def range_error(self, settings: MultipleSettings, n_options: int) -> FieldError:
        return FieldError("not_zero_or_one")

    def ballot_problem(
        self, settings: MultipleSettings, given: Mapping[int, int]
    ) -> FieldError | None:
        chosen = sum(given.values())
        low = int(settings.min_choices)
        high = int(settings.max_choices if settings.max_choices is not None else len(given))
        if chosen < low:
            return FieldError("choose_at_least", min=low)
        if chosen > high:
            return FieldError("choose_at_most", max=high)
        return None

    def count(
        self, settings: MultipleSettings, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> ChoiceResult:
        return _chosen(self.key, options, entries)


MAJORITIES = ("simple", "absolute", "two_thirds")


def majority_passed(majority: str, yes: int, no: int, ballots: int) -> bool:
    """Whether a motion passed: ``simple`` yes > no; ``absolute`` yes > half of all
    ballots (abstentions included); ``two_thirds`` yes >= 2/3 of yes + no, and yes > 0."""
    if majority == "absolute":
        return 2 * yes > ballots
    if majority == "two_thirds":
        return yes > 0 and 3 * yes >= 2 * (yes + no)
    return yes > no


@dataclass(frozen=True)
class YesNoSettings(MethodSettings):
    """``majority``: what a motion needs to pass (``MAJORITIES``)."""

    keys: ClassVar[tuple[str, ...]] = ("majority",)
    majority: str = "simple"

    def to_json(self) -> dict[str, Any]:
        return {"majority": self.majority}

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> Self:
        majority = stored.get("majority")
        return cls("simple" if majority is None else majority)


class YesNo(Method[YesNoSettings, YesNoFigures, NoDetails]):
    """Motions: 1 yes, 0 abstain, -1 no for every option; ranked by yes minus no, and the
    winners are every option that passed (by ``settings.majority``), best first."""

    key = "yesno"
    position = 40
    name = "Yes/no motions"
    settings_type = YesNoSettings
    omitted = "abstain"
    complete = True

    def _parse(self, raw: Mapping[str, Any], errors: Errors) -> YesNoSettings:
        majority = raw.get("majority", "simple")
        if majority is None:
            majority = "simple"
        if majority not in MAJORITIES:
            errors["settings.majority"] = FieldError("not_one_of", choices=MAJORITIES)
            return YesNoSettings()
        return YesNoSettings(majority)

    def value_range(self, settings: YesNoSettings, n_options: int) -> tuple[int, int]:
        return -1, 1

    def range_error(self, settings: YesNoSettings, n_options: int) -> FieldError:
        return FieldError("not_yes_abstain_no")

    def count(
        self, settings: YesNoSettings, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> Result[YesNoFigures, NoDetails]:
        counts = entries.value_counts(-1, 1)
        total = entries.ballot_count
        majority = settings.majority
        rows: list[YesNoFigures] = []
        margins: list[int] = []
        for o, (no, _abstain, yes) in zip(options, counts.tolist(), strict=True):
            ok = majority_passed(majority, yes, no, total)
            rows.append(YesNoFigures(o.id, o.label, yes, no, total - yes - no, ok))
            margins.append(yes - no)
        ranking = group_best_first([o.id for o in options], margins, lambda m: m)
        passed = {row.id for row in rows if row.passed}
        winners = [oid for group in ranking for oid in group if oid in passed]
        return make_result(
            self.key, total, entries.counted(), rows, ranking, NoDetails(), winners=winners
        )


class Schedule(Method[NoSettings, ScheduleFigures, NoDetails]):
    """Time slots: 2 yes, 1 if need be, 0 no; more yes first, then more maybe."""

    key = "schedule"
    position = 50
    name = "Scheduling"
    settings_type = NoSettings
    omitted = "no"
    drops_zeros = True

    def value_range(self, settings: NoSettings, n_options: int) -> tuple[int, int]:
        return 0, 2

    def range_error(self, settings: NoSettings, n_options: int) -> FieldError:
        return FieldError("not_yes_maybe_no")

    def count(
        self, settings: NoSettings, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> Result[ScheduleFigures, NoDetails]:
        counts = entries.value_counts(1, 2)
        total = entries.ballot_count
        rows: list[ScheduleFigures] = []
        keys: list[tuple[int, int]] = []
        for o, (maybe, yes) in zip(options, counts.tolist(), strict=True):
            rows.append(ScheduleFigures(o.id, o.label, yes, maybe, total - yes - maybe))
            keys.append((yes, maybe))
        ranking = group_best_first([o.id for o in options], keys, lambda k: k)
        counted = entries.within(1, 2).counted()
        return make_result(self.key, total, counted, rows, ranking, NoDetails())


@dataclass(frozen=True)
class DotsSettings(MethodSettings):
    keys: ClassVar[tuple[str, ...]] = ("budget",)
    budget: int = DEFAULT_BUDGET

    def to_json(self) -> dict[str, Any]:
        return {"budget": self.budget}

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> Self:
        budget = stored.get("budget")
        return cls(DEFAULT_BUDGET if budget is None else budget)


class Dots(Method[DotsSettings, DotsFigures, NoDetails]):
    """Dot voting: non-negative points per option, 1 to ``budget`` in total; more first."""

    key = "dots"
    position = 90
    name = "Dot voting"
    settings_type = DotsSettings
    omitted = "zero_points"
    drops_zeros = True

    def _parse(self, raw: Mapping[str, Any], errors: Errors) -> DotsSettings:
        budget = raw.get("budget", DEFAULT_BUDGET)
        if not int_in(budget, 1, MAX_BUDGET):
            errors["settings.budget"] = FieldError("integer_not_in_range", min=1, max=MAX_BUDGET)
            return DotsSettings()
        return DotsSettings(budget)

    def value_range(self, settings: DotsSettings, n_options: int) -> tuple[int, int]:
        return 0, int(settings.budget)

    def ballot_problem(self, settings: DotsSettings, given: Mapping[int, int]) -> FieldError | None:
        spent, budget = sum(given.values()), int(settings.budget)
        if spent < 1:
            return FieldError("too_few_points", min=1)
        if spent > budget:
            return FieldError("too_many_points", max=budget, given=spent)
        return None

    def count(
        self, settings: DotsSettings, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> Result[DotsFigures, NoDetails]:
        valid = entries.only(entries.vals > 0)
        points = [int(p) for p in valid.column_sums().tolist()]
        rows = [DotsFigures(o.id, o.label, p) for o, p in zip(options, points, strict=True)]
        ranking = group_best_first([o.id for o in options], points, lambda p: p)
        return make_result(
            self.key, entries.ballot_count, valid.counted(), rows, ranking, NoDetails()
        )


SINGLE = Single()
MULTIPLE = Multiple()
YESNO = YesNo()
SCHEDULE = Schedule()
DOTS = Dots()
