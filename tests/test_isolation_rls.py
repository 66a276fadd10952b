"""The second wall (PostgreSQL only): row-level security holds where the ORM filter is not
asked (raw SQL on the session's connection) and where it is switched off altogether."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from flask import jsonify
from sqlalchemy import event
from sqlalchemy.orm import Session
from testkit import Api, make_app

from groupdecide import rls, tenancy
from groupdecide.extensions import db
from groupdecide.models import Decision, Option, TenantScoped
from groupdecide.services.tenants import find_tenant
from groupdecide.tenancy import tenant_context

pytestmark = pytest.mark.skipif(
    os.environ.get("GROUPDECIDE_TEST_DB") != "postgres", reason="row-level security: PostgreSQL"
)

RAW = {
    "decisions": "SELECT count(*) FROM decisions",
    "ballots": "SELECT count(*) FROM ballots",
    "options": "SELECT count(*) FROM options",
    "titles": "SELECT string_agg(title, '|') FROM decisions",
}


@pytest.fixture
def world(app, client, make_tenant):
    """Tenant A with two decisions and ballots; tenant B with one decision, no ballots; and a
    page that runs raw SQL on the session's connection (no ORM filter on the way)."""

    def probe():
        conn = db.session.connection()
        out = {k: conn.exec_driver_sql(q).scalar() for k, q in RAW.items()}
        out["user"] = conn.exec_driver_sql("SELECT current_user").scalar()
        return jsonify(out)

    app.add_url_rule("/t/<tenant>/_raw_probe", "raw_probe", probe)
    _, key_a = make_tenant("tenant-a")
    _, key_b = make_tenant("tenant-b")
    a, b = Api(client, "tenant-a"), Api(client, "tenant-b")
    for title in ("Alpha one", "Alpha two"):
        d = a.create(title=title, labels=("A-first", "A-second"))
        a.cast(d["id"], {d["decision"]["options"][0]["id"]: 4}, name="Alpha voter")
    b.create(title="Bravo only", labels=("B-first", "B-second"))
    return {"a": a, "b": b, "key_a": key_a, "key_b": key_b}


def test_raw_sql_in_a_request_of_tenant_a_counts_only_as_rows(client, world):
    got = client.get("/t/tenant-a/_raw_probe").get_json()
    assert got["decisions"] == 2
    assert got["ballots"] == 2
    assert got["options"] == 6
    assert sorted(got["titles"].split("|")) == ["Alpha one", "Alpha two"]
    assert got["user"] == rls.APP_ROLE  # not the superuser the tests connect as
    got = client.get("/t/tenant-b/_raw_probe").get_json()
    assert (got["decisions"], got["ballots"], got["options"]) == (1, 0, 3)
    assert got["titles"] == "Bravo only"


@pytest.fixture
def no_orm_filter():
    """Switch the first wall off (the ORM read filter and the write guard) for one test."""
    event.remove(Session, "do_orm_execute", tenancy._filter_reads)
    event.remove(Session, "before_flush", tenancy._guard_writes)
    try:
        yield
    finally:
        event.listen(Session, "do_orm_execute", tenancy._filter_reads)
        event.listen(Session, "before_flush", tenancy._guard_writes)


def test_row_level_security_holds_without_the_orm_filter(app, client, world, no_orm_filter):
    b = world["b"]
    listed = b.call("GET", "/decisions", token=world["key_b"]).get_json()["items"]
    assert [d["title"] for d in listed] == ["Bravo only"]
    a_ids = [
        d["id"]
        for d in world["a"].call("GET", "/decisions", token=world["key_a"]).get_json()["items"]
    ]
    assert len(a_ids) == 2
    for did in a_ids:
        assert b.call("GET", f"/decisions/{did}", token=world["key_b"]).status_code == 404
        assert client.get(f"/t/tenant-b/d/{did}").status_code == 404
    with app.app_context():
        tenant_a, tenant_b = find_tenant("tenant-a"), find_tenant("tenant-b")
        with tenant_context(tenant_b):
            titles = db.session.execute(sa.select(Decision.title)).scalars().all()
            assert titles == ["Bravo only"]
            count = sa.select(sa.func.count()).select_from(sa.select(Decision).subquery())
            assert db.session.execute(count).scalar_one() == 1
            # and a write for another tenant is refused by the policy's WITH CHECK
            db.session.add(Option(tenant_id=tenant_a.id, decision_id=a_ids[0], label="sneaky"))
            with pytest.raises(sa.exc.ProgrammingError, match="row-level security"):
                db.session.flush()
            db.session.rollback()
        # no tenant at all: nothing visible (fails closed)
        assert db.session.execute(sa.select(sa.func.count(Decision.id))).scalar_one() == 0
        db.session.rollback()
    # nothing of A changed
    mine = world["a"].call("GET", "/decisions", token=world["key_a"]).get_json()["items"]
    assert len(mine) == 2


def test_the_operator_sees_every_tenant_through_the_narrow_way(runner, world):
    result = runner.invoke(args=["tenant", "list"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "tenant-a" in lines
    assert "tenant-b" in lines
    from groupdecide.services.tenants import usage

    with runner.app.app_context():
        got = {u["tenant"].slug: (u["decisions"], u["ballots"]) for u in usage()}
    assert got["tenant-a"] == (2, 2)
    assert got["tenant-b"] == (1, 0)


def _forced(conn) -> dict[str, tuple[bool, bool, int]]:
    rows = conn.execute(
        sa.text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "(SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname "
            " AND p.policyname = :p) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        ),
        {"p": rls.POLICY},
    ).all()
    return {r[0]: (bool(r[1]), bool(r[2]), int(r[3])) for r in rows}


def test_every_tenant_scoped_table_has_the_forced_policy(app):
    scoped = {
        m.local_table.name for m in db.Model.registry.mappers if issubclass(m.class_, TenantScoped)
    }
    with app.app_context(), db.engine.connect() as conn:
        forced = _forced(conn)
    assert scoped, forced
    assert all(forced[t] == (True, True, 1) for t in scoped), forced
    assert forced["tenants"][0] is False  # the tenants themselves are not tenant-scoped


def test_migration_0005_installs_and_removes_the_policies(database_url, tmp_path):
    import secrets

    from flask_migrate import downgrade, upgrade

    name = "gd_rls_" + secrets.token_hex(4)
    base = database_url.rsplit("/", 1)[0]
    admin = sa.create_engine(base + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        app = make_app(f"{base}/{name}", tmp_path)
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                tables = rls.tenant_tables(conn)
                forced = _forced(conn)
            assert {"decisions", "ballots", "options", "memberships", "api_keys"} <= set(tables)
            assert all(forced[t] == (True, True, 1) for t in tables), forced
            downgrade(revision="0004")
            with db.engine.connect() as conn:
                assert not any(v[0] or v[1] or v[2] for v in _forced(conn).values())
            upgrade()
            with db.engine.connect() as conn:
                assert all(_forced(conn)[t] == (True, True, 1) for t in tables)
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
