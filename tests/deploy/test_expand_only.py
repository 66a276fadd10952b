"""Zero-downtime upgrades: every migration since 0010 only expands the schema (new tables, new
columns that are nullable or have a server default), so the previous release's code keeps
reading and inserting while the new schema is in place. A migration that drops, renames or
tightens something fails here: split it into expand now, contract in a later release."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from testkit import make_app

from groupdecide.extensions import db

SINCE = "0010"


def _schema(conn: Any) -> dict[str, dict[str, dict[str, Any]]]:
    insp = sa.inspect(conn)
    return {
        table: {c["name"]: c for c in insp.get_columns(table)}
        for table in insp.get_table_names()
        if table != "alembic_version"
    }


def _revisions_after(since: str) -> list[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from groupdecide.health import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    revs = [r.revision for r in script.walk_revisions(base=since, head="heads")]
    revs.reverse()  # oldest first
    return [r for r in revs if r != since]


def _problems(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    found = []
    for table, cols in before.items():
        if table not in after:
            found.append(f"table {table} dropped")
            continue
        for name, col in cols.items():
            new = after[table].get(name)
            if new is None:
                found.append(f"{table}.{name} dropped or renamed")
            elif col["nullable"] and not new["nullable"]:
                found.append(f"{table}.{name} made NOT NULL")
        for name in set(after[table]) - set(cols):
            new = after[table][name]
            if not new["nullable"] and new.get("default") is None:
                found.append(f"{table}.{name} added NOT NULL without a server default")
    return found


@pytest.mark.sqlite_only
def test_every_migration_since_0010_only_expands(tmp_path):
    from flask_migrate import upgrade

    app = make_app(f"sqlite:///{tmp_path / 'm.sqlite3'}", tmp_path)
    revisions = _revisions_after(SINCE)
    assert revisions, "no migration after 0010?"
    with app.app_context():
        upgrade(revision=SINCE)
        with db.engine.connect() as conn:
            before = _schema(conn)
        for rev in revisions:
            upgrade(revision=rev)
            with db.engine.connect() as conn:
                after = _schema(conn)
            problems = _problems(before, after)
            assert not problems, f"migration {rev} is not expand-only: {problems}"
            before = after
        db.engine.dispose()


def test_the_check_sees_a_contracting_change():
    before = {"t": {"a": {"nullable": True, "default": None}, "b": {"nullable": True}}}
    after = {
        "t": {
            "a": {"nullable": False, "default": None},
            "c": {"nullable": False, "default": None},
            "d": {"nullable": False, "default": "0"},
        }
    }
    assert sorted(_problems(before, after)) == [
        "t.a made NOT NULL",
        "t.b dropped or renamed",
        "t.c added NOT NULL without a server default",
    ]
    assert _problems(before, {}) == ["table t dropped"]
