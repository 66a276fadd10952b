"""What the service mailed on a tenant's behalf, kept apart from the decisions it was for."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from groupdecide.extensions import db

from .base import TenantScoped, UTCDateTime, utcnow


class MailRecord(TenantScoped, db.Model):  # type: ignore[name-defined,misc]
    """A batch of mails sent (``kind`` ``invite``: ``count`` addresses), for the per-tenant
    daily cap of ``services/mail_limits.py``.

    Deliberately no link to a decision: deleting a decision (or its invites) must not give
    the tenant its mails back. ``flask purge`` drops records older than a few days; a tenant
    export/import (``services/transfer.py``) does not carry them, since they only matter
    within a day and belong to the installation that sent the mails."""

    __tablename__ = "mail_records"
    __table_args__ = (sa.Index("ix_mail_records_tenant_id_created_at", "tenant_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(sa.String(20))
    count: Mapped[int] = mapped_column(sa.Integer)
