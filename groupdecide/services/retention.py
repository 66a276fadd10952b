"""Retention: a tenant's closed decisions are deleted ``retention_days`` after closing.

A decision closed when its ``closes_at`` passed, or when it was moved to ``closed`` (its
``updated_at`` then tells when; a later change only keeps it longer)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import Decision, Tenant
from ..tenancy import tenant_context
from .common import now
from .decisions import delete_decision


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


def purge(at: datetime | None = None) -> dict[str, int]:
    """Delete every tenant's expired decisions; returns how many per tenant slug."""
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
