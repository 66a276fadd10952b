"""Support marks of the collecting phase (consensus ``settings.support_threshold``): a
participant marks the proposals they want on the ballot, one mark per participant (a browser's
random id, or the invite where access is by invitation), stored only as a hash. When voting
starts, the threshold is applied once (:func:`apply_support_threshold`): proposals below it
leave the ballot, never leaving fewer than 2 options that take answers."""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide.errors import Conflict, Forbidden
from groupdecide.extensions import db
from groupdecide.models import Decision, Option, Support
from groupdecide.problems import FieldError

from . import decision_log
from .invites import find_invite

_CACHE = "_support_counts"


def threshold(decision: Decision) -> int:
    """The decision's support threshold (0: off, and for every method but consensus)."""
    value = getattr(decision.rules.method, "support_threshold", 0)
    return int(value) if isinstance(value, int) else 0


def marker(decision: Decision, participant: str) -> str:
    """The stored form of a participant's mark: a hash, so the table names nobody."""
    return hashlib.sha256(f"{decision.id}:{participant}".encode()).hexdigest()


def participant_for(decision: Decision, *, invite_token: Any, browser_id: str | None) -> str:
    """Who marks: the invite where access is by invitation (403 without a valid one), else
    the browser's random id."""
    if decision.rules.access == "invite":
        found = find_invite(decision, invite_token)
        if found is None or found.revoked_at is not None:
            raise Forbidden(
                _("This decision is by invitation: support needs your invite link."),
                {"invite": FieldError("invite_missing" if not invite_token else "invite_unknown")},
            )
        return f"invite:{found.id}"
    if not browser_id:
        raise Forbidden(_("Support needs a browser id (a cookie)."))
    return f"browser:{browser_id}"


def counts(decision: Decision) -> dict[int, int]:
    """Support marks per option of the decision (every option, 0 where none), once per
    request and decision (a mark clears it)."""
    cached: dict[int, int] | None = decision.__dict__.get(_CACHE)
    if cached is not None:
        return cached
    rows = db.session.execute(
        sa.select(Support.option_id, sa.func.count(Support.id))
        .where(Support.decision_id == decision.id)
        .group_by(Support.option_id)
    ).all()
    found = {int(option_id): int(n) for option_id, n in rows}
    result = {o.id: found.get(o.id, 0) for o in decision.options}
    decision.__dict__[_CACHE] = result
    return result


def count_of(option: Option) -> int:
    return counts(option.decision).get(option.id, 0)


def forget_counts(decision: Decision) -> None:
    decision.__dict__.pop(_CACHE, None)


def marked_by(decision: Decision, participant: str) -> set[int]:
    """The options this participant has marked."""
    return set(
        db.session.execute(
            sa.select(Support.option_id).where(
                Support.decision_id == decision.id,
                Support.marker == marker(decision, participant),
            )
        ).scalars()
    )


def _check(decision: Decision, option: Option) -> None:
    if decision.current_phase != "collecting":
        raise Conflict(_("Proposals can be supported only while proposals are collected."))
    if threshold(decision) <= 0:
        raise Conflict(_("This decision does not collect support for proposals."))
    if option.passive or option.hidden:
        raise Conflict(_("This option is not a proposal on the ballot."))


def mark(decision: Decision, option: Option, participant: str) -> tuple[bool, int]:
    """Mark a proposal; answers (created, its count). Marking twice changes nothing."""
    _check(decision, option)
    key = marker(decision, participant)
    existing = db.session.execute(
        sa.select(Support.id).where(Support.option_id == option.id, Support.marker == key)
    ).scalar_one_or_none()
    created = existing is None
    if created:
        db.session.add(
            Support(
                tenant_id=decision.tenant_id,
                decision_id=decision.id,
                option_id=option.id,
                marker=key,
            )
        )
        db.session.flush()
    forget_counts(decision)
    return created, count_of(option)


def unmark(decision: Decision, option: Option, participant: str) -> None:
    """Take a mark back (none there: nothing changes)."""
    _check(decision, option)
    db.session.execute(
        sa.delete(Support).where(
            Support.option_id == option.id, Support.marker == marker(decision, participant)
        )
    )
    forget_counts(decision)


def move_marks(decision: Decision, source: Option, target: Option) -> int:
    """Move the marks of ``source`` to ``target`` (a merge); a participant who marked both
    keeps one. Answers how many moved."""
    have = set(
        db.session.execute(sa.select(Support.marker).where(Support.option_id == target.id))
        .scalars()
        .all()
    )
    moved = 0
    for support in db.session.execute(
        sa.select(Support).where(Support.option_id == source.id)
    ).scalars():
        if support.marker in have:
            db.session.delete(support)
        else:
            support.option_id = target.id
            moved += 1
    db.session.flush()
    forget_counts(decision)
    return moved


def needs_applying(decision: Decision) -> bool:
    """Cheap first: only a consensus decision with a threshold not yet applied, in voting."""
    if decision.support_applied or not (decision.settings or {}).get("support_threshold"):
        return False
    return threshold(decision) > 0 and decision.current_phase == "voting"


def apply_support_threshold(decision: Decision) -> list[Option]:
    """Once, the first time the decision is used in voting: hide every proposal (not the
    passive solution) with fewer marks than the threshold, each logged ``option_hidden`` with
    reason ``support``; when fewer than 2 options would take answers, the best supported
    below it stay (logged with ``kept``). Answers the options it hid."""
    if not needs_applying(decision):
        return []
    # the row locked (PostgreSQL), read fresh: two first requests apply it once
    applied = db.session.execute(
        sa.select(Decision.support_applied).where(Decision.id == decision.id).with_for_update()
    ).scalar_one()
    if applied:
        db.session.expire(decision)
        return []
    least = threshold(decision)
    marks = counts(decision)
    answerable = decision.ballot_options
    below = [o for o in answerable if not o.passive and marks.get(o.id, 0) < least]
    staying = len(answerable) - len(below)
    kept: list[Option] = []
    if staying < 2:
        best = sorted(below, key=lambda o: (-marks.get(o.id, 0), o.position, o.id))
        kept = best[: 2 - staying]
    hidden: list[Option] = []
    for option in below:
        if option in kept:
            continue
        option.hidden = True
        hidden.append(option)
        decision_log.record(
            decision,
            "option_hidden",
            option=option.id,
            label=option.label,
            answers=0,
            reason="support",
            support=marks.get(option.id, 0),
            threshold=least,
        )
    if kept:
        decision_log.record(
            decision,
            "support_kept",
            reason="support",
            threshold=least,
            kept=[{"option": o.id, "label": o.label, "support": marks.get(o.id, 0)} for o in kept],
        )
    decision.support_applied = True
    db.session.flush()
    return hidden
