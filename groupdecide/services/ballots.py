"""Ballots: cast, change, withdraw, list; one transaction each, nothing half-written."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from .. import voting
from ..errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from ..extensions import db
from ..models import Ballot, Decision, Invite
from ..security import hash_token, new_token, token_matches
from . import limits
from .common import clean_text, limit, now
from .decisions import effective_settings, option_infos, phase_of

MAX_ID = 2**31 - 1  # integer primary keys are 32-bit on PostgreSQL


def _require_voting(decision: Decision) -> None:
    phase = phase_of(decision)
    if phase == "closed":
        raise Conflict(_("The decision is closed; answers can no longer be given or changed."))
    if phase != "voting":
        raise Conflict(_("Voting has not started yet; proposals are still being collected."))


def _stamp(decision: Decision) -> datetime:
    """Now, or for anonymous decisions only the day, so that timestamps cannot be joined with
    who used which invite."""
    t = now()
    if effective_settings(decision).get("anonymous"):
        return t.replace(hour=0, minute=0, second=0, microsecond=0)
    return t


def _check(decision: Decision, name: Any, answers: Any, name_given: bool) -> tuple[str | None,
                                                                                 dict[str, int]]:
    errors: dict[str, str] = {}
    settings = effective_settings(decision)
    clean_name: str | None = None
    if settings.get("anonymous"):
        if name_given and name not in (None, ""):
            errors["name"] = "this decision is anonymous: leave the name out"
    else:
        clean_name = clean_text(name, "name", max_len=limit("NAME_MAX"), min_len=1, errors=errors)
    normalized: dict[int, int] = {}
    try:
        normalized = voting.validate_answers(
            decision.method, settings, option_infos(decision), answers
        )
    except voting.AnswerError as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationFailed(_("Some answers need another look."), errors)
    return clean_name, normalized


def _use_invite(decision: Decision, token: Any) -> None:
    """Spend an invite in one statement: of many concurrent uses exactly one succeeds."""
    if not isinstance(token, str) or not token:
        raise Forbidden(_("This decision is by invitation: an invite is needed to answer."))
    token_hash = hash_token(token)
    invite = db.session.execute(
        sa.select(Invite).where(Invite.decision_id == decision.id, Invite.token_hash == token_hash)
    ).scalar_one_or_none()
    if invite is None or invite.revoked_at is not None:
        raise Forbidden(_("This invite is not valid for this decision."))
    result = db.session.execute(
        sa.update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=_stamp(decision)),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(_("This invite has been used already."))


def cast_ballot(
    decision: Decision, data: dict[str, Any]
) -> tuple[Ballot, str]:
    """Check and store a ballot. Returns it and its edit token (kept only as a hash)."""
    _require_voting(decision)
    limits.check_ballot_limit(decision)
    errors = {k: "unknown field" for k in sorted(set(data) - {"name", "answers", "invite"})}
    if errors:
        raise ValidationFailed(_("Some fields are not known."), errors)
    name, answers = _check(decision, data.get("name"), data.get("answers"), "name" in data)
    if effective_settings(decision).get("access") == "invite":
        _use_invite(decision, data.get("invite"))
    token = new_token()
    stamp = _stamp(decision)
    ballot = Ballot(
        tenant_id=decision.tenant_id,
        decision_id=decision.id,
        name=name,
        answers={str(k): v for k, v in answers.items()},
        edit_token_hash=hash_token(token),
        created_at=stamp,
        updated_at=stamp,
    )
    db.session.add(ballot)
    db.session.flush()
    return ballot, token


def get_ballot(decision: Decision, ballot_id: Any) -> Ballot:
    try:
        bid = int(ballot_id)
    except (TypeError, ValueError):
        raise NotFound(_("There is no such ballot.")) from None
    if not 0 < bid <= MAX_ID:  # beyond the column's range: nothing to look up
        raise NotFound(_("There is no such ballot."))
    ballot = db.session.execute(
        sa.select(Ballot).where(Ballot.id == bid, Ballot.decision_id == decision.id)
    ).scalar_one_or_none()
    if ballot is None:
        raise NotFound(_("There is no such ballot."))
    return ballot


def ballot_by_token(decision: Decision, token: str | None) -> Ballot | None:
    """The ballot of this decision whose edit token this is, or None."""
    if not token:
        return None
    return db.session.execute(
        sa.select(Ballot).where(
            Ballot.decision_id == decision.id, Ballot.edit_token_hash == hash_token(token)
        )
    ).scalar_one_or_none()


def require_edit_token(ballot: Ballot, token: str | None) -> None:
    if not token_matches(token, ballot.edit_token_hash):
        raise Unauthorized(_("This ballot can only be changed with its own edit link."))


def update_ballot(decision: Decision, ballot: Ballot, data: dict[str, Any]) -> Ballot:
    """Replace a ballot's name and answers (only while voting)."""
    _require_voting(decision)
    errors = {k: "unknown field" for k in sorted(set(data) - {"name", "answers"})}
    if "invite" in data:
        errors["invite"] = "an invite is only used when casting"
    if errors:
        raise ValidationFailed(_("Some fields are not known."), errors)
    name, answers = _check(decision, data.get("name"), data.get("answers"), "name" in data)
    ballot.name = name
    ballot.answers = {str(k): v for k, v in answers.items()}
    ballot.updated_at = _stamp(decision)
    db.session.flush()
    return ballot


def withdraw_ballot(decision: Decision, ballot: Ballot) -> None:
    """Delete a ballot (only while voting)."""
    _require_voting(decision)
    db.session.delete(ballot)
    db.session.flush()


def list_ballots(decision: Decision) -> list[Ballot]:
    return list(
        db.session.execute(
            sa.select(Ballot).where(Ballot.decision_id == decision.id).order_by(Ballot.id)
        ).scalars()
    )


def ballot_answers(decision: Decision) -> list[dict[int, int]]:
    """Every ballot's answers as option id -> value, read in one query for counting."""
    rows = db.session.execute(
        sa.select(Ballot.answers).where(Ballot.decision_id == decision.id)
    ).scalars()
    return [{int(k): v for k, v in (a or {}).items()} for a in rows]


def create_invites(decision: Decision, count: Any) -> list[str]:
    """Make ``count`` personal invite tokens (each casts one ballot)."""
    if isinstance(count, bool) or not isinstance(count, int) or not (1 <= count <= 1000):
        raise ValidationFailed(_("Check the number of invites."), {"count": "must be 1 to 1000"})
    if phase_of(decision) == "closed":
        raise Conflict(_("The decision is closed."))
    tokens = [new_token() for _ in range(count)]
    for t in tokens:
        db.session.add(
            Invite(tenant_id=decision.tenant_id, decision_id=decision.id, token_hash=hash_token(t))
        )
    db.session.flush()
    return tokens
