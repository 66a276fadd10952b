"""flask backup and flask restore: a backup, a change, a restore, and the data as it was."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from testkit import Api, make_app

from groupdecide.extensions import db

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get(
    "GROUPDECIDE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _prepare(app: Any) -> None:
    from groupdecide.cli import ensure_default_tenant

    with app.app_context():
        db.create_all()
        if db.engine.dialect.name == "postgresql":
            from groupdecide import rls

            with db.engine.begin() as conn:
                rls.install(conn)
        ensure_default_tenant(app)


def _round_trip(app: Any, tmp_path: Path) -> None:
    api = Api(app.test_client())
    d = api.create(title="Before the backup")
    oid = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {oid: 4})
    runner = app.test_cli_runner()

    made = runner.invoke(args=["backup", "--out", str(tmp_path / "backups")])
    assert made.exit_code == 0, made.output
    files = list((tmp_path / "backups").iterdir())
    assert len(files) == 1
    assert files[0].stat().st_mode & 0o077 == 0  # private, like the database

    # changes after the backup: one more ballot, another decision, the first one renamed
    api.cast(d["id"], {oid: 2}, name="After")
    later = api.create(title="Made after the backup")
    resp = api.call("PATCH", f"/decisions/{d['id']}", {"title": "Renamed"}, token=d["admin_token"])
    assert resp.status_code == 200, resp.get_json()
    assert api.call("GET", f"/decisions/{d['id']}").get_json()["ballot_count"] == 2

    refused = runner.invoke(args=["restore", str(files[0])])
    assert refused.exit_code != 0
    assert "--yes" in refused.output
    assert api.call("GET", f"/decisions/{d['id']}").get_json()["title"] == "Renamed"

    done = runner.invoke(args=["restore", str(files[0]), "--yes"])
    assert done.exit_code == 0, done.output
    got = api.call("GET", f"/decisions/{d['id']}").get_json()
    assert got["title"] == "Before the backup"
    assert got["ballot_count"] == 1
    assert api.call("GET", f"/decisions/{later['id']}").status_code == 404
    # and the restored database takes new writes
    assert api.cast(d["id"], {oid: 3}, name="New")["id"]


@pytest.mark.sqlite_only
def test_sqlite_backup_change_restore(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path)
    _prepare(app)
    try:
        _round_trip(app, tmp_path)
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.sqlite_only
def test_sqlite_restore_refuses_a_file_that_is_no_database(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path)
    _prepare(app)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = app.test_cli_runner().invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code == 1
    assert "not a" in result.output
    with app.app_context():
        assert db.session.execute(sa.text("select count(*) from tenants")).scalar() == 1
        db.engine.dispose()


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A throwaway PostgreSQL database of this test, dropped after it."""
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI=true: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")
    name = "gd_backup_" + secrets.token_hex(5)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_postgresql_backup_change_restore(pg_database, tmp_path):
    app = make_app(pg_database, tmp_path)
    _prepare(app)
    try:
        _round_trip(app, tmp_path)
        files = list((tmp_path / "backups").iterdir())
        assert files[0].read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    finally:
        with app.app_context():
            db.engine.dispose()
