"""Counting for groupdecide: pure Python (with numpy), no Flask, no database, no I/O.

Public interface::

    METHODS, TALLIES, OptionInfo, AnswerError, SettingsError,
    method_settings, effective_settings, validate_answers, tally
"""

from __future__ import annotations

from .answers import validate_answers
from .base import AnswerError, OptionInfo, SettingsError
from .registry import tally
from .settings import METHODS, TALLIES, effective_settings, method_settings

__all__ = [
    "METHODS",
    "TALLIES",
    "AnswerError",
    "OptionInfo",
    "SettingsError",
    "effective_settings",
    "method_settings",
    "tally",
    "validate_answers",
]
