"""/healthz and /metrics: what a load balancer and Prometheus see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from testkit import Api, make_app

from groupdecide.extensions import db


@pytest.fixture
def fresh(tmp_path: Any) -> Any:
    """An app on its own SQLite file with the schema made and stamped at the head."""
    from flask_migrate import stamp

    app = make_app(f"sqlite:///{tmp_path / 'h.sqlite3'}", tmp_path, METRICS_TOKEN="m-secret-1")
    with app.app_context():
        db.create_all()
        stamp()
    yield app
    with app.app_context():
        db.engine.dispose()


def _tenant(app: Any, slug: str = "health-co") -> Any:
    from groupdecide.services.tenants import create_tenant

    with app.app_context():
        tenant, key = create_tenant(slug, "Health Co")
        db.session.commit()
        return tenant.id, key


def _queue_delivery(app: Any, tenant_id: int, minutes_ago: int) -> None:
    from groupdecide.models import Tenant, Webhook, WebhookDelivery
    from groupdecide.services.times import now
    from groupdecide.tenancy import tenant_context

    with app.app_context():
        tenant = db.session.execute(sa.select(Tenant).where(Tenant.id == tenant_id)).scalar_one()
        with tenant_context(tenant):
            hook = Webhook(
                tenant_id=tenant_id,
                url="https://hooks.example.org/x",
                events=["ballot.cast"],
                secret="hook-secret-zz",
            )
            db.session.add(hook)
            db.session.flush()
            due = now() - timedelta(minutes=minutes_ago)
            db.session.add(
                WebhookDelivery(
                    id="d" * 32,
                    tenant_id=tenant_id,
                    webhook_id=hook.id,
                    event="ballot.cast",
                    body="{}",
                    next_try_at=due,
                    created_at=due,
                )
            )
            db.session.commit()


@pytest.mark.sqlite_only
def test_healthz_is_200_when_the_schema_is_at_the_head_and_nothing_waits(fresh):
    resp = fresh.test_client().get("/healthz")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"]["database"] == body["checks"]["migrations"]["code"]
    assert body["checks"]["webhooks"]["oldest_due_seconds"] is None
    assert resp.headers["Cache-Control"] == "no-store"


@pytest.mark.sqlite_only
def test_healthz_is_503_when_the_database_is_behind_the_code(fresh):
    with fresh.app_context(), db.engine.begin() as conn:
        conn.execute(sa.text("update alembic_version set version_num = '0010'"))
    resp = fresh.test_client().get("/healthz")
    assert resp.status_code == 503
    checks = resp.get_json()["checks"]
    assert checks["migrations"]["ok"] is False
    assert checks["migrations"]["database"] == ["0010"]


@pytest.mark.sqlite_only
def test_healthz_stays_200_while_a_newer_release_has_migrated_the_database(fresh):
    # expand-only migrations: the old workers go on serving during an upgrade
    with fresh.app_context(), db.engine.begin() as conn:
        conn.execute(sa.text("update alembic_version set version_num = '0099_newer'"))
    resp = fresh.test_client().get("/healthz")
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["checks"]["migrations"]["database"] == ["0099_newer"]


@pytest.mark.sqlite_only
def test_healthz_is_503_on_a_database_never_migrated(fresh):
    with fresh.app_context(), db.engine.begin() as conn:
        conn.execute(sa.text("drop table alembic_version"))
    resp = fresh.test_client().get("/healthz")
    assert resp.status_code == 503
    assert resp.get_json()["checks"]["migrations"]["database"] == []


@pytest.mark.sqlite_only
def test_healthz_is_503_when_the_webhook_sender_is_not_running_and_shows_no_secret(fresh):
    tenant_id, key = _tenant(fresh)
    _queue_delivery(fresh, tenant_id, minutes_ago=30)
    resp = fresh.test_client().get("/healthz")
    assert resp.status_code == 503
    checks = resp.get_json()["checks"]
    assert checks["webhooks"]["ok"] is False
    assert checks["webhooks"]["oldest_due_seconds"] >= 30 * 60 - 5
    text = resp.get_data(as_text=True)
    for secret in ("hook-secret-zz", "hooks.example.org", key, "test-secret", "Health Co"):
        assert secret not in text


@pytest.mark.sqlite_only
def test_a_recent_due_delivery_is_healthy(fresh):
    tenant_id, _key = _tenant(fresh)
    _queue_delivery(fresh, tenant_id, minutes_ago=1)
    resp = fresh.test_client().get("/healthz")
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["checks"]["webhooks"]["oldest_due_seconds"] >= 55


def test_metrics_are_off_without_a_token(app, client):
    assert client.get("/metrics").status_code == 404


def _sample(text: str, name: str, **labels: str) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    return sum(
        float(s.value)
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    )


@pytest.mark.sqlite_only
def test_metrics_need_the_bearer_token_and_count_requests_ballots_and_the_queue(fresh):
    client = fresh.test_client()
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer m-secret-2"})
    assert wrong.status_code == 401
    auth = {"Authorization": "Bearer m-secret-1"}
    before = client.get("/metrics", headers=auth).get_data(as_text=True)

    from groupdecide.cli import ensure_default_tenant

    with fresh.app_context():
        ensure_default_tenant(fresh)
    api = Api(client)
    d = api.create(title="Counted")
    oid = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {oid: 4})
    api.cast(d["id"], {oid: 3}, name="Bea")
    assert client.get("/t/public/api/v1/decisions/nope").status_code == 404
    tenant_id, _key = _tenant(fresh)
    _queue_delivery(fresh, tenant_id, minutes_ago=0)

    resp = client.get("/metrics", headers=auth)
    assert resp.status_code == 200
    after = resp.get_data(as_text=True)
    ballots = "groupdecide_ballots_cast_total"
    assert _sample(after, ballots) - _sample(before, ballots) == 2
    req = "groupdecide_requests_total"
    assert _sample(after, req, status="4xx") - _sample(before, req, status="4xx") == 1
    assert _sample(after, req, status="2xx") - _sample(before, req, status="2xx") == 4
    assert _sample(after, "groupdecide_webhook_queue_length") == 1


def test_healthz_on_the_suites_database_either_kind(app, client):
    resp = client.get("/healthz")
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["checks"]["migrations"]["code"] == ["0012"]
