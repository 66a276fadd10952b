"""The one serializer of counts: a :class:`~.result.Result` as the contract's results JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from .result import Result

__all__ = ["result_json", "to_json"]


def to_json(value: object) -> Any:
    """Plain JSON types from figures and details: a dataclass becomes an object (fields in
    order), a tuple or list an array, a mapping an object with string keys."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_json(item) for key, item in value.items()}
    return value


def result_json(result: Result[Any, Any]) -> dict[str, Any]:
    """The contract's result object: ``method``, ``tally`` (ranked only), ``ballot_count``,
    ``winners``, ``ranking``, ``options`` and ``details``, ready for ``json.dumps``."""
    out: dict[str, Any] = {"method": result.method}
    if result.tally is not None:
        out["tally"] = result.tally
    out["ballot_count"] = result.ballot_count
    out["winners"] = list(result.winners)
    out["ranking"] = [list(group) for group in result.ranking]
    out["options"] = [to_json(figures) for figures in result.options]
    out["details"] = to_json(result.details)
    return out
