"""Method names and defaults under their old import path.

Compatibility module: callers move to ``voting.methods`` (get_method()) next.
"""

from __future__ import annotations

from .compat import check_method, effective_settings, method_settings, option_problems
from .methods import KEYS as METHODS
from .methods import TALLIES
from .methods.choice import DEFAULT_BUDGET
from .methods.judgment import DEFAULT_GRADES
from .methods.score import DEFAULT_SCALE

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_GRADES",
    "DEFAULT_SCALE",
    "METHODS",
    "TALLIES",
    "check_method",
    "effective_settings",
    "method_settings",
    "option_problems",
]
