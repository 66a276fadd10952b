"""Ballots: cast, change, withdraw, list; one transaction each, nothing half-written."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide import metrics, parsing, voting
from groupdecide.database import begin_write
from groupdecide.errors import Conflict, NotFound, Unauthorized, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, RetiredBallot, Subscription
from groupdecide.problems import FieldError
from groupdecide.security import hash_token, new_token, token_matches

from . import limits
from .anonymity import anonymous as _anonymous
from .anonymity import insert_apart as _insert_apart
from .decision_settings import DecisionSettings
from .decisions import option_infos
from .events import emit
from .fields import as_field_errors, clean_text, limit
from .invites import use_invite
from .times import now

VETO_REASON_MAX = 1000
CAST_FIELDS = {"name", "answers", "invite", "vetoes", "email"}


def _require_voting(decision: Decision) -> None:
    phase = decision.current_phase
    if phase == "closed":
        raise Conflict(_("The decision is closed; answers can no longer be given or changed."))
    if phase != "voting":
        raise Conflict(_("Voting has not started yet; proposals are still being collected."))


def _stamp(decision: Decision) -> datetime:
    """Now, or for anonymous decisions only the day, so that timestamps cannot be joined with
    who used which invite."""
    t = now()
    if decision.rules.anonymous:
        return t.replace(hour=0, minute=0, second=0, microsecond=0)
    return t


def _check_vetoes(
    decision: Decision,
    rules: DecisionSettings,
    raw: Any,
    answers: dict[int, int],
    errors: dict[str, FieldError],
) -> dict[str, str] | None:
    """``{"<option id>": "reason"}``: a veto only on a resistance of 10 and never without a
    reason; only where the decision takes vetoes."""
    if raw is None or raw == {}:
        return None
    if not rules.vetoes:
        errors["vetoes"] = FieldError("no_vetoes")
        return None
    if not isinstance(raw, dict):
        errors["vetoes"] = FieldError("vetoes_not_an_object")
        return None
    ids = {str(o.id) for o in decision.options}
    out: dict[str, str] = {}
    for key, reason in raw.items():
        field = f"vetoes.{key}"
        if str(key) not in ids:
            errors[field] = FieldError("not_an_option")
            continue
        if answers.get(int(key)) != 10:
            errors[field] = FieldError("veto_needs_resistance")
            continue
        text = reason.strip().replace("\x00", "") if isinstance(reason, str) else ""
        if not text:
            errors[field] = FieldError("veto_needs_reason")
        elif len(text) > VETO_REASON_MAX:
            errors[field] = FieldError("too_long", max=VETO_REASON_MAX)
        else:
            out[str(key)] = text
    return out or None


def _check(
    decision: Decision, name: Any, answers: Any, name_given: bool, vetoes: Any = None
) -> tuple[str | None, dict[int, int], dict[str, str] | None]:
    errors: dict[str, FieldError] = {}
    rules = decision.rules
    clean_name: str | None = None
    if rules.anonymous:
        if name_given and name not in (None, ""):
            errors["name"] = FieldError("anonymous_no_name")
    else:
        clean_name = clean_text(name, "name", max_len=limit("NAME_MAX"), min_len=1, errors=errors)
    normalized: dict[int, int] = {}
    try:
        method = voting.get_method(decision.method)
        normalized = method.validate(rules.method, option_infos(decision), answers)
    except voting.AnswerError as exc:
        errors.update(as_field_errors(exc.fields))
    clean_vetoes = _check_vetoes(decision, rules, vetoes, normalized, errors)
    if errors:
        raise ValidationFailed(_("Some answers need another look."), errors)
    return clean_name, normalized, clean_vetoes


def _subscribe(decision: Decision, raw: Any) -> None:
    """Keep an address for the outcome mail, apart from the ballot (never linked to it)."""
    from .accounts import clean_email

    if raw in (None, ""):
        return
    email = clean_email(raw, "email")
    exists = db.session.execute(
        sa.select(Subscription.id).where(
            Subscription.decision_id == decision.id, Subscription.email == email
        )
    ).first()
    if exists is None:
        row = Subscription(
            tenant_id=decision.tenant_id,
            decision_id=decision.id,
            email=email,
            created_at=_stamp(decision),
        )
        if _anonymous(decision):  # no id order shared with the ballot written beside it
            _insert_apart(row)
        else:
            db.session.add(row)


def cast_ballot(decision: Decision, data: dict[str, Any]) -> tuple[Ballot, str]:
    """Check and store a ballot. Returns it and its edit token (kept only as a hash).

    The checks read only (on SQLite no write lock is held while they run); then the write is
    short: the write lock, a conditional update of the decision that re-checks it is still
    open (a close in between: 409, nothing written), the insert."""
    _require_voting(decision)
    errors = {k: "unknown field" for k in sorted(set(data) - CAST_FIELDS)}
    if errors:
        raise ValidationFailed(_("Some fields are not known."), errors)
    name, answers, vetoes = _check(
        decision, data.get("name"), data.get("answers"), "name" in data, data.get("vetoes")
    )
    rules = decision.rules
    token = new_token()
    stamp = _stamp(decision)
    begin_write()
    claim_open(decision)
    limits.check_ballot_limit(decision)
    if data.get("email") not in (None, ""):
        try:
            _subscribe(decision, data.get("email"))
        except ValidationFailed as exc:
            raise ValidationFailed(_("Check the e-mail address."), exc.fields) from None
    if rules.access == "invite":
        use_invite(decision, data.get("invite"), stamp)
    ballot = Ballot(
        tenant_id=decision.tenant_id,
        decision_id=decision.id,
        name=name,
        answers={str(k): v for k, v in answers.items()},
        vetoes=vetoes,
        edit_token_hash=hash_token(token),
        created_at=stamp,
        updated_at=stamp,
        receipt=new_receipt(decision),
    )
    if _anonymous(decision):  # the id says nothing about the order of voting
        _insert_apart(ballot)
    else:
        db.session.add(ballot)
        db.session.flush()
    emit(decision, "ballot.cast")
    metrics.ballot_cast()
    return ballot, token


def claim_open(decision: Decision) -> None:
    """The results version goes up, but only while the decision is as it was checked: the
    same stored phase and round, not past its closing time. No row: it changed in between
    (closed, a new round): 409 with the reason, and nothing is written. Under the write lock
    (SQLite) or the row's lock (PostgreSQL), so a close waits for this ballot or wins."""
    t = now()
    updated = db.session.execute(
        sa.update(Decision)
        .where(
            Decision.tenant_id == decision.tenant_id,
            Decision.id == decision.id,
            Decision.phase == decision.phase,
            Decision.round == decision.round,
            sa.or_(Decision.closes_at.is_(None), Decision.closes_at > t),
        )
        .values(results_version=Decision.results_version + 1),
        execution_options={"synchronize_session": False},
    )
    if getattr(updated, "rowcount", 0) != 1:
        db.session.refresh(decision)
        _require_voting(decision)
        raise Conflict(_("This conflicts with a change made at the same moment."))
    db.session.expire(decision, ["results_version"])


