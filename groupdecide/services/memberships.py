"""Members of a tenant: memberships and their roles, and invitations to become one (a mailed
one-time link). Services flush, never commit; mails leave after the commit (services/mail.py)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from groupdecide import parsing
from groupdecide.errors import Conflict, Forbidden, NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import ROLES, Invitation, Membership, Tenant, User
from groupdecide.problems import FieldError
from groupdecide.security import hash_token, new_token

from .accounts import (
    _link,
    check_new_password,
    clean_email,
    end_all_sessions,
    ensure_user,
    find_user,
    set_password,
)
from .fields import limit
from .mail import send_mail
from .passwords import verify_password
from .times import now

# ----------------------------------------------------------------------------- memberships


def membership(user_id: int | None) -> Membership | None:
    """The user's membership in the current tenant (the ORM filter scopes it)."""
    if user_id is None:
        return None
    return db.session.execute(
        sa.select(Membership).where(Membership.user_id == user_id)
    ).scalar_one_or_none()


def is_member_of(user_id: int | None, tenant_id: int) -> bool:
    """Whether the user is a member of the tenant with this id (the current one)."""
    from groupdecide.tenancy import current_tenant_id

    if current_tenant_id() != tenant_id:
        return False
    return membership(user_id) is not None


def list_members() -> list[tuple[Membership, User]]:
    rows = db.session.execute(
        sa.select(Membership, User).join(User, User.id == Membership.user_id).order_by(User.email)
    ).all()
    return [(m, u) for m, u in rows]


def add_member(tenant: Tenant, user: User, role: str) -> Membership:
    """Make ``user`` a member (or change nothing if they are one)."""
    if role not in ROLES:
        raise ValidationFailed(_("Choose a role."), {"role": FieldError("not_a_role")})
    existing = membership(user.id)
    if existing is not None:
        return existing
    from .limits import check_member_limit

    check_member_limit(tenant)
    member = Membership(tenant_id=tenant.id, user_id=user.id, role=role)
    db.session.add(member)
    db.session.flush()
    return member


def get_member(member_id: object) -> Membership:
    mid = parsing.parse_id(member_id)
    if mid is None:  # beyond the column's range PostgreSQL would refuse the query
        raise NotFound(_("There is no such member."))
    member = db.session.execute(
        sa.select(Membership).where(Membership.id == mid)
    ).scalar_one_or_none()
    if member is None:
        raise NotFound(_("There is no such member."))
    return member


def _owners() -> int:
    return int(
        db.session.execute(
            sa.select(sa.func.count(Membership.id)).where(Membership.role == "owner")
        ).scalar_one()
    )


def change_role(member: Membership, role: str) -> None:
    if role not in ROLES:
        raise ValidationFailed(_("Choose a role."), {"role": FieldError("not_a_role")})
    if member.role == "owner" and role != "owner" and _owners() <= 1:
        raise Conflict(_("A space needs at least one owner. Make someone else owner first."))
    member.role = role
    db.session.flush()


def remove_member(member: Membership) -> None:
    """Remove a member; their log-ins end everywhere."""
    if member.role == "owner" and _owners() <= 1:
        raise Conflict(_("A space needs at least one owner. Make someone else owner first."))
    end_all_sessions(member.user_id)
    db.session.delete(member)
    db.session.flush()


# ----------------------------------------------------------------------------- invitations


def invite(tenant: Tenant, email: object, role: object, invited_by: int | None) -> str:
    """Mail a one-time link that makes the person a member; returns the link."""
    address = clean_email(email)
    if role not in ROLES:
        raise ValidationFailed(_("Choose a role."), {"role": FieldError("not_a_role")})
    user = find_user(address)
    if user is not None and membership(user.id) is not None:
        message = _("%(email)s is a member already.", email=address)
        raise Conflict(message, {"email": message})
    from .limits import check_member_limit

    check_member_limit(tenant, pending=True)
    token = new_token()
    db.session.add(
        Invitation(
            tenant_id=tenant.id,
            email=address,
            role=str(role),
            token_hash=hash_token(token),
            invited_by=invited_by,
            expires_at=now() + timedelta(days=limit("INVITE_LINK_DAYS")),
        )
    )
    db.session.flush()
    link = _link("auth.invitation", tenant, token)
    send_mail(
        address,
        _("Invitation to %(name)s", name=tenant.name),
        ngettext(
            "You are invited to organize decisions in %(name)s on groupdecide.\n\n"
            "Accept with this link (it works once, for %(num)d day):\n%(link)s\n",
            "You are invited to organize decisions in %(name)s on groupdecide.\n\n"
            "Accept with this link (it works once, for %(num)d days):\n%(link)s\n",
            limit("INVITE_LINK_DAYS"),
            name=tenant.name,
            link=link,
        ),
    )
    return link


def pending_invitations() -> list[Invitation]:
    return list(
        db.session.execute(
            sa.select(Invitation)
            .where(
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now(),
            )
            .order_by(Invitation.created_at.desc())
        ).scalars()
    )


def revoke_invitation(invitation_id: object) -> None:
    iid = parsing.parse_id(invitation_id)
    if iid is None:
        raise NotFound(_("There is no such invitation."))
    row = db.session.execute(sa.select(Invitation).where(Invitation.id == iid)).scalar_one_or_none()
    if row is None:
        raise NotFound(_("There is no such invitation."))
    row.revoked_at = now()
    db.session.flush()


def live_invitation(token: object) -> Invitation:
    """The current tenant's unused invitation with this token, else NotFound."""
    if not isinstance(token, str) or not token or len(token) > 100:
        raise NotFound(_("This invitation is not valid. It may have been used or expired."))
    row = db.session.execute(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(token))
    ).scalar_one_or_none()
    if (
        row is None
        or row.accepted_at is not None
        or row.revoked_at is not None
        or row.expires_at <= now()
    ):
        raise NotFound(_("This invitation is not valid. It may have been used or expired."))
    return row


def accept_invitation(tenant: Tenant, token: object, password: object, confirm: object) -> User:
    """Accept: an existing account proves itself with its password; a new one chooses one."""
    row = live_invitation(token)
    user = find_user(row.email)
    if user is not None and user.password_hash:
        if not verify_password(user.password_hash, str(password or "")):
            raise ValidationFailed(
                _("Check the password."),
                {"password": FieldError("not_account_password")},
            )
    else:
        password = check_new_password(password, confirm)
        user = user or ensure_user(row.email)
        set_password(user, password)
    spent = db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == row.id, Invitation.accepted_at.is_(None))
        .values(accepted_at=now()),
        execution_options={"synchronize_session": False},
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(_("This invitation has been used already."))
    add_member(tenant, user, row.role)
    return user


def require_role(user_id: int | None, *roles: str) -> Membership:
    """The user's membership here with one of ``roles``, else Forbidden."""
    member = membership(user_id)
    if member is None or (roles and member.role not in roles):
        raise Forbidden(_("This page is for the owners of this space."))
    return member
