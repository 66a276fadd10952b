"""The method objects called by method key with settings as stored JSON, as the counting
tests read them: ``get_method(key)``, ``stored_settings`` / ``parse_settings``, then
``validate`` or ``tally`` and ``result_json``. Importable beside the tests (see conftest)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from groupdecide.voting import OptionInfo, get_method, result_json


def tally(
    key: str,
    settings: Mapping[str, Any],
    options: Sequence[OptionInfo],
    ballots: Iterable[Mapping[int, int]] | Iterable[Mapping[str, int]],
) -> dict[str, Any]:
    """The contract's result object: ``result_json(method.tally(...))``."""
    method = get_method(key)
    return result_json(method.tally(method.stored_settings(settings), options, ballots))


def validate_answers(
    key: str, settings: Mapping[str, Any], options: Sequence[OptionInfo], answers: Any
) -> dict[int, int]:
    method = get_method(key)
    return method.validate(method.stored_settings(settings), options, answers)


def method_settings(key: Any, raw: Any) -> dict[str, Any]:
    """The validated settings as stored: ``parse_settings(raw).to_json()``."""
    return get_method(key).parse_settings(raw).to_json()


def resolved_settings(key: Any, stored: Mapping[str, Any], n_options: int) -> dict[str, Any]:
    """The method's settings with every default filled in, for ``n_options`` options."""
    return get_method(key).stored_settings(stored).resolve(n_options).to_json()