def new_receipt(decision: Decision) -> str | None:
    """With ``settings.receipts``: a fresh random receipt (96 bits, 16 characters), else None."""
    return secrets.token_urlsafe(12) if decision.rules.receipts else None


def require_current_round(decision_id: str, token: str | None) -> None:
    """409 when ``token`` is the edit token of a ballot of an earlier round."""
    if not token:
        return
    retired = db.session.execute(
        sa.select(RetiredBallot.round).where(
            RetiredBallot.decision_id == decision_id,
            RetiredBallot.edit_token_hash == hash_token(token),
        )
    ).first()
    if retired is not None:
        raise Conflict(
            _(
                "This ballot belongs to round %(num)s, which is over; answer again for this round.",
                num=retired[0],
            )
        )


def get_ballot(decision: Decision, ballot_id: Any, token: str | None = None) -> Ballot:
    """The ballot by its id; with ``token``, an edit token of an earlier round is 409."""
    bid = parsing.parse_id(ballot_id)
    if bid is None:  # not an id, or beyond the column's range: nothing to look up
        raise NotFound(_("There is no such ballot."))
    ballot = db.session.execute(
        sa.select(Ballot).where(Ballot.id == bid, Ballot.decision_id == decision.id)
    ).scalar_one_or_none()
    if ballot is None:
        require_current_round(decision.id, token)
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
        require_current_round(ballot.decision_id, token)
        raise Unauthorized(_("This ballot can only be changed with its own edit link."))


def update_ballot(decision: Decision, ballot: Ballot, data: dict[str, Any]) -> Ballot:
    """Replace a ballot's name and answers (only while voting)."""
    _require_voting(decision)
    errors = {k: "unknown field" for k in sorted(set(data) - {"name", "answers", "vetoes"})}
    if "invite" in data:
        errors["invite"] = FieldError("invite_only_when_casting")
    if errors:
        raise ValidationFailed(_("Some fields are not known."), errors)
    name, answers, vetoes = _check(
        decision, data.get("name"), data.get("answers"), "name" in data, data.get("vetoes")
    )
    ballot.name = name
    ballot.answers = {str(k): v for k, v in answers.items()}
    ballot.vetoes = vetoes
    ballot.receipt = new_receipt(decision)
    ballot.updated_at = _stamp(decision)
    db.session.flush()
    bump_results_version(decision)
    emit(decision, "ballot.changed")
    return ballot


def withdraw_ballot(decision: Decision, ballot: Ballot) -> None:
    """Delete a ballot (only while voting)."""
    _require_voting(decision)
    db.session.delete(ballot)
    db.session.flush()
    bump_results_version(decision)


def list_ballots(decision: Decision) -> list[Ballot]:
    return list(
        db.session.execute(
            sa.select(Ballot).where(Ballot.decision_id == decision.id).order_by(Ballot.id)
        ).scalars()
    )


def ballot_answers(decision: Decision) -> list[dict[str, int]]:
    """Every ballot's answers as option id (a string) -> value, for counting. Read as the
    stored JSON text and parsed in one go: with 100,000 ballots that is twice as fast as
    letting the driver parse each row (``Method.tally`` takes string keys)."""
    rows = (
        db.session.execute(
            sa.select(sa.cast(Ballot.answers, sa.Text)).where(Ballot.decision_id == decision.id)
        )
        .scalars()
        .all()
    )
    if not rows:
        return []
    parsed: list[dict[str, int] | None] = json.loads(
        "[" + ",".join(r or "null" for r in rows) + "]"
    )
    return [a or {} for a in parsed]


def bump_results_version(decision: Decision) -> None:
    """Mark the decision's count stale (in the transaction that changes a ballot)."""
    db.session.execute(
        sa.update(Decision)
        .where(Decision.id == decision.id)
        .values(results_version=Decision.results_version + 1),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(decision, ["results_version"])


def possible_duplicates(decision: Decision) -> dict[str, int]:
    """Names given on more than one ballot (case and surrounding spaces ignored): possibly
    the same person twice on an open link."""
    seen: dict[str, int] = {}
    for name in db.session.execute(
        sa.select(Ballot.name).where(Ballot.decision_id == decision.id, Ballot.name.is_not(None))
    ).scalars():
        key = " ".join((name or "").split()).casefold()
        if key:
            seen[key] = seen.get(key, 0) + 1
    return {k: v for k, v in seen.items() if v > 1}
