"""A tenant's integrations: webhooks and their queued deliveries."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupdecide.extensions import db

from .base import TenantScoped, UTCDateTime, utcnow
from .decision import JSONB


class Webhook(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """A receiver of events. ``secret`` signs every delivery (HMAC-SHA256), so it is kept as
    given (shown once to the tenant)."""

    __tablename__ = "webhooks"
    __table_args__ = (sa.Index("ix_webhooks_tenant_id", "tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    events: Mapped[list[str]] = mapped_column(JSONB, default=list)
    secret: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDelivery(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """One event for one webhook, queued in the transaction of the change and sent after it
    (``status``: pending, delivered, failed), retried with growing pauses."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.Index("ix_webhook_deliveries_tenant_id_webhook_id", "tenant_id", "webhook_id"),
        # the sender's queue: what is due next
        sa.Index("ix_webhook_deliveries_status_next_try_at", "status", "next_try_at"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    webhook_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(sa.String(40))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    tries: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_status: Mapped[int | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
