"""Personal invites of a decision: made (unnamed or one per address), found by token, spent
by the ballot they cast, listed and withdrawn. Only a token's hash is kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide import parsing
from groupdecide.errors import Conflict, Forbidden, NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Decision, Invite
from groupdecide.problems import FieldError
from groupdecide.security import hash_token, new_token

from .anonymity import invite_use_shown
from .times import now


def use_invite(decision: Decision, token: Any, at: datetime) -> None:
    """Spend an invite in one statement (marked used ``at``): of many concurrent uses exactly
    one succeeds."""
    if not isinstance(token, str) or not token:
        raise Forbidden(_("This decision is by invitation: an invite is needed to answer."))
    invite = find_invite(decision, token)
    if invite is None:
        raise Forbidden(
            _("This invite is not valid for this decision."),
            {"invite": FieldError("invite_unknown")},
        )
    if invite.revoked_at is not None:
        raise Forbidden(
            _("This invite was withdrawn by the organizer."),
            {"invite": FieldError("invite_revoked")},
        )
    result = db.session.execute(
        sa.update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=at),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(
            _("This invite has been used already."), {"invite": FieldError("invite_used")}
        )


def find_invite(decision: Decision, token: Any) -> Invite | None:
    """The invite of this decision with this token, or None."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    return db.session.execute(
        sa.select(Invite).where(
            Invite.decision_id == decision.id, Invite.token_hash == hash_token(token)
        )
    ).scalar_one_or_none()


def invite_state(decision: Decision, token: Any) -> str | None:
    """``valid``, ``used``, ``revoked`` or ``unknown`` for a token; None without one."""
    if not token:
        return None
    invite = find_invite(decision, token)
    if invite is None:
        return "unknown"
    if invite.revoked_at is not None:
        return "revoked"
    return "used" if invite.used_at is not None else "valid"


INVITES_MAX = 1000


def make_invites(
    decision: Decision, *, count: Any = None, emails: list[str] | None = None
) -> list[tuple[Invite, str]]:
    """Make personal invites: ``count`` unnamed ones, or one per e-mail address (the caller
    mails them). Returns each invite with its token (shown once; only the hash is kept)."""
    if emails is None:
        if isinstance(count, bool) or not isinstance(count, int) or not (1 <= count <= INVITES_MAX):
            raise ValidationFailed(
                _("Check the number of invites."),
                {"count": FieldError("count_out_of_range", max=INVITES_MAX)},
            )
        targets: list[str | None] = [None] * count
    else:
        if not emails:
            raise ValidationFailed(
                _("Enter at least one e-mail address."),
                {"emails": FieldError("no_emails")},
            )
        if len(emails) > INVITES_MAX:
            raise ValidationFailed(
                _("Too many addresses at once."),
                {"emails": FieldError("too_many_addresses", max=INVITES_MAX)},
            )
        targets = list(dict.fromkeys(emails))
    if decision.current_phase == "closed":
        raise Conflict(_("The decision is closed."))
    out: list[tuple[Invite, str]] = []
    for email in targets:
        token = new_token()
        invite = Invite(
            tenant_id=decision.tenant_id,
            decision_id=decision.id,
            token_hash=hash_token(token),
            email=email,
        )
        db.session.add(invite)
        out.append((invite, token))
    db.session.flush()
    return out


def clean_emails(raw: Any, field: str = "emails") -> list[str]:
    """A list of addresses (or a text with one per line, or separated by commas or
    semicolons), each checked; the first bad one is named."""
    from .accounts import clean_email

    if isinstance(raw, str):
        items = [x for x in raw.replace(";", "\n").replace(",", "\n").split() if x.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise ValidationFailed(
            _("Check the e-mail addresses."), {field: FieldError("not_a_list_of_emails")}
        )
    out: list[str] = []
    for i, item in enumerate(items):
        try:
            out.append(clean_email(item, field))
        except ValidationFailed:
            shown = item if isinstance(item, str) else str(i + 1)
            raise ValidationFailed(
                _("Check the e-mail addresses."),
                {field: FieldError("not_an_email_in_list", text=shown[:100])},
            ) from None
    return out


def list_invites(decision: Decision) -> list[Invite]:
    return list(
        db.session.execute(
            sa.select(Invite).where(Invite.decision_id == decision.id).order_by(Invite.id)
        ).scalars()
    )


def get_invite(decision: Decision, invite_id: Any) -> Invite:
    iid = parsing.parse_id(invite_id)
    invite = (
        db.session.execute(
            sa.select(Invite).where(Invite.id == iid, Invite.decision_id == decision.id)
        ).scalar_one_or_none()
        if iid is not None
        else None
    )
    if invite is None:
        raise NotFound(_("There is no such invite."))
    return invite


def revoke_invite(decision: Decision, invite: Invite) -> None:
    """Withdraw an unused invite: its link no longer casts a ballot. A used invite keeps its
    ballot (409), except while an anonymous decision is open: there a used invite is withdrawn
    like any other (its ballot stays), so that the answer does not tell it was used."""
    if invite.used_at is not None and invite_use_shown(decision):
        raise Conflict(_("This invite has been used already; its answer stays."))
    if invite.revoked_at is None:
        invite.revoked_at = now()
    db.session.flush()
