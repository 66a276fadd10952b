"""The operator's side: migrations build the schema the models describe, the CLI makes tenants."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from groupdecide import create_app
from groupdecide.extensions import db
from groupdecide.models import ApiKey, Tenant
from groupdecide.security import hash_token

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.sqlite_only
def test_upgrade_creates_the_models_schema_and_the_public_tenant(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"}
    )
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            assert diff == [], f"models and migrations differ: {diff}"
            slugs = conn.execute(sa.text("select slug, policy from tenants")).all()
            assert slugs == [("public", "open")]
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert "decisions" not in sa.inspect(conn).get_table_names()
        db.engine.dispose()


def test_tenant_create_prints_json_and_stores_only_the_hash(app, runner):
    result = runner.invoke(
        args=["tenant", "create", "acme", "--name", "Acme e.V.", "--policy", "members", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["slug"] == "acme"
    assert len(out["api_key"]) >= 22
    with app.app_context():
        tenant = db.session.execute(sa.select(Tenant).where(Tenant.slug == "acme")).scalar_one()
        assert tenant.policy == "members"
        assert tenant.name == "Acme e.V."
        keys = (
            db.session.execute(
                sa.select(ApiKey.key_hash)
                .execution_options(all_tenants=True)
                .where(ApiKey.tenant_id == tenant.id)
            )
            .scalars()
            .all()
        )
        assert keys == [hash_token(out["api_key"])]
    again = runner.invoke(args=["tenant", "create", "acme", "--name", "Other", "--json"])
    assert again.exit_code != 0
    assert "exists" in again.output
    bad = runner.invoke(args=["tenant", "create", "A!", "--name", "Bad"])
    assert bad.exit_code != 0
    assert "slug" in bad.output
    listing = runner.invoke(args=["tenant", "list", "--json"])
    assert {t["slug"] for t in json.loads(listing.output)} == {"acme", "public"}


@pytest.mark.sqlite_only
def test_flask_db_upgrade_from_the_command_line(tmp_path):
    env = dict(os.environ, GROUPDECIDE_INSTANCE_PATH=str(tmp_path), FLASK_APP="groupdecide")
    env.pop("GROUPDECIDE_DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "groupdecide"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=ROOT)
    out = subprocess.run(
        [*flask, "tenant", "create", "cli-made", "--name", "CLI", "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert json.loads(out.stdout)["slug"] == "cli-made"
    assert (tmp_path / "groupdecide.sqlite3").exists()
    assert (tmp_path / "secret_key").read_text().strip()
    conn = sa.create_engine(f"sqlite:///{tmp_path / 'groupdecide.sqlite3'}")
    with conn.connect() as c:
        assert c.execute(sa.text("pragma journal_mode")).scalar() == "wal"
        assert {r[0] for r in c.execute(sa.text("select slug from tenants"))} == {
            "public",
            "cli-made",
        }
    conn.dispose()


@pytest.mark.sqlite_only
def test_backup_makes_a_consistent_copy_that_the_app_can_read(app, runner, api, tmp_path):
    d = api.create(title="Keep me safe")
    oid = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {oid: 4})
    target = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code != 0
    assert "exists" in again.output
    from testkit import Api, make_app

    restored = make_app(f"sqlite:///{target}", tmp_path / "r")
    got = Api(restored.test_client()).call("GET", f"/decisions/{d['id']}").get_json()
    assert got["title"] == "Keep me safe"
    assert got["ballot_count"] == 1
    with restored.app_context():
        db.engine.dispose()
