"""Editorial tools for proposals in the collecting phase: merging two proposals, and the
ballot's order (consensus ``settings.order``: ``fixed`` or ``shuffled``, stable per
participant, the passive solution first)."""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide.errors import Conflict, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Comment, Decision, Option
from groupdecide.problems import FieldError

from . import decision_log, supports


def merge_option(decision: Decision, option: Option, into: Any) -> Option:
    """Merge ``option`` into another proposal (the organizer, while collecting): it leaves the
    ballot (``hidden``, ``merged_into``), its support marks, comments and variants move to the
    other; logged ``option_merged``. Answers the option merged away."""
    errors: dict[str, FieldError] = {}
    target: Option | None = None
    if not isinstance(into, int) or isinstance(into, bool):
        errors["into"] = FieldError("not_another_option")
    else:
        target = next((o for o in decision.options if o.id == into), None)
        if target is None:
            errors["into"] = FieldError("not_an_option")
        elif target.id == option.id:
            errors["into"] = FieldError("not_another_option")
        elif target.passive or target.hidden:
            errors["into"] = FieldError("not_an_answerable_option")
    if errors:
        raise ValidationFailed(_("Check the option to merge into."), errors)
    assert target is not None
    if decision.current_phase != "collecting":
        raise Conflict(_("Proposals can be merged only while proposals are collected."))
    if option.passive:
        raise Conflict(_("The passive solution is the yardstick of the count; it stays."))
    if option.hidden:
        raise Conflict(_("This option is already off the ballot."))
    moved = supports.move_marks(decision, option, target)
    comments = db.session.execute(
        sa.update(Comment)
        .where(Comment.decision_id == decision.id, Comment.option_id == option.id)
        .values(option_id=target.id)
        .execution_options(synchronize_session=False)
    )
    for other in decision.options:
        if other.variant_of == option.id and other.id != target.id:
            other.variant_of = target.id
    if target.variant_of == option.id:
        target.variant_of = None
    option.hidden = True
    option.merged_into = target.id
    decision_log.record(
        decision,
        "option_merged",
        option=option.id,
        label=option.label,
        into=target.id,
        into_label=target.label,
        support_moved=moved,
        comments_moved=int(comments.rowcount or 0),  # type: ignore[attr-defined]
    )
    db.session.flush()
    return option


def shuffle_key(decision: Decision, participant: str | None, option: Option) -> str:
    return hashlib.sha256(f"{decision.id}:{participant or ''}:{option.id}".encode()).hexdigest()


def ballot_order(
    decision: Decision, options: list[Option], participant: str | None
) -> list[Option]:
    """The options in the order this participant's ballot shows them: as given (``fixed``),
    or shuffled by a hash of the decision and the participant (the same every time for the
    same participant), the passive solution first."""
    order = getattr(decision.rules.method, "order", "fixed")
    if order != "shuffled":
        return list(options)
    passive = [o for o in options if o.passive]
    others = sorted(
        (o for o in options if not o.passive),
        key=lambda o: shuffle_key(decision, participant, o),
    )
    return passive + others
