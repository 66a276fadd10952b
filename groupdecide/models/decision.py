"""Decisions, their options, ballots and invites. Every row carries its tenant."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TenantScoped, UTCDateTime, utcnow

JSONB = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")


class Decision(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "decisions"

    id: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    conditions: Mapped[str] = mapped_column(sa.Text, default="")
    method: Mapped[str] = mapped_column(sa.String(20))
    # The phase as last set; ``closes_at`` in the past makes it read ``closed`` (services).
    phase: Mapped[str] = mapped_column(sa.String(12))
    # The settings given at creation (common and method-specific); effective values are
    # computed on read so that defaults that depend on the options stay right.
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    admin_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The member who created it (None: created without an account, by link or API key).
    created_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    options: Mapped[list[Option]] = relationship(
        back_populates="decision",
        order_by="Option.position, Option.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Option(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "options"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(sa.String(300))
    passive: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    proposed_by: Mapped[str | None] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision: Mapped[Decision] = relationship(back_populates="options")


class Ballot(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """One participant's answers. ``answers`` maps option id (as a string) to the value: one row
    per ballot, so casting is one insert and counting 100,000 ballots reads 100,000 rows."""

    __tablename__ = "ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(sa.String(100))
    answers: Mapped[dict[str, int]] = mapped_column(JSONB)
    edit_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Invite(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """A one-ballot capability. Which invite was used is kept apart from the ballot it cast."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
