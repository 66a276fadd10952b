"""Schema upgrades keep the data: a database built at the first migration, filled, upgraded to
the newest, read through the API; and the newest migration downgrades and upgrades again."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from testkit import make_app

from groupdecide.extensions import db
from groupdecide.security import hash_token


@pytest.fixture
def blank_app(database_url, tmp_path):
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        yield make_app(url, tmp_path)
        return
    import secrets

    name = "gd_upg_" + secrets.token_hex(4)
    admin = sa.create_engine(
        database_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    app = make_app(database_url.rsplit("/", 1)[0] + "/" + name, tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _revisions(app):
    directory = app.extensions["migrate"].directory
    cfg = Config()
    cfg.set_main_option("script_location", directory)
    script = ScriptDirectory.from_config(cfg)
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_data_survives_every_upgrade_and_newest_downgrades(blank_app):
    app = blank_app
    revs = _revisions(app)
    assert revs[0] == "0001"
    now = datetime.now(UTC).replace(tzinfo=None)
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            tid = conn.execute(sa.text("select id from tenants where slug='public'")).scalar_one()
            conn.execute(
                sa.text(
                    "insert into decisions (id, tenant_id, title, description, conditions, method,"
                    " phase, settings, admin_token_hash, created_at, updated_at) values"
                    " ('olddecision1', :t, 'Old question', '', '', 'consensus', 'voting', :s, :h,"
                    " :n, :n)"
                ),
                {
                    "t": tid,
                    "s": json.dumps({"results": "public"}),
                    "h": hash_token("old-admin-token"),
                    "n": now,
                },
            )
            for pos, (label, passive) in enumerate(
                [("Keep", False), ("Change", False), ("Nothing", True)]
            ):
                conn.execute(
                    sa.text(
                        "insert into options (tenant_id, decision_id, label, passive, position,"
                        " created_at) values (:t, 'olddecision1', :l, :p, :pos, :n)"
                    ),
                    {"t": tid, "l": label, "p": passive, "pos": pos, "n": now},
                )
            oids = conn.execute(sa.text("select id from options order by position")).scalars().all()
            for i, vals in enumerate([(1, 5, 7), (2, 8, 6), (0, None, 9)]):
                answers = {str(o): v for o, v in zip(oids, vals, strict=True) if v is not None}
                conn.execute(
                    sa.text(
                        "insert into ballots (tenant_id, decision_id, name, answers,"
                        " edit_token_hash, created_at, updated_at)"
                        " values (:t, 'olddecision1', :nm, :a, :h, :n, :n)"
                    ),
                    {
                        "t": tid,
                        "nm": f"P{i}",
                        "a": json.dumps(answers),
                        "h": hash_token(f"edit-{i}"),
                        "n": now,
                    },
                )
        upgrade()  # to the newest
    client = app.test_client()
    res = client.get("/t/public/api/v1/decisions/olddecision1/results").get_json()
    assert "ballot_count" in res, res
    assert res["ballot_count"] == 3
    by_label = {o["label"]: o for o in res["options"]}
    assert by_label["Keep"]["resistance"] == 3
    assert by_label["Keep"]["votes"] == 3
    assert by_label["Change"]["votes"] == 2
    assert by_label["Change"]["mean"] == 6.5
    assert res["winners"] == [by_label["Keep"]["id"]]
    r = client.patch(
        "/t/public/api/v1/decisions/olddecision1",
        json={"title": "Still mine"},
        headers={"Authorization": "Bearer old-admin-token"},
    )
    assert r.status_code == 200
    with app.app_context():
        if len(revs) > 1:
            downgrade(revision=revs[-2])
            upgrade()
        else:
            downgrade(revision="base")
            upgrade()
        db.engine.dispose()
