"""Accounts: users, memberships, log-in sessions, one-time links (set-up, reset) and member
invitations. Services flush, never commit; mails leave after the commit (services/mail.py).

A log-in is a row in ``user_sessions`` whose random id the cookie carries (only its hash is
stored): logging out, changing the password or being removed from a tenant deletes the rows, and
the log-in ends in every browser at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from .. import parsing
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..models import ROLES, AccountToken, Invitation, Membership, Tenant, User, UserSession
from ..security import hash_token, new_token
from .fields import limit
from .mail import send_mail
from .passwords import hash_password, needs_rehash, password_problem, verify_password
from .times import now

EMAIL_RE = re.compile(r"^[^@\s<>,;\"]{1,64}@[^@\s<>,;\"]{1,252}\.[^@\s<>,;\".]{2,63}$")


# ----------------------------------------------------------------------------- users


def clean_email(raw: object, field: str = "email") -> str:
    """A plausible e-mail address, lower-cased, else ValidationFailed naming ``field``."""
    text = raw.strip().lower() if isinstance(raw, str) else ""
    if not text:
        message = _("Enter an e-mail address.")
        raise ValidationFailed(message, {field: message})
    # a NUL (which PostgreSQL refuses) or a lone surrogate is no address either
    if len(text) > 254 or parsing.has_bad_characters(text) or not EMAIL_RE.fullmatch(text):
        raise ValidationFailed(
            _("Check the e-mail address."),
            {field: _("Enter an e-mail address such as name@example.org.")},
        )
    return text


def find_user(email: str) -> User | None:
    if parsing.has_bad_characters(email):  # no address has them; PostgreSQL refuses a NUL
        return None
    return db.session.execute(
        sa.select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()


def get_user(user_id: int) -> User | None:
    return db.session.execute(sa.select(User).where(User.id == user_id)).scalar_one_or_none()


def ensure_user(email: str) -> User:
    """The user with this address, created (without a password) if new."""
    email = clean_email(email)
    user = find_user(email)
    if user is None:
        user = User(email=email)
        db.session.add(user)
        db.session.flush()
    return user


def check_new_password(password: object, confirm: object, field: str = "password") -> str:
    problem = password_problem(password)
    if problem:
        raise ValidationFailed(_("Check the password."), {field: problem})
    if confirm is not None and confirm != password:
        raise ValidationFailed(
            _("Check the password."), {field + "_confirm": _("The two passwords differ.")}
        )
    assert isinstance(password, str)
    return password


def set_password(user: User, password: str) -> None:
    """Store a new password and end every log-in of the user."""
    user.password_hash = hash_password(password)
    user.password_changed_at = now()
    end_all_sessions(user.id)
    db.session.flush()


def authenticate(email: object, password: object) -> User | None:
    """The user with this address and password, or None (the same time either way)."""
    address = email.strip().lower() if isinstance(email, str) else ""
    user = find_user(address) if address else None
    if not verify_password(user.password_hash if user else None, str(password or "")):
        return None
    assert user is not None and user.password_hash is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(str(password))
    return user


def change_password(user: User, current: object, new: object, confirm: object) -> None:
    if not verify_password(user.password_hash, str(current or "")):
        raise ValidationFailed(
            _("Check the password."), {"current": _("This is not your current password.")}
        )
    set_password(user, check_new_password(new, confirm, "new"))


# ----------------------------------------------------------------------------- sessions


@dataclass
class Account:
    """The logged-in person as Flask-Login sees them: the user and the session id."""

    user: User
    sid: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return self.sid

    @property
    def id(self) -> int:
        return int(self.user.id)

    @property
    def email(self) -> str:
        return str(self.user.email)


def start_session(user: User) -> str:
    """A new log-in for ``user``; returns the random id for the cookie."""
    sid = new_token()
    days = limit("LOGIN_SESSION_DAYS")
    db.session.add(
        UserSession(
            id_hash=hash_token(sid), user_id=user.id, expires_at=now() + timedelta(days=days)
        )
    )
    db.session.flush()
    return sid


def session_user(sid: object) -> User | None:
    """The user of a live log-in, or None (unknown, ended or expired)."""
    if not isinstance(sid, str) or not sid or len(sid) > 100:
        return None
    row = db.session.execute(
        sa.select(UserSession).where(UserSession.id_hash == hash_token(sid))
    ).scalar_one_or_none()
    if row is None or row.expires_at <= now():
        return None
    return get_user(row.user_id)


def end_session(sid: str) -> None:
    db.session.execute(
        sa.delete(UserSession).where(UserSession.id_hash == hash_token(sid)),
        execution_options={"synchronize_session": False},
    )


def end_all_sessions(user_id: int) -> None:
    db.session.execute(
        sa.delete(UserSession).where(UserSession.user_id == user_id),
        execution_options={"synchronize_session": False},
    )


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
    from ..tenancy import current_tenant_id

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
        raise ValidationFailed(_("Choose a role."), {"role": _("Choose owner or organizer.")})
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
        raise ValidationFailed(_("Choose a role."), {"role": _("Choose owner or organizer.")})
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


# ----------------------------------------------------------------------------- one-time links


def _link(endpoint: str, tenant: Tenant | None, token: str) -> str:
    """An absolute link for a mail: from PUBLIC_URL (or the tenant's own host), never from
    the request's Host."""
    from ..links import public_url

    return public_url(endpoint, tenant, token=token)


def issue_token(user: User, purpose: str) -> str:
    hours = limit("RESET_LINK_HOURS") if purpose == "reset" else limit("SETUP_LINK_DAYS") * 24
    token = new_token()
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(token),
            expires_at=now() + timedelta(hours=hours),
        )
    )
    db.session.flush()
    return token


