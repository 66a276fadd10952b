"""Counting for groupdecide: pure Python (with numpy), no Flask, no database, no I/O.

Public interface: a method is one object (``voting.methods``)::

    get_method(key) -> Method        # REGISTRY: key -> Method, in the contract's order
    method.parse_settings(raw) -> settings (frozen dataclass; .to_json(), .resolve(n))
    method.validate(settings, options, answers) -> {option_id: value}
    method.tally(settings, options, ballots) -> Result (frozen dataclasses)
    result_json(result) -> the contract's results JSON

plus METHODS (the keys, in the contract's order) and TALLIES (ranked's counting rules).
Field errors are :class:`groupdecide.problems.FieldError` codes.

Decisions the contract leaves open, as implemented here:

* ``Method.validate`` drops 0 entries for ``single``, ``multiple``, ``schedule`` and
  ``dots`` (an omitted option means the same); every other value is kept, consensus' 0
  and yes/no's abstain included. The returned dict follows the order of ``options``.
* ``Method.tally`` ignores answers for options not in ``options`` and stored values outside the
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

from .base import AnswerError, OptionInfo, SettingsError, VotingError
from .methods import KEYS as METHODS
from .methods import METHODS as REGISTRY
from .methods import TALLIES, Method, MethodSettings, find_method, get_method
from .result import Details, NoDetails, OptionFigures, Result
from .serialize import result_json

__all__ = [
    "METHODS",
    "REGISTRY",
    "TALLIES",
    "AnswerError",
    "Details",
    "Method",
    "MethodSettings",
    "NoDetails",
    "OptionFigures",
    "OptionInfo",
    "Result",
    "SettingsError",
    "VotingError",
    "find_method",
    "get_method",
    "result_json",
]
