"""Around a decision's count: earlier rounds, hand counts from a room, viewer links and the
support marks of the collecting phase."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupdecide.extensions import db

from .base import TenantScoped, UTCDateTime, utcnow
from .decision import JSONB


class DecisionRound(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """An earlier round as it closed: its result (the results JSON, labels included) kept
    when the next round started."""

    __tablename__ = "decision_rounds"
    __table_args__ = (
        sa.UniqueConstraint("decision_id", "round", name="uq_decision_rounds_decision_round"),
        sa.Index("ix_decision_rounds_tenant_id_decision_id", "tenant_id", "decision_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column()
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ballot_count: Mapped[int] = mapped_column(default=0)
    winners: Mapped[list[int]] = mapped_column(JSONB, default=list)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RetiredBallot(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """A ballot of an earlier round: kept so its edit token answers 409 (not 404), and its
    answers stay with the round's result."""

    __tablename__ = "retired_ballots"
    __table_args__ = (
        sa.Index("ix_retired_ballots_tenant_id_decision_id", "tenant_id", "decision_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column()
    name: Mapped[str | None] = mapped_column(sa.String(100))
    answers: Mapped[dict[str, int]] = mapped_column(JSONB)
    vetoes: Mapped[dict[str, str] | None] = mapped_column(JSONB)
    receipt: Mapped[str | None] = mapped_column(sa.String(32))
    edit_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HandCount(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """A room's answers: per option how many people gave each value (``counts``), or for
    ranked the grouped paper ballots (``ballots``); counted as ``people`` ballots."""

    __tablename__ = "hand_counts"
    __table_args__ = (
        sa.Index("ix_hand_counts_tenant_id_decision_id", "tenant_id", "decision_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(default=1)
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    people: Mapped[int] = mapped_column()
    # {"17": {"0": 5, "3": 4}} (option id -> value -> people), or None for ranked
    counts: Mapped[dict[str, dict[str, int]] | None] = mapped_column(JSONB)
    # [{"answers": {"17": 1, "18": 2}, "count": 7}] for ranked, else None
    ballots: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ViewerLink(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """A read-only results capability for people outside the group (hashed, revocable)."""

    __tablename__ = "viewer_links"
    __table_args__ = (
        sa.Index("ix_viewer_links_tenant_id_decision_id", "tenant_id", "decision_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Support(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """One mark for a proposal in the collecting phase (``settings.support_threshold``): one
    per browser, or per invite where access is by invitation (``marker``, a hash)."""

    __tablename__ = "supports"
    __table_args__ = (
        sa.UniqueConstraint("option_id", "marker", name="uq_supports_option_marker"),
        sa.Index("ix_supports_tenant_id_decision_id", "tenant_id", "decision_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    option_id: Mapped[int] = mapped_column(sa.ForeignKey("options.id", ondelete="CASCADE"))
    marker: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
