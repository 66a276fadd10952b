"""Counting for groupdecide: pure Python (with numpy), no Flask, no database, no I/O.

Public interface::

    METHODS, TALLIES, OptionInfo, AnswerError, SettingsError,
    method_settings, effective_settings, option_problems, validate_answers, tally

Decisions the contract leaves open, as implemented here:

* ``validate_answers`` drops 0 entries for ``single``, ``multiple``, ``schedule`` and
  ``dots`` (an omitted option means the same); every other value is kept, consensus' 0
  and yes/no's abstain included. The returned dict follows the order of ``options``.
* ``tally`` ignores answers for options not in ``options`` and stored values outside the
  method's range (for example a grade index past the grade list), instead of failing.
* ``winners`` is empty when no ballot is counted: no ballots, or none with an answer for
  a current option. Otherwise it is the first ranking group, except for ``yesno``, where
  it is every option that passed, best first.
* With no ballots the ranking is every option in one group (all figures tie).
* ``consensus``, ``score`` and ``judgment``: options nobody rated / scored / graded come
  last, as one group, with ``mean`` / ``median`` null. The passive option is ranked like
  the others.
* ``judgment``: options graded by different numbers of ballots (an option added late) are
  ranked in layers (each layer: every option no remaining option beats), since "the one
  that runs out of grades first ties" is not transitive.
* IRV: the options eliminated in the same round tie in the ranking.
"""

from __future__ import annotations

from .answers import validate_answers
from .base import AnswerError, OptionInfo, SettingsError
from .registry import tally
from .settings import METHODS, TALLIES, effective_settings, method_settings, option_problems

__all__ = [
    "METHODS",
    "TALLIES",
    "AnswerError",
    "OptionInfo",
    "SettingsError",
    "effective_settings",
    "method_settings",
    "option_problems",
    "tally",
    "validate_answers",
]
