"""The phase of a decision: the effective one is ``Decision.current_phase`` (a time past
``closes_at`` or ``voting_starts_at`` moves it without any job) and the moves the contract allows
(``set_phase``)."""

from __future__ import annotations

from flask_babel import gettext as _

from groupdecide.errors import Conflict, ValidationFailed
from groupdecide.models import Decision
from groupdecide.problems import FieldError

from .decision_settings import PHASES
from .times import now


def set_phase(decision: Decision, phase: str, *, new_closes_at: bool = False) -> None:
    """Move the phase as the contract allows; asking for the current phase changes nothing."""
    if phase not in PHASES:
        raise ValidationFailed(
            _("Unknown phase."), {"phase": FieldError("not_a_phase", choices=PHASES)}
        )
    current = decision.current_phase
    if phase == current:
        return
    allowed = {("collecting", "voting"), ("voting", "closed"), ("closed", "voting")}
    if (current, phase) not in allowed:
        raise Conflict(
            _(
                "A decision in phase %(current)s cannot move to %(phase)s.",
                current=current,
                phase=phase,
            )
        )
    if phase == "voting" and len(decision.ballot_options) < 2:
        raise Conflict(_("Voting needs at least 2 options."))
    if phase == "voting":
        from .options import settings_problems

        problems = settings_problems(decision, len(decision.ballot_options))
        if problems:
            raise Conflict(_("The decision's settings need more options."), problems)
    expired = decision.closes_at is not None and decision.closes_at <= now()
    if current == "closed" and phase == "voting" and expired and not new_closes_at:
        decision.closes_at = None
    if current == "closed":
        decision.closed_notified_at = None  # a later closing is announced again
    from . import decision_log

    decision_log.record(decision, "phase_changed", **{"from": current, "to": phase})
    decision.phase = phase
    if phase == "voting":
        from .supports import apply_support_threshold

        apply_support_threshold(decision)
