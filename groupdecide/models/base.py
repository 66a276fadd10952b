"""Shared model pieces: UTC timestamps and the tenant-scoped mixin."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TenantScoped:
    """Mixin for every row that belongs to one tenant. ``tenancy.py`` filters reads and guards
    writes of these classes; code never sets or compares ``tenant_id`` itself.

    No index of its own: every class declares in ``__table_args__`` an index (or unique
    constraint) that starts with ``tenant_id`` and goes on with the key its rows are looked
    up by (``decision_id``...), since the tenant filter adds ``tenant_id = ?`` to every query
    (migration 0010; ``tests/test_query_plans.py`` checks that every table has one)."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False)
