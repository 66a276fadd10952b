"""Results: who may see them, and the count (done by ``voting``, fed from the database)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from .. import voting
from ..errors import ResultsHidden
from ..models import Decision
from .ballots import ballot_answers
from .decisions import effective_settings, option_infos, phase_of


def results_visible(decision: Decision, *, as_admin: bool) -> bool:
    """Whether the results may be shown: the organizer always; others as ``settings.results``."""
    if as_admin:
        return True
    mode = effective_settings(decision).get("results", "public")
    if mode == "public":
        return True
    if mode == "after_close":
        return phase_of(decision) == "closed"
    return False


def require_results_visible(decision: Decision, *, as_admin: bool) -> None:
    if not results_visible(decision, as_admin=as_admin):
        mode = effective_settings(decision).get("results")
        if mode == "after_close":
            raise ResultsHidden(_("The results are shown when the decision has closed."))
        raise ResultsHidden(_("Only the organizer can see the results of this decision."))


def count(decision: Decision) -> dict[str, Any]:
    """The contract's result object for the decision."""
    settings = effective_settings(decision)
    specific = {k: v for k, v in settings.items() if k != "closes_at"}
    return voting.tally(decision.method, specific, option_infos(decision), ballot_answers(decision))
