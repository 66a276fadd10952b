"""The registry of voting methods: the stored method key -> its :class:`Method` object.

Adding a method: a module here defining one ``Method`` subclass (with its ``key`` and
``position``), its frozen settings, its figures and details dataclasses and its one instance
at module level. The registry finds it: every module of this package is imported once, here,
and every ``Method`` instance in it is registered, ordered by ``position``. Nothing else lists
the methods.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from groupdecide.problems import FieldError
from groupdecide.voting.base import SettingsError

from .base import HandCounts, Method, MethodSettings, NoSettings, Omitted
from .ranked import TALLIES

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
    "find_method",
    "get_method",
]

AnyMethod = Method[Any, Any, Any]


def _discover() -> dict[str, AnyMethod]:
    """Every ``Method`` instance defined in a module of this package, by key, by position."""
    found: dict[str, AnyMethod] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Method):
                if found.get(value.key, value) is not value:
                    raise RuntimeError(f"two voting methods have the key {value.key!r}")
                found[value.key] = value
    return dict(sorted(found.items(), key=lambda item: item[1].position))


METHODS: Mapping[str, AnyMethod] = MappingProxyType(_discover())
"""Every method by key, in the order the contract lists them."""

KEYS: tuple[str, ...] = tuple(METHODS)


def find_method(key: object) -> AnyMethod | None:
    """The method stored as ``key``, or None for anything else."""
    return METHODS.get(key) if isinstance(key, str) else None


def get_method(key: object) -> AnyMethod:
    """The method stored as ``key``; SettingsError (field ``method``) for anything else."""
    method = METHODS.get(key) if isinstance(key, str) else None
    if method is None:
        raise SettingsError(
            {"method": FieldError("unknown_method", choices=KEYS)},
            "Unknown method: choose one of " + ", ".join(KEYS) + ".",
        )
    return method
