"""Anonymity beyond leaving out names: what is stored with or beside an anonymous ballot
(ids, order, times, subscriptions, invites' use) cannot be joined with who cast it
(SECURITY.md, "Anonymity")."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Subscription

# Anonymous ballots and their outcome subscriptions take random ids from this range, so that
# neither an id nor the order of ids says when, or after whom, a row was written. Sequences
# stay far below it; the room above it is for SQLite, which numbers on from the highest id.
RANDOM_ID_RANGE = (2**30, 2**31 - 2**28)


def anonymous(decision: Decision) -> bool:
    """Whether the decision is anonymous (no names; nothing joinable with who voted)."""
    return decision.rules.anonymous


def insert_apart(row: Ballot | Subscription) -> None:
    """Insert a row of an anonymous decision under a random id (a savepoint per try: a taken
    id, one in 2**29, is drawn again; a check before would not see another tenant's rows)."""
    low, high = RANDOM_ID_RANGE
    for attempt in range(5):
        row.id = low + secrets.randbelow(high - low)
        try:
            with db.session.begin_nested():
                db.session.add(row)
                db.session.flush()
            return
        except IntegrityError:
            if attempt == 4:
                raise


def invite_use_shown(decision: Decision) -> bool:
    """Whether the organizer may see which invite was used. On an anonymous decision only once
    it has closed: seen after each vote, it would tell whose ballot had just appeared."""
    return not anonymous(decision) or decision.current_phase == "closed"
