"""Retention: a tenant's closed decisions are deleted ``retention_days`` after closing.

A decision closed when its ``closes_at`` passed, or when it was moved to ``closed`` (its
``updated_at`` then tells when; a later change only keeps it longer).

Records of mails sent (``MailRecord``) only serve the daily cap: they go after
``MAIL_RECORDS_DAYS`` days, whatever the tenant's retention."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Decision, MailRecord, Tenant
from groupdecide.tenancy import tenant_context

from .decisions import delete_decision
from .times import now


def expired(tenant: Tenant, at: datetime | None = None) -> list[Decision]:
    """The tenant's decisions closed longer ago than its retention (the tenant is current)."""
    if not tenant.retention_days:
        return []
    cutoff = (at or now()) - timedelta(days=tenant.retention_days)
    return list(
        db.session.execute(
            sa.select(Decision).where(
                sa.or_(
                    sa.and_(Decision.closes_at.is_not(None), Decision.closes_at <= cutoff),
                    sa.and_(Decision.phase == "closed", Decision.updated_at <= cutoff),
                )
            )
        ).scalars()
    )


# the cap counts the last 24 hours; a few days more leave room to look into a complaint
MAIL_RECORDS_DAYS = 7


def purge_mail_records(at: datetime | None = None) -> int:
    """Delete every tenant's mail records older than ``MAIL_RECORDS_DAYS``; returns how many."""
    cutoff = (at or now()) - timedelta(days=MAIL_RECORDS_DAYS)
    result = db.session.execute(
        sa.delete(MailRecord)
        .where(MailRecord.created_at < cutoff)
        .execution_options(all_tenants=True, synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def purge(at: datetime | None = None) -> dict[str, int]:
    """Delete every tenant's expired decisions (and old mail records); returns how many
    decisions per tenant slug."""
    purge_mail_records(at)
    done: dict[str, int] = {}
    tenants = (
        db.session.execute(
            sa.select(Tenant).where(Tenant.retention_days.is_not(None)).order_by(Tenant.slug)
        )
        .scalars()
        .all()
    )
    for tenant in tenants:
        with tenant_context(tenant):
            old = expired(tenant, at)
            for decision in old:
                delete_decision(decision)
        if old:
            done[tenant.slug] = len(old)
    return done
