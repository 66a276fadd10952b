"""The registry of voting methods: the stored method key -> its :class:`Method` object.

Adding a method: a module here defining one ``Method`` subclass, its frozen settings, its
figures and details dataclasses and its one instance, listed in :data:`METHODS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from groupdecide.problems import FieldError
from groupdecide.voting.base import SettingsError

from .base import HandCounts, Method, MethodSettings, NoSettings, Omitted
from .choice import DOTS, MULTIPLE, SCHEDULE, SINGLE, YESNO
from .consensus import CONSENSUS
from .judgment import JUDGMENT
from .ranked import RANKED, TALLIES
from .score import SCORE

__all__ = [
    "KEYS",
    "METHODS",
    "TALLIES",
    "AnyMethod",
    "HandCounts",
    "Method",
    "MethodSettings",
    "NoSettings",
    "Omitted",
    "get_method",
]

AnyMethod = Method[Any, Any, Any]

METHODS: Mapping[str, AnyMethod] = MappingProxyType(
    {
        m.key: m
        for m in (CONSENSUS, SINGLE, MULTIPLE, YESNO, SCHEDULE, RANKED, SCORE, JUDGMENT, DOTS)
    }
)
"""Every method by key, in the order the contract lists them."""

KEYS: tuple[str, ...] = tuple(METHODS)


def get_method(key: object) -> AnyMethod:
    """The method stored as ``key``; SettingsError (field ``method``) for anything else."""
    method = METHODS.get(key) if isinstance(key, str) else None
    if method is None:
        raise SettingsError(
            {"method": FieldError("unknown_method", choices=KEYS)},
            "Unknown method: choose one of " + ", ".join(KEYS) + ".",
        )
    return method
