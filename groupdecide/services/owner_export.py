"""Everything of a tenant for its owner: a zip (built in memory) with ``tenant.json`` (what
``flask tenant export`` writes, ``services/transfer.py``) and each decision's ballots as CSV
(``ballots/<decision id>.csv``, the organizer's ballot export)."""

from __future__ import annotations

import io
import json
import zipfile

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Decision, Tenant
from groupdecide.tenancy import tenant_context

from .exports import ballots_csv
from .transfer import export_tenant


def export_zip(tenant: Tenant) -> bytes:
    data = export_tenant(tenant)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tenant.json", json.dumps(data, indent=2, ensure_ascii=False))
        with tenant_context(tenant):
            decisions = db.session.execute(
                sa.select(Decision).order_by(Decision.created_at, Decision.id)
            ).scalars()
            for decision in decisions:
                archive.writestr(f"ballots/{decision.id}.csv", ballots_csv(decision))
    return buffer.getvalue()
