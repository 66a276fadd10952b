"""Tenants (customers) and their API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupdecide.extensions import db

from .base import TenantScoped, UTCDateTime, utcnow
from .decision import JSONB


class Tenant(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    locale: Mapped[str] = mapped_column(sa.String(10), default="en")
    policy: Mapped[str] = mapped_column(sa.String(10), default="open")  # open | members
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Branding: a colour readable with white or black text (#rrggbb) and a logo (PNG/JPEG,
    # re-encoded), loaded only when served.
    brand_color: Mapped[str | None] = mapped_column(sa.String(7))
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(sa.String(20))
    logo_etag: Mapped[str | None] = mapped_column(sa.String(64))
    # The plan: None is unlimited.
    max_open_decisions: Mapped[int | None] = mapped_column()
    max_ballots: Mapped[int | None] = mapped_column()
    max_members: Mapped[int | None] = mapped_column()
    # Defaults for new decisions where the creator does not say.
    default_anonymous: Mapped[bool] = mapped_column(default=False)
    default_results: Mapped[str] = mapped_column(sa.String(12), default="public")
    default_access: Mapped[str] = mapped_column(sa.String(12), default="link")
    # The IANA zone new decisions start with (the organizer's browser usually says better).
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")
    # Closed decisions are deleted this many days after closing (None: kept).
    retention_days: Mapped[int | None] = mapped_column()
    # A host name that serves this tenant without the /t/<slug> prefix.
    custom_domain: Mapped[str | None] = mapped_column(sa.String(253), unique=True)
    # Origins allowed to embed the tenant's pages (CSP frame-ancestors), space-separated.
    frame_ancestors: Mapped[str] = mapped_column(sa.Text, default="")
    # The plan (named limits, ``Plan``); None: the limits above alone.
    plan_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plans.id", ondelete="SET NULL"))
    # Closing the account: asked (and confirmed by mail) at ``closing_requested_at``; the
    # data goes at ``delete_after`` (the grace period), unless the operator restores it.
    closing_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delete_after: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Plan(db.Model):  # type: ignore[name-defined,misc]
    """A named set of limits the operator defines (None: unlimited); a tenant has one."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60), unique=True)
    max_open_decisions: Mapped[int | None] = mapped_column()
    max_ballots: Mapped[int | None] = mapped_column()
    max_members: Mapped[int | None] = mapped_column()
    max_mails_per_day: Mapped[int | None] = mapped_column()
    max_webhooks: Mapped[int | None] = mapped_column()
    custom_host: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The plan a sign-up gets (at most one is the default).
    is_default: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Signup(db.Model):  # type: ignore[name-defined,misc]
    """An organisation's sign-up, before its tenant exists: confirmed by a mail link (and,
    with ``GROUPDECIDE_SIGNUP=approval``, approved by the operator)."""

    __tablename__ = "signups"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(40))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    locale: Mapped[str] = mapped_column(sa.String(10), default="en")
    # pending (mail not confirmed), confirmed (waiting for approval), approved, rejected, done
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the tenant it became (not ``tenant_id``: a sign-up belongs to no tenant, and the
    # row-level policy covers every table with a ``tenant_id`` column)
    created_tenant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tenants.id", ondelete="SET NULL")
    )


class ApiKey(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "api_keys"
    __table_args__ = (sa.Index("ix_api_keys_tenant_id", "tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DecisionTemplate(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """A decision saved as a template: method, settings, options, offered on the create page."""

    __tablename__ = "decision_templates"
    __table_args__ = (sa.Index("ix_decision_templates_tenant_id", "tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    method: Mapped[str] = mapped_column(sa.String(20))
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailOptOut(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """An address that unsubscribed from every mail of the tenant (kept as a hash)."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (
        sa.UniqueConstraint("tenant_id", "email_hash", name="uq_mail_opt_outs_tenant_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
