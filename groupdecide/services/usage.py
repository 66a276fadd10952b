"""Usage per tenant per month, for invoicing by hand: decisions created, ballots cast and mails
sent (the ``MailRecord`` rows, which outlive the decisions)."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, MailRecord, Tenant

from .times import now

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(raw: object) -> tuple[datetime, datetime] | None:
    """``YYYY-MM`` as its first instant and the next month's (UTC), or None."""
    if not isinstance(raw, str):
        return None
    match = MONTH_RE.match(raw.strip())
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 2000 <= year <= 9998:
        return None
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
    return start, end


def this_month() -> str:
    return now().strftime("%Y-%m")


def monthly(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Every tenant with its decisions created, ballots cast and mails sent in [start, end)."""

    def counts(col: Any, tenant_col: Any, created: Any) -> dict[int, int]:
        rows = db.session.execute(
            sa.select(tenant_col, col)
            .where(created >= start, created < end)
            .group_by(tenant_col)
            .execution_options(all_tenants=True)
        ).all()
        return {int(t): int(n or 0) for t, n in rows}

    decisions = counts(sa.func.count(Decision.id), Decision.tenant_id, Decision.created_at)
    ballots = counts(sa.func.count(Ballot.id), Ballot.tenant_id, Ballot.created_at)
    mails = counts(sa.func.sum(MailRecord.count), MailRecord.tenant_id, MailRecord.created_at)
    tenants = db.session.execute(sa.select(Tenant).order_by(Tenant.slug)).scalars().all()
    return [
        {
            "tenant": t,
            "decisions": decisions.get(t.id, 0),
            "ballots": ballots.get(t.id, 0),
            "mails": mails.get(t.id, 0),
        }
        for t in tenants
    ]


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet does not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def monthly_csv(month: str, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["month", "tenant", "name", "plan", "decisions", "ballots", "mails"])
    from .plans import plan_of

    for row in rows:
        t = row["tenant"]
        plan = plan_of(t)
        writer.writerow(
            [
                month,
                t.slug,
                _cell(t.name),
                _cell(plan.name) if plan else "",
                row["decisions"],
                row["ballots"],
                row["mails"],
            ]
        )
    return out.getvalue()
