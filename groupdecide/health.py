"""``/healthz``: is this instance fit to serve? JSON for a load balancer or a monitor.

It checks that the database answers, that its schema is at the migrations' head or ahead
of it (a newer release migrated it; an instance whose database is behind answers 503) and
how long the oldest due webhook delivery has waited (the sender ``flask webhooks send`` is
not running when it grows past ``HEALTH_WEBHOOK_LAG_SECONDS``). Mail is sent in the request
that causes it, after the commit: nothing is queued, so there is nothing to check. No
secret, address or tenant data is in the answer; 200 when every check passes, else 503.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, jsonify
from flask.typing import ResponseReturnValue

from .extensions import db

bp = Blueprint("health", __name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@cache
def known_revisions() -> tuple[frozenset[str], frozenset[str]]:
    """The head revision(s) of the migrations shipped with this code, and all of them."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    return frozenset(script.get_heads()), frozenset(r.revision for r in script.walk_revisions())


def head_revisions() -> frozenset[str]:
    return known_revisions()[0]


def migrations_ok(have: frozenset[str]) -> bool:
    """At the head, or ahead of it: a revision this code does not know is a newer release's
    (expand-only, tests/deploy/test_expand_only.py), so the old workers keep serving during an
    upgrade. Behind the head (or never migrated) is not ok."""
    heads, known = known_revisions()
    return have == heads or (bool(have) and not have & known)


def database_revisions() -> frozenset[str]:
    """The revision(s) the database says it is at (empty before the first upgrade)."""
    with db.engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return frozenset()
        rows = conn.execute(sa.text("select version_num from alembic_version"))
        return frozenset(str(r[0]) for r in rows)


def oldest_due_delivery_seconds(now: datetime | None = None) -> float | None:
    """Seconds the oldest pending, due webhook delivery has been waiting (None: none is due)."""
    from .models.integration import WebhookDelivery

    at = now or datetime.now(UTC)
    oldest = db.session.execute(
        sa.select(sa.func.min(WebhookDelivery.next_try_at))
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_try_at <= at)
        .execution_options(all_tenants=True)
    ).scalar()
    if oldest is None:
        return None
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return max(0.0, round((at - oldest).total_seconds(), 1))


def report() -> tuple[bool, dict[str, Any]]:
    """Every check with its outcome, and whether all of them passed."""
    checks: dict[str, Any] = {}
    try:
        with db.engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        checks["database"] = {"ok": True}
    except sa.exc.SQLAlchemyError as exc:
        checks["database"] = {"ok": False, "error": type(exc).__name__}
        return False, checks
    try:
        have, want = database_revisions(), head_revisions()
        checks["migrations"] = {
            "ok": migrations_ok(have),
            "database": sorted(have),
            "code": sorted(want),
        }
        lag = oldest_due_delivery_seconds()
        limit = float(current_app.config.get("HEALTH_WEBHOOK_LAG_SECONDS", 600))
        checks["webhooks"] = {
            "ok": lag is None or lag <= limit,
            "oldest_due_seconds": lag,
            "limit_seconds": limit,
        }
    except sa.exc.SQLAlchemyError as exc:
        db.session.rollback()
        checks["schema"] = {"ok": False, "error": type(exc).__name__}
    finally:
        db.session.remove()
    checks["mail"] = {"ok": True, "queued": 0}  # sent in-process after the commit
    return all(c["ok"] for c in checks.values()), checks


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    ok, checks = report()
    resp = jsonify({"status": "ok" if ok else "failing", "checks": checks})
    resp.status_code = 200 if ok else 503
    resp.headers["Cache-Control"] = "no-store"
    return resp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
