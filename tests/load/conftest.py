"""A real gunicorn with 4 workers on SQLite or PostgreSQL, started and killed by the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gunicorn_server import Server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(database_url: str, tmp_path: Any) -> Iterator[Server]:
    """gunicorn with 4 workers on a fresh, migrated database of the run's kind."""
    env = dict(os.environ)
    env["GROUPDECIDE_INSTANCE_PATH"] = str(tmp_path / "instance")
    env["GROUPDECIDE_SECRET_KEY"] = "load-test"
    env["GROUPDECIDE_RATELIMIT_ENABLED"] = "false"
    if database_url.startswith("sqlite"):
        env.pop("GROUPDECIDE_DATABASE_URL", None)
    else:
        import secrets

        import sqlalchemy as sa

        name = "gd_load_" + secrets.token_hex(4)
        admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        env["GROUPDECIDE_DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + name
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "groupdecide", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    srv = Server(env)
    srv.start()
    yield srv
    srv.stop()
    if not database_url.startswith("sqlite"):
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
