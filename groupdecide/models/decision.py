"""Decisions, their options, ballots and invites. Every row carries its tenant."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB as PG_JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from groupdecide.extensions import db

from .base import TenantScoped, UTCDateTime, utcnow

if TYPE_CHECKING:
    from groupdecide.services.decision_settings import DecisionSettings

JSONB = sa.JSON().with_variant(PG_JSONB(), "postgresql")


class Decision(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "decisions"
    # the tenant's list, newest first (and its cursor: created_at, id)
    __table_args__ = (
        sa.Index("ix_decisions_tenant_id_created_at", "tenant_id", "created_at", "id"),
    )

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
    # The IANA zone the organizer's times were meant in (``Europe/Berlin``): instants are stored
    # in UTC, and pages show them in this zone. None (older decisions): the tenant's zone.
    time_zone: Mapped[str | None] = mapped_column(sa.String(64))
    admin_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The member who created it (None: created without an account, by link or API key).
    created_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Participation (issue 5). Collecting turns into voting by itself at ``voting_starts_at``
    # (consensus); the organizer's outcome statement; notifications (the organizer's address
    # is never shown to participants nor given out by the API).
    voting_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notify_email: Mapped[str | None] = mapped_column(sa.String(254))
    notify_digest: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The highest ballot id a digest has reported (ids, not times: anonymous ballots carry
    # only the day).
    digest_ballot_id: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when the closing was announced (mails to organizer and subscribers), at most once per
    # closing; reopening clears it.
    closed_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised by every ballot cast, changed or withdrawn (in the same transaction): counts are
    # cached by it, so a results page of 100,000 ballots is counted once per change.
    results_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # The round (the contract's Rounds): 1 for the first; a new round archives the ballots of
    # the one before (``RetiredBallot``) and its result (``DecisionRound``).
    round: Mapped[int] = mapped_column(default=1, server_default="1")
    # Set once the support threshold (``settings.support_threshold``) has been applied on the
    # way into voting: the proposals below it were hidden (logged). Cleared by a new round.
    support_applied: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    options: Mapped[list[Option]] = relationship(
        back_populates="decision",
        order_by="Option.position, Option.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def ballot_options(self) -> list[Option]:
        """The options that take answers: every one the organizer has not hidden."""
        return [o for o in self.options if not o.hidden]

    @property
    def rules(self) -> DecisionSettings:
        """Every setting with its effective value (typed), built once: rebuilt only when what
        it is built from changes (``settings`` is always assigned anew, never changed in
        place; the cache holds the dict it was built from, so its identity cannot be reused)."""
        from groupdecide.services.decision_settings import build_settings

        source: tuple[Any, ...] = (self.settings, self.method, len(self.options))
        source += (self.closes_at, self.voting_starts_at)
        cached: tuple[tuple[Any, ...], DecisionSettings] | None = self.__dict__.get("_rules")
        if cached is not None and _same(cached[0], source):
            return cached[1]
        rules = build_settings(self)
        self.__dict__["_rules"] = (source, rules)
        return rules

    @property
    def current_phase(self) -> str:
        """The effective phase now (``phase`` is the stored one): past ``closes_at`` it reads
        ``closed``; collecting past ``voting_starts_at`` it reads ``voting`` (with 2 options
        that take answers). ``phase_at(t)`` for another time."""
        return self.phase_at(None)

    def phase_at(self, at: datetime | None) -> str:
        """The effective phase at ``at`` (None: now), without any job."""
        from groupdecide.services.times import now

        t = at or now()
        closes_at = self.closes_at
        if self.phase != "closed" and closes_at is not None and closes_at <= t:
            return "closed"
        starts = self.voting_starts_at
        if (
            self.phase == "collecting"
            and starts is not None
            and starts <= t
            and len(self.ballot_options) >= 2
        ):
            return "voting"
        return self.phase


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """The settings dict by identity, the rest by value."""
    return a[0] is b[0] and a[1:] == b[1:]


class Option(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "options"
    __table_args__ = (
        sa.Index("ix_options_tenant_id_decision_id", "tenant_id", "decision_id"),
        # deleting an option sets ``variant_of`` of its variants to NULL: found by this index
        sa.Index("ix_options_variant_of", "variant_of"),
        sa.Index("ix_options_merged_into", "merged_into"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(sa.String(300))
    passive: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The participant's name given with a proposal (the contract's ``author``).
    proposed_by: Mapped[str | None] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Markdown, rendered sanitized; ``variant_of`` another option of the same decision that
    # this one modifies; ``hidden`` options take no answers and are left out of the count.
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    variant_of: Mapped[int | None] = mapped_column(sa.ForeignKey("options.id", ondelete="SET NULL"))
    hidden: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Merged into another option by the organizer: this one is hidden and points to it.
    merged_into: Mapped[int | None] = mapped_column(
        sa.ForeignKey("options.id", ondelete="SET NULL")
    )

    decision: Mapped[Decision] = relationship(back_populates="options")


class Ballot(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """One participant's answers. ``answers`` maps option id (as a string) to the value: one row
    per ballot, so casting is one insert and counting 100,000 ballots reads 100,000 rows."""

    __tablename__ = "ballots"
    __table_args__ = (sa.Index("ix_ballots_tenant_id_decision_id", "tenant_id", "decision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(sa.String(100))
    answers: Mapped[dict[str, int]] = mapped_column(JSONB)
    edit_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Consensus with ``settings.vetoes``: option id (as a string) -> the reason of a veto (only
    # on a resistance of 10). None when there is none.
    vetoes: Mapped[dict[str, str] | None] = mapped_column(JSONB)
    # ``settings.receipts``: a random receipt, new with every change (None without receipts).
    receipt: Mapped[str | None] = mapped_column(sa.String(32))


class Invite(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """A one-ballot capability. Which invite was used is kept apart from the ballot it cast."""

    __tablename__ = "invites"
    __table_args__ = (sa.Index("ix_invites_tenant_id_decision_id", "tenant_id", "decision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where the invite was mailed (optional); the reminder before closing goes there too.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DecisionLogEntry(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """What the organizer did to a decision (the contract's decision log), oldest first."""

    __tablename__ = "decision_log"
    __table_args__ = (
        sa.Index("ix_decision_log_tenant_id_decision_id", "tenant_id", "decision_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[str] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(sa.String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
