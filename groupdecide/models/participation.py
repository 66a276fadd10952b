"""Around a decision: its discussion and the addresses that asked for the outcome.

Neither row is linked to a ballot: for anonymous decisions who talks or subscribes stays apart
from what was voted."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupdecide.extensions import db

from .base import TenantScoped, UTCDateTime, utcnow


class Comment(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """One message in a decision's discussion (Markdown, rendered sanitized)."""

    __tablename__ = "comments"
    __table_args__ = (sa.Index("ix_comments_tenant_id_decision_id", "tenant_id", "decision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    # A comment on one proposal (None: the decision's discussion).
    option_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("options.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str | None] = mapped_column(sa.String(100))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Subscription(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """An address that gets the outcome when the decision closes (left beside a ballot,
    stored apart from it)."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        sa.UniqueConstraint("decision_id", "email", name="uq_subscriptions_decision_email"),
        sa.Index("ix_subscriptions_tenant_id_decision_id", "tenant_id", "decision_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
