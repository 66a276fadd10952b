"""What every voting method is: one :class:`Method` object with a frozen settings type.

A method object says which answers a ballot may give (:meth:`Method.value_range`,
:meth:`Method.validate`), what an option left out means (:attr:`Method.omitted`), how its
settings are read and checked (:meth:`Method.parse_settings`, :meth:`Method.option_problems`)
and how ballots are counted (:meth:`Method.tally`, returning a typed
:class:`~groupdecide.voting.result.Result`). The registry is ``voting.methods.METHODS``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, Self, TypeVar, cast

from groupdecide.problems import FieldError
from groupdecide.voting.base import (
    AnswerError,
    BallotEntries,
    OptionInfo,
    SettingsError,
    ballot_entries,
)
from groupdecide.voting.result import Details, OptionFigures, Result

__all__ = [
    "HandCounts",
    "Method",
    "MethodSettings",
    "NoSettings",
    "Omitted",
    "int_in",
    "is_int",
    "key_id",
]

Omitted = Literal["not_rated", "unranked", "abstain", "no", "zero_points", "not_chosen"]
"""What an option a ballot leaves out means, as a code."""

HandCounts = Literal["value_counts", "ballots"]
"""The shape of a hand count this method merges: per-option counts of each answer value
(``{"17": {"0": 5, "3": 4}}``), or whole ballots with a count (``ranked``)."""

Errors = dict[str, FieldError]


def is_int(value: object) -> bool:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def int_in(value: object, low: int, high: int) -> bool:
    """An int (not a bool) from ``low`` to ``high``."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def key_id(key: object) -> int | None:
    """The option id an answers key names: a canonical decimal string ("17") or an int."""
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    # at most 19 digits: int() refuses 5,000 of them, and no option id is that long
    if isinstance(key, str) and key.isascii() and key.isdigit() and len(key) < 20:
        return int(key) if str(int(key)) == key else None
    return None


@dataclass(frozen=True)
class MethodSettings:
    """A method's own settings (the common ones live elsewhere). Subclasses are frozen
    dataclasses whose defaults are the contract's; ``keys`` are the JSON keys they read."""

    keys: ClassVar[tuple[str, ...]] = ()

    def to_json(self) -> dict[str, Any]:
        """The stored JSON form (what ``method_settings`` returns)."""
        return {}

    def resolve(self, n_options: int) -> Self:
        """These settings with the defaults that depend on the options filled in."""
        return self

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> Self:
        """Settings from stored JSON, already validated: missing or null keys take their
        defaults, other keys are ignored. Nothing is checked."""
        return cls()


@dataclass(frozen=True)
class NoSettings(MethodSettings):
    """A method without settings of its own."""


S = TypeVar("S", bound=MethodSettings)
F = TypeVar("F", bound=OptionFigures)
D = TypeVar("D", bound=Details)


