"""The discussion of a decision: comments (name and Markdown text), which the organizer can
delete or switch off (``settings.comments``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide import parsing
from groupdecide.errors import Conflict, Forbidden, NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Ballot, Comment, Decision
from groupdecide.problems import FieldError

from .fields import clean_text, limit
from .invites import find_invite
from .times import now

COMMENT_MAX = 5000
# 470 long comments on one page took 30 s to render: pages of this many, newest page first.
COMMENTS_PER_PAGE = 50
COMMENTS_PAGE_MAX = 200


def comments_on(decision: Decision) -> bool:
    return decision.rules.comments


def list_comments(
    decision: Decision,
    *,
    after: int | None = None,
    limit: int = COMMENTS_PAGE_MAX,
    option_id: int | None = None,
) -> tuple[list[Comment], int | None]:
    """A page of the thread, oldest first, from the comment after ``after`` (an id); and the
    cursor of the next page (None on the last one). With ``option_id`` only the comments on
    that proposal."""
    stmt = sa.select(Comment).where(Comment.decision_id == decision.id)
    if option_id is not None:
        stmt = stmt.where(Comment.option_id == option_id)
    if after is not None:
        stmt = stmt.where(Comment.id > after)
    rows = list(db.session.execute(stmt.order_by(Comment.id).limit(limit + 1)).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def comment_page(
    decision: Decision,
    *,
    before: int | None = None,
    limit: int = COMMENTS_PER_PAGE,
    option_id: int | None = None,
) -> tuple[list[Comment], int | None]:
    """What a page shows: the newest ``limit`` comments before ``before`` (an id; None for
    the newest), oldest first; and the id to pass as ``before`` for earlier ones (or None).
    The decision's discussion (``option_id`` None) or the comments on one proposal."""
    stmt = sa.select(Comment).where(
        Comment.decision_id == decision.id,
        Comment.option_id.is_(None) if option_id is None else Comment.option_id == option_id,
    )
    if before is not None:
        stmt = stmt.where(Comment.id < before)
    rows = list(db.session.execute(stmt.order_by(Comment.id.desc()).limit(limit + 1)).scalars())
    more = len(rows) > limit
    rows = list(reversed(rows[:limit]))
    return rows, (rows[0].id if more and rows else None)


def may_comment(
    decision: Decision, *, invite: Any = None, ballot: Ballot | None = None, as_admin: bool = False
) -> bool:
    """Who may join the discussion: on invite-only decisions, like answering, only the
    organizer, someone with an invite of this decision (used or not, never withdrawn) or with
    a ballot of it; on the others anyone with the link."""
    if as_admin or decision.rules.access != "invite":
        return True
    if ballot is not None and ballot.decision_id == decision.id:
        return True
    found = find_invite(decision, invite)
    return found is not None and found.revoked_at is None


def add_comment(
    decision: Decision,
    data: dict[str, Any],
    *,
    ballot: Ballot | None = None,
    as_admin: bool = False,
) -> Comment:
    """Add a comment while the decision is open and the discussion is on, by someone who
    ``may_comment`` (``data["invite"]``, ``ballot``, ``as_admin``). Anonymous decisions ask no
    name here either."""
    if not comments_on(decision):
        raise Forbidden(_("The organizer has switched the discussion off."))
    if decision.current_phase == "closed":
        raise Conflict(_("The decision is closed; the discussion is closed too."))
    if not may_comment(decision, invite=data.get("invite"), ballot=ballot, as_admin=as_admin):
        raise Forbidden(
            _("This decision is by invitation: the discussion needs your invite link."),
            {
                "invite": FieldError(
                    "invite_missing" if not data.get("invite") else "invite_unknown"
                )
            },
        )
    errors: dict[str, FieldError] = {}
    for key in sorted(set(data) - {"name", "body", "invite", "option_id"}):
        errors[key] = FieldError("unknown_field")
    option_id = _option_of(decision, data.get("option_id"), errors)
    anonymous = decision.rules.anonymous
    name: str | None = None
    if anonymous:
        if data.get("name") not in (None, ""):
            errors["name"] = FieldError("anonymous_no_name")
    else:
        name = clean_text(
            data.get("name"), "name", max_len=limit("NAME_MAX"), min_len=1, errors=errors
        )
    body = clean_text(data.get("body"), "body", max_len=COMMENT_MAX, min_len=1, errors=errors)
    if errors:
        raise ValidationFailed(_("Some fields need another look."), errors)
    stamp = now()
    if anonymous:  # like ballots: only the day, so a comment cannot be joined with a ballot
        stamp = stamp.replace(hour=0, minute=0, second=0, microsecond=0)
    comment = Comment(
        tenant_id=decision.tenant_id,
        decision_id=decision.id,
        option_id=option_id,
        name=name,
        body=body,
        created_at=stamp,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def _option_of(decision: Decision, value: Any, errors: dict[str, FieldError]) -> int | None:
    """``option_id`` of a comment: None (the discussion) or an option on the ballot."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        errors["option_id"] = FieldError("not_an_option")
        return None
    option = next((o for o in decision.options if o.id == value), None)
    if option is None:
        errors["option_id"] = FieldError("not_an_option")
        return None
    if option.hidden:
        errors["option_id"] = FieldError("not_an_answerable_option")
        return None
    return option.id


def comment_counts(decision: Decision) -> dict[int, int]:
    """Comments per proposal (only options that have any)."""
    rows = db.session.execute(
        sa.select(Comment.option_id, sa.func.count(Comment.id))
        .where(Comment.decision_id == decision.id, Comment.option_id.is_not(None))
        .group_by(Comment.option_id)
    ).all()
    return {int(o): int(n) for o, n in rows if o is not None}


def get_comment(decision: Decision, comment_id: Any) -> Comment:
    cid = parsing.parse_id(comment_id)
    comment = (
        db.session.execute(
            sa.select(Comment).where(Comment.id == cid, Comment.decision_id == decision.id)
        ).scalar_one_or_none()
        if cid is not None
        else None
    )
    if comment is None:
        raise NotFound(_("There is no such comment."))
    return comment


def delete_comment(decision: Decision, comment: Comment) -> None:
    """The organizer removes a comment."""
    db.session.delete(comment)
    db.session.flush()


def set_comments(decision: Decision, on: bool) -> None:
    """Switch the discussion on or off (existing comments stay, hidden while off)."""
    decision.settings = {**(decision.settings or {}), "comments": bool(on)}
    db.session.flush()
