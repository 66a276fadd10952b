"""Rounds (the contract's part two): a closed decision goes into another round with the same
question, its options carried over and fresh ballots; each earlier round is kept as it closed
(``DecisionRound``: its result as the organizer's API answered it, labels included) and its
ballots are moved to ``RetiredBallot`` (so their edit tokens answer 409, not 404)."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any, TypedDict

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from groupdecide.errors import Conflict, NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import (
    Ballot,
    Decision,
    DecisionLogEntry,
    DecisionRound,
    Invite,
    RetiredBallot,
    Subscription,
)
from groupdecide.problems import FieldError

from . import decision_log, events
from .ballots import bump_results_version
from .fields import as_field_errors
from .times import iso, now, parse_time
from .unsubscribe import participant_mail

ROUND_PHASES = ("voting", "collecting")


class RoundJSON(TypedDict):
    """One round as ``GET …/rounds`` lists it."""

    round: int
    closed_at: str | None
    ballot_count: int
    winners: list[int]


def closed_at(decision: Decision) -> datetime | None:
    """When the current round closed (None while it is open): the passed ``closes_at``, else
    the last move to ``closed`` in the log, else when the closing was announced."""
    if decision.current_phase != "closed":
        return None
    if decision.phase != "closed" and decision.closes_at is not None:
        return decision.closes_at
    at = db.session.execute(
        sa.select(DecisionLogEntry.at)
        .where(
            DecisionLogEntry.decision_id == decision.id,
            DecisionLogEntry.action == "phase_changed",
        )
        .order_by(DecisionLogEntry.at.desc(), DecisionLogEntry.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return at or decision.closed_notified_at or decision.closes_at or now()


def _parse(data: dict[str, Any]) -> tuple[str, datetime | None]:
    errors: dict[str, FieldError] = {}
    for key in sorted(set(data) - {"phase", "closes_at"}):
        errors[key] = FieldError("unknown_field")
    phase = data.get("phase")
    if phase not in ROUND_PHASES:
        errors["phase"] = FieldError("not_one_of", choices=ROUND_PHASES)
    closes: datetime | None = None
    if data.get("closes_at") is not None:
        try:
            closes = parse_time(data["closes_at"], "closes_at")
        except ValidationFailed as exc:
            errors.update(as_field_errors(exc.fields))
        if closes is not None and closes <= now():
            errors["closes_at"] = FieldError("not_in_future")
    if errors:
        raise ValidationFailed(_("Some fields need another look."), errors)
    return str(phase), closes


def start_round(decision: Decision, data: dict[str, Any]) -> Decision:
    """Close the books on the current round and open the next (``data``: ``phase``, voting or
    collecting, and an optional ``closes_at``). Only on a closed decision (else 409)."""
    from .options import settings_problems
    from .results import count

    phase, closes = _parse(data)
    if decision.current_phase != "closed":
        raise Conflict(_("A new round can start once the decision is closed."))
    if phase == "voting":
        if len(decision.ballot_options) < 2:
            raise Conflict(_("Voting needs at least 2 options."))
        problems = settings_problems(decision, len(decision.ballot_options))
        if problems:
            raise Conflict(_("The decision's settings need more options."), problems)
    number = decision.round
    result = count(decision, as_admin=True)
    db.session.add(
        DecisionRound(
            tenant_id=decision.tenant_id,
            decision_id=decision.id,
            round=number,
            closed_at=closed_at(decision) or now(),
            ballot_count=int(result.get("ballot_count") or 0),
            winners=list(result.get("winners") or []),
            result=result,
        )
    )
    old = db.session.execute(sa.select(Ballot).where(Ballot.decision_id == decision.id)).scalars()
    db.session.add_all(
        RetiredBallot(
            tenant_id=b.tenant_id,
            decision_id=b.decision_id,
            round=number,
            name=b.name,
            answers=b.answers,
            vetoes=b.vetoes,
            receipt=b.receipt,
            edit_token_hash=b.edit_token_hash,
            created_at=b.created_at,
        )
        for b in list(old)
    )
    db.session.flush()
    db.session.execute(
        sa.delete(Ballot).where(Ballot.decision_id == decision.id),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        sa.update(Invite).where(Invite.decision_id == decision.id).values(used_at=None),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        sa.update(Subscription)
        .where(Subscription.decision_id == decision.id)
        .values(outcome_sent_at=None),
        execution_options={"synchronize_session": False},
    )
    decision.round = number + 1
    decision.phase = phase
    decision.closes_at = closes
    if decision.voting_starts_at is not None and decision.voting_starts_at <= now():
        decision.voting_starts_at = None  # a start time of the round before does not apply
    decision.support_applied = False
    decision.closed_notified_at = None
    bump_results_version(decision)
    decision_log.record(decision, "round_started", round=number + 1, phase=phase)
    events.emit(decision, "round.started")
    db.session.flush()
    _announce(decision)
    return decision


def _announce(decision: Decision) -> None:
    """'A new round is open' to everyone who asked for the outcome and every invite with an
    address (after the commit); links only from the configured public URL or tenant host."""
    from .notify import _tenant, mail_link

    subscribed = db.session.execute(
        sa.select(Subscription.email).where(Subscription.decision_id == decision.id)
    ).scalars()
    invited = db.session.execute(
        sa.select(Invite.email).where(
            Invite.decision_id == decision.id,
            Invite.email.is_not(None),
            Invite.revoked_at.is_(None),
        )
    ).scalars()
    invited_list = [e for e in invited if e]
    addresses = dict.fromkeys([e for e in subscribed if e] + invited_list)
    if not addresses:
        return
    link = mail_link("public.participate", decision)
    by_invite = decision.rules.access == "invite"
    with force_locale(_tenant(decision).locale):
        subject = _("Round %(num)s: %(title)s", num=decision.round, title=decision.title)
        parts = [
            _(
                "A new round of “%(title)s” is open (round %(num)s).",
                title=decision.title,
                num=decision.round,
            )
        ]
        if by_invite:
            parts.append(
                _(
                    "Answer again with the personal link of your invitation; it works once "
                    "more in this round. The decision: %(link)s",
                    link=link,
                )
            )
        else:
            parts.append(_("Answer here: %(link)s", link=link))
        body = "\n\n".join(parts)
        for address in addresses:
            participant_mail(_tenant(decision), address, subject, body)


def stored_rounds(decision: Decision) -> list[DecisionRound]:
    """The earlier rounds, oldest first."""
    return list(
        db.session.execute(
            sa.select(DecisionRound)
            .where(DecisionRound.decision_id == decision.id)
            .order_by(DecisionRound.round)
        ).scalars()
    )


def rounds_list(decision: Decision, *, as_admin: bool = False) -> list[RoundJSON]:
    """Every round, oldest first, the current one last (its ``closed_at`` null while open).
    The caller checks that the results may be seen."""
    from .results import count

    items: list[RoundJSON] = [
        {
            "round": r.round,
            "closed_at": iso(r.closed_at),
            "ballot_count": r.ballot_count,
            "winners": list(r.winners or []),
        }
        for r in stored_rounds(decision)
        if r.round < decision.round
    ]
    live = count(decision, as_admin=as_admin)
    items.append(
        {
            "round": decision.round,
            "closed_at": iso(closed_at(decision)),
            "ballot_count": int(live.get("ballot_count") or 0),
            "winners": list(live.get("winners") or []),
        }
    )
    return items


def parse_round(raw: Any) -> int | None:
    """``?round=N`` as given: None when absent; 422 naming ``round`` for anything that is not
    a positive integer written in digits."""
    if raw is None:
        return None
    text = str(raw)
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ValidationFailed(
            _("The round must be a whole number."), {"round": FieldError("not_an_integer")}
        )
    return int(text)


def result_of_round(decision: Decision, number: int | None, *, as_admin: bool) -> dict[str, Any]:
    """The results of round ``number`` as it closed (None or the current round: the live
    count); 404 for a round that never was. The caller checks that results may be seen."""
    from .results import count, names_shown

    if number is None or number == decision.round:
        return count(decision, as_admin=as_admin)
    stored = db.session.execute(
        sa.select(DecisionRound).where(
            DecisionRound.decision_id == decision.id,
            DecisionRound.round == number,
            DecisionRound.round < decision.round,
        )
    ).scalar_one_or_none()
    if stored is None:
        raise NotFound(_("There is no such round."))
    result = copy.deepcopy(dict(stored.result or {}))
    if not names_shown(decision, as_admin=as_admin):
        for veto in result.get("details", {}).get("vetoes", []):
            veto["name"] = None
    return result


# The figure of each method that the across-rounds chart shows (the first one a result has).
# (written as one string: one figure is named like a method, and method keys are not compared
# outside the method modules)
MAIN_FIGURES = tuple("acceptance share mean points score wins yes".split())  # noqa: SIM905


def main_figure(result: dict[str, Any]) -> str | None:
    """The name of the per-option figure that best says how well an option did."""
    rows = result.get("options") or []
    for name in MAIN_FIGURES:
        if any(isinstance(row.get(name), int | float) for row in rows):
            return name
    return None