def send_setup_link(tenant: Tenant, user: User) -> str:
    """Mail a one-time link to set the password (a new owner); returns the link."""
    token = issue_token(user, "setup")
    link = _link("auth.set_password", tenant, token)
    with force_locale(tenant.locale):  # the CLI and the operator's page: the tenant's language
        send_mail(
            user.email,
            _("Your access to %(name)s", name=tenant.name),
            ngettext(
                "You have been made an owner of %(name)s on groupdecide.\n\n"
                "Set your password with this link (it works once, for %(num)d "
                "day):\n%(link)s\n",
                "You have been made an owner of %(name)s on groupdecide.\n\n"
                "Set your password with this link (it works once, for %(num)d "
                "days):\n%(link)s\n",
                limit("SETUP_LINK_DAYS"),
                name=tenant.name,
                link=link,
            ),
        )
    return link


def request_reset(tenant: Tenant, email: object) -> None:
    """Mail a reset link if a member of this tenant has this address; say nothing either way
    (and do the same work either way: the look-up runs after the answer, ``services.resets``)."""
    from .resets import schedule_reset

    schedule_reset(tenant, email)


def token_user(token: object) -> tuple[AccountToken, User]:
    """The live one-time link and its user, else NotFound."""
    if not isinstance(token, str) or not token or len(token) > 100:
        raise NotFound(_("This link is not valid. It may have been used or expired already."))
    row = db.session.execute(
        sa.select(AccountToken).where(AccountToken.token_hash == hash_token(token))
    ).scalar_one_or_none()
    user = get_user(row.user_id) if row is not None else None
    if row is None or user is None or row.used_at is not None or row.expires_at <= now():
        raise NotFound(_("This link is not valid. It may have been used or expired already."))
    return row, user


def set_password_with_token(token: object, password: object, confirm: object) -> User:
    """Use a set-up or reset link: set the password, spend the link."""
    row, user = token_user(token)
    password = check_new_password(password, confirm)
    spent = db.session.execute(
        sa.update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=now()),
        execution_options={"synchronize_session": False},
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise NotFound(_("This link is not valid. It may have been used or expired already."))
    set_password(user, password)
    return user


# ----------------------------------------------------------------------------- invitations


def invite(tenant: Tenant, email: object, role: object, invited_by: int | None) -> str:
    """Mail a one-time link that makes the person a member; returns the link."""
    address = clean_email(email)
    if role not in ROLES:
        raise ValidationFailed(_("Choose a role."), {"role": _("Choose owner or organizer.")})
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
                {"password": _("This is not the password of this account.")},
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
