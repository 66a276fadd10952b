"""Events for the tenant's webhooks (the contract's Webhooks): ``emit`` is called by the
services in the transaction of the change: ``decision.created``, ``ballot.cast``,
``ballot.changed``, ``decision.closed``, ``round.started``."""

from __future__ import annotations

from groupdecide.models import Decision

EVENTS = ("decision.created", "ballot.cast", "ballot.changed", "decision.closed", "round.started")


def emit(decision: Decision, event: str) -> None:
    """Queue ``event`` about ``decision`` for every webhook of its tenant that wants it (in
    the current transaction; sent after the commit, never inside the request)."""
    assert event in EVENTS, event
