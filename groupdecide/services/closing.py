"""Closing a tenant's account: the owner asks, confirms by a mailed link, and the data goes
after a grace period.

The confirmation link carries a signed token (itsdangerous, with the tenant's and the owner's
ids, valid ``CLOSE_LINK_HOURS``, default 48). Confirming sets ``closing_requested_at`` and
``delete_after = now + CLOSE_GRACE_DAYS`` (default 14). From then on the tenant answers like a
disabled one to participants (``is_closing``); its owners still reach the admin area to export.
``run`` (called by ``flask purge``, daily) mails the owners a day before the deletion (once: a
``MailRecord`` of kind ``close_warning`` marks it) and deletes tenants past ``delete_after``.
The operator restores a tenant during the grace period (``restore``: both fields cleared)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from groupdecide.errors import NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.i18n import gettext as _
from groupdecide.models import MailRecord, Membership, Tenant, User
from groupdecide.tenancy import tenant_context

from .mail import send_mail
from .times import now

_SALT = "groupdecide-close-account"
WARNING = "close_warning"


def grace_days() -> int:
    return int(current_app.config.get("CLOSE_GRACE_DAYS") or 14)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=_SALT)


def is_closing(tenant: Tenant | None) -> bool:
    return tenant is not None and tenant.closing_requested_at is not None


def request_close(tenant: Tenant, user: User, typed_name: object) -> None:
    """Check the name typed to confirm, then mail the confirmation link to the owner."""
    from groupdecide.links import public_url

    if not isinstance(typed_name, str) or typed_name.strip() != tenant.name.strip():
        raise ValidationFailed(_("Type the name of the space exactly to confirm."))
    token = _serializer().dumps({"t": tenant.id, "u": user.id})
    link = public_url("tenant_admin.close_confirm", tenant, token=token)
    body = "\n\n".join(
        [
            _("You asked to close the account of %(name)s.", name=tenant.name),
            _(
                "Confirm it with this link (valid for two days). After the confirmation, "
                "participants can no longer answer, and all data of the space is deleted "
                "%(days)s days later, unless the operator restores it: %(link)s",
                days=grace_days(),
                link=link,
            ),
            _("If you did not ask for this, ignore this mail: nothing changes."),
        ]
    )
    send_mail(user.email, _("Close the account of %(name)s", name=tenant.name), body)


def check_token(tenant: Tenant, token: object) -> int:
    """The id of the owner who asked, if the token is genuine, fresh and of this tenant."""
    hours = int(current_app.config.get("CLOSE_LINK_HOURS") or 48)
    try:
        data: Any = _serializer().loads(str(token)[:2000], max_age=hours * 3600)
    except SignatureExpired as exc:
        raise NotFound(_("This link has expired. Ask again.")) from exc
    except (BadSignature, UnicodeError, ValueError) as exc:
        raise NotFound(_("This link is not valid.")) from exc
    if (
        not isinstance(data, dict)
        or data.get("t") != tenant.id
        or not isinstance(data.get("u"), int)
    ):
        raise NotFound(_("This link is not valid."))
    return int(data["u"])


def confirm_close(tenant: Tenant, token: object, at: datetime | None = None) -> None:
    check_token(tenant, token)
    if tenant.closing_requested_at is not None:
        return
    stamp = at or now()
    tenant.closing_requested_at = stamp
    tenant.delete_after = stamp + timedelta(days=grace_days())
    db.session.flush()


def restore(tenant: Tenant) -> None:
    tenant.closing_requested_at = None
    tenant.delete_after = None
    db.session.flush()


def _owner_emails(tenant: Tenant) -> list[str]:
    with tenant_context(tenant):
        return list(
            db.session.execute(
                sa.select(User.email)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.tenant_id == tenant.id, Membership.role == "owner")
                .order_by(User.email)
            ).scalars()
        )


def _warned(tenant: Tenant) -> bool:
    assert tenant.closing_requested_at is not None
    with tenant_context(tenant):
        return (
            db.session.execute(
                sa.select(MailRecord.id).where(
                    MailRecord.kind == WARNING,
                    MailRecord.created_at >= tenant.closing_requested_at,
                )
            ).first()
            is not None
        )


def _warn(tenant: Tenant) -> None:
    from flask_babel import force_locale

    with force_locale(tenant.locale), tenant_context(tenant):
        assert tenant.delete_after is not None
        when = tenant.delete_after.strftime("%Y-%m-%d %H:%M")
        for address in _owner_emails(tenant):
            send_mail(
                address,
                _("%(name)s will be deleted tomorrow", name=tenant.name),
                "\n\n".join(
                    [
                        _(
                            "All data of %(name)s (decisions, ballots, members) will be "
                            "deleted after %(time)s UTC.",
                            name=tenant.name,
                            time=when,
                        ),
                        _(
                            "Export it now from the admin area if you want to keep it; to "
                            "keep the account, ask the operator to restore it."
                        ),
                    ]
                ),
            )
        db.session.add(MailRecord(tenant_id=tenant.id, kind=WARNING, count=1))
        db.session.flush()


def run(at: datetime | None = None) -> dict[str, list[str]]:
    """Warn a day before, delete after ``delete_after``; returns the slugs of each."""
    from .tenants import delete_tenant

    at = at or now()
    done: dict[str, list[str]] = {"warned": [], "deleted": []}
    closing = (
        db.session.execute(
            sa.select(Tenant).where(Tenant.delete_after.is_not(None)).order_by(Tenant.slug)
        )
        .scalars()
        .all()
    )
    for tenant in closing:
        assert tenant.delete_after is not None
        if tenant.delete_after <= at:
            slug = tenant.slug
            with tenant_context(tenant):
                for model in _leftover_models():
                    db.session.execute(
                        sa.delete(model), execution_options={"synchronize_session": False}
                    )
            delete_tenant(tenant)
            done["deleted"].append(slug)
        elif tenant.delete_after - timedelta(days=1) <= at and not _warned(tenant):
            _warn(tenant)
            done["warned"].append(tenant.slug)
    return done


def _leftover_models() -> list[type]:
    """Tenant rows that ``delete_tenant`` leaves to the foreign keys' cascades (SQLite without
    them enforced would keep them)."""
    from groupdecide import models

    names = (
        "MailRecord",
        "MailOptOut",
        "Comment",
        "Subscription",
        "WebhookDelivery",
        "Webhook",
        "ViewerLink",
        "HandCount",
        "Support",
        "RetiredBallot",
        "DecisionRound",
        "DecisionTemplate",
    )
    return [getattr(models, n) for n in names if hasattr(models, n)]
