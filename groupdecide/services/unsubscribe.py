"""Unsubscribing participants from every mail of a tenant.

Each mail to a participant (invites, reminders, the outcome, a new round) carries a link
``/t/<tenant>/unsubscribe/<token>``: the token is the address and the tenant's id signed with
the app's secret (itsdangerous), so no row is needed until someone unsubscribes. Then a
``MailOptOut`` keeps the address only as ``sha256(tenant id : address)``, and
``participant_mail`` sends that tenant's mails no more to it. The mail also carries
``List-Unsubscribe`` and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from groupdecide.extensions import db
from groupdecide.i18n import gettext as _
from groupdecide.models import MailOptOut, Tenant

from .mail import send_mail

_SALT = "groupdecide-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt=_SALT)


def normal(email: str) -> str:
    return email.strip().lower()


def email_hash(tenant_id: int, email: str) -> str:
    return hashlib.sha256(f"{tenant_id}:{normal(email)}".encode()).hexdigest()


def make_token(tenant: Tenant, email: str) -> str:
    return str(_serializer().dumps({"t": tenant.id, "e": normal(email)}))


def read_token(tenant: Tenant, token: str) -> str | None:
    """The address the token was made for, if it is genuine and of this tenant."""
    try:
        data: Any = _serializer().loads(token[:2000])
    except (BadSignature, UnicodeError, ValueError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("t") != tenant.id
        or not isinstance(data.get("e"), str)
    ):
        return None
    return str(data["e"])


def link(tenant: Tenant, email: str) -> str:
    from groupdecide.links import public_url

    return public_url("public.unsubscribe", tenant, token=make_token(tenant, email))


def opted_out(tenant: Tenant, email: str) -> bool:
    return (
        db.session.execute(
            sa.select(MailOptOut.id).where(
                MailOptOut.tenant_id == tenant.id,
                MailOptOut.email_hash == email_hash(tenant.id, email),
            )
        ).first()
        is not None
    )


def opt_out(tenant: Tenant, email: str) -> None:
    """Store the opt-out (once)."""
    if not opted_out(tenant, email):
        db.session.add(MailOptOut(tenant_id=tenant.id, email_hash=email_hash(tenant.id, email)))
        db.session.flush()


def participant_mail(
    tenant: Tenant,
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, str, str]] = (),
) -> bool:
    """A mail to a participant: not sent to an address that unsubscribed from this tenant;
    else with the unsubscribe link (in the text and the headers). True if it is queued."""
    if not to or opted_out(tenant, to):
        return False
    url = link(tenant, to)
    footer = _("No more mail from %(name)s: %(link)s", name=tenant.name, link=url)
    send_mail(to, subject, f"{body}\n\n-- \n{footer}", attachments, unsubscribe_url=url)
    return True
