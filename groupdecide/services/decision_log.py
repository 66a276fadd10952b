"""The decision's log: what the organizer did, oldest first (the contract's part two)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Decision, DecisionLogEntry

from .times import iso, now

# The actions the contract names; others (``option_shown``, ``option_changed``) add detail.
ACTIONS = (
    "created",
    "phase_changed",
    "round_started",
    "option_added",
    "option_renamed",
    "option_hidden",
    "option_shown",
    "option_changed",
    "option_removed",
    "ballot_removed",
    "hand_count_added",
    "hand_count_removed",
    "outcome_set",
    # proposals
    "option_merged",
    "support_kept",
)


def record(decision: Decision, action: str, **detail: Any) -> DecisionLogEntry:
    """Write one entry in the request's transaction: it stands or falls with the change."""
    if action not in ACTIONS:
        raise ValueError(f"unknown log action {action!r}")
    entry = DecisionLogEntry(
        tenant_id=decision.tenant_id,
        decision_id=decision.id,
        at=now(),
        action=action,
        detail=detail,
    )
    db.session.add(entry)
    return entry


def entries(decision: Decision) -> list[DecisionLogEntry]:
    """Every entry of the decision, oldest first."""
    db.session.flush()
    return list(
        db.session.execute(
            sa.select(DecisionLogEntry)
            .where(DecisionLogEntry.decision_id == decision.id)
            .order_by(DecisionLogEntry.at, DecisionLogEntry.id)
        ).scalars()
    )


def entry_json(entry: DecisionLogEntry) -> dict[str, Any]:
    """One entry as the API lists it."""
    return {"at": iso(entry.at), "action": entry.action, "detail": dict(entry.detail or {})}
