"""Accounts: users, log-in sessions and one-time links (set-up, reset); memberships and member
invitations are in ``members``. Services flush, never commit; mails leave after the commit
(services/mail.py).

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

from groupdecide import parsing
from groupdecide.errors import NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import AccountToken, Tenant, User, UserSession
from groupdecide.problems import FieldError
from groupdecide.security import hash_token, new_token

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
        raise ValidationFailed(_("Enter an e-mail address."), {field: FieldError("email_missing")})
    # a NUL (which PostgreSQL refuses) or a lone surrogate is no address either
    if len(text) > 254 or parsing.has_bad_characters(text) or not EMAIL_RE.fullmatch(text):
        raise ValidationFailed(
            _("Check the e-mail address."),
            {field: FieldError("email_not_valid")},
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
            _("Check the password."), {field + "_confirm": FieldError("passwords_differ")}
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
    assert user is not None
    assert user.password_hash is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(str(password))
    return user


def change_password(user: User, current: object, new: object, confirm: object) -> None:
    if not verify_password(user.password_hash, str(current or "")):
        raise ValidationFailed(
            _("Check the password."), {"current": FieldError("not_current_password")}
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


# ----------------------------------------------------------------------------- one-time links


def _link(endpoint: str, tenant: Tenant | None, token: str) -> str:
    """An absolute link for a mail: from PUBLIC_URL (or the tenant's own host), never from
    the request's Host."""
    from groupdecide.links import public_url

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
