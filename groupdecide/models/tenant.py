"""Tenants (customers) and their API keys."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupdecide.extensions import db

from .base import TenantScoped, UTCDateTime, utcnow


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


class ApiKey(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "api_keys"
    __table_args__ = (sa.Index("ix_api_keys_tenant_id", "tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