class Method(ABC, Generic[S, F, D]):
    """One voting method. Subclasses set the class attributes and implement the hooks;
    each has exactly one instance, in the registry."""

    key: ClassVar[str]
    name: ClassVar[str]  # plain English
    position: ClassVar[int]  # where it stands in every list of methods (the contract's order)
    settings_type: ClassVar[type[MethodSettings]]
    omitted: ClassVar[Omitted]
    drops_zeros: ClassVar[bool] = False  # 0 answers mean the same as left out: not stored
    complete: ClassVar[bool] = False  # every option must be answered
    hand_counts: ClassVar[HandCounts] = "value_counts"
    one_choice: ClassVar[bool] = False  # a ballot chooses one option: a room, one per person
    # what the decision around the count may have (systemic consensing's yardstick and tools)
    has_passive: ClassVar[bool] = False  # a passive solution among the options
    has_vetoes: ClassVar[bool] = False  # a veto with its reason (``settings.vetoes``)
    has_voting_start: ClassVar[bool] = False  # rating starts by itself after collecting

    def __repr__(self) -> str:
        return f"<Method {self.key}>"

    # ------------------------------------------------------------------ settings

    @property
    def default_settings(self) -> S:
        """The settings when none are given."""
        return cast(S, self.settings_type())

    def stored_settings(self, stored: Mapping[str, Any]) -> S:
        """Settings from stored (already validated) JSON; see ``MethodSettings.from_stored``."""
        return cast(S, self.settings_type.from_stored(stored))

    def parse_settings(self, raw: object) -> S:
        """Validate the method's settings from JSON (only the method's own keys: the caller
        removes the common ones). Every problem is reported at once, keyed ``settings.<key>``,
        as a SettingsError."""
        if not isinstance(raw, Mapping):
            raise SettingsError({"settings": FieldError("not_an_object")})
        errors: Errors = {}
        for key in raw:
            if not isinstance(key, str) or key not in self.settings_type.keys:
                owner = _owner(key)
                errors[f"settings.{key}"] = (
                    FieldError("setting_not_for_method", method=self.key, owner=owner)
                    if owner is not None
                    else FieldError("unknown_setting")
                )
        settings = self._parse(raw, errors)
        if errors:
            raise SettingsError(errors)
        return settings

    def _parse(self, raw: Mapping[str, Any], errors: Errors) -> S:
        """Read the method's own keys of ``raw``, adding problems to ``errors``."""
        return self.default_settings

    def option_problems(self, settings: S, n_options: int, *, new: bool = True) -> Errors:
        """What in ``settings`` no ballot could meet with ``n_options`` options that take
        answers, keyed ``settings.<key>``. ``new`` (creating the decision) also refuses
        settings that could never matter; afterwards only what makes voting impossible."""
        return {}

    # ------------------------------------------------------------------ answers

    @abstractmethod
    def value_range(self, settings: S, n_options: int) -> tuple[int, int]:
        """The lowest and the highest answer value (inclusive)."""

    def range_error(self, settings: S, n_options: int) -> FieldError:
        """The problem of an answer value outside :meth:`value_range`."""
        low, high = self.value_range(settings, n_options)
        return FieldError("answer_out_of_range", min=low, max=high)

    def value_problem(self, settings: S, n_options: int, value: object) -> FieldError | None:
        """What is wrong with one answer value, or None."""
        if not is_int(value):
            return FieldError("not_an_integer")
        low, high = self.value_range(settings, n_options)
        if not low <= cast(int, value) <= high:
            return self.range_error(settings, n_options)
        return None

    def ballot_problem(self, settings: S, given: Mapping[int, int]) -> FieldError | None:
        """What breaks the rules about the ballot as a whole (``given`` are valid values)."""
        return None

    def validate(
        self, settings: S, options: Sequence[OptionInfo], answers: object
    ) -> dict[int, int]:
        """Check ``answers`` (straight from JSON) and return the normalized
        ``{option_id: value}``, ordered as ``options``.

        Every problem with a single answer is reported at once (``answers.<key>``); the
        rules about the ballot as a whole (``answers``) are checked once those are fine.
        With :attr:`drops_zeros`, 0 entries are dropped (an omitted option means the same).
        """
        settings = settings.resolve(len(options))
        if not isinstance(answers, Mapping):
            raise AnswerError(
                {"answers": FieldError("answers_not_an_object")},
                'Answers must be an object of option id to value, like {"17": 1}.',
            )
        ids = {o.id for o in options}
        n = len(options)
        errors: Errors = {}
        given: dict[int, int] = {}
        for key, value in answers.items():
            field = f"answers.{key}"
            oid = key_id(key)
            if oid is None or oid not in ids:
                errors[field] = FieldError("unknown_option")
                continue
            problem = self.value_problem(settings, n, value)
            if problem is not None:
                errors[field] = problem
            else:
                given[oid] = int(value)
        if self.complete:
            for o in options:
                if o.id not in given and f"answers.{o.id}" not in errors:
                    errors[f"answers.{o.id}"] = FieldError("answer_every_option")
        if errors:
            raise AnswerError(errors)
        whole = self.ballot_problem(settings, given)
        if whole is not None:
            raise AnswerError({"answers": whole})
        drop = self.drops_zeros
        return {
            o.id: given[o.id] for o in options if o.id in given and not (drop and not given[o.id])
        }

    # ------------------------------------------------------------------ counting

    def tally(
        self,
        settings: S,
        options: Sequence[OptionInfo],
        ballots: Iterable[Mapping[int, int]] | Iterable[Mapping[str, int]],
    ) -> Result[F, D]:
        """Count the ballots (``{option_id: value}``; ids as ints or decimal strings).

        Answers for options not in ``options`` are ignored, and so are values outside the
        method's range; a missing answer means :attr:`omitted`.
        """
        options = list(options)
        settings = settings.resolve(len(options))
        entries = ballot_entries(options, cast(Iterable[Mapping[int, int]], ballots))
        return self.count(settings, options, entries)

    @abstractmethod
    def count(
        self, settings: S, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> Result[F, D]:
        """Count flattened ballots (settings resolved)."""


def _owner(key: object) -> str | None:
    """The method a settings key belongs to, if any."""
    from . import METHODS  # the registry imports every method module

    if not isinstance(key, str):
        return None
    return next((m.key for m in METHODS.values() if key in m.settings_type.keys), None)
