"""Benchmark: per-decision ballot queries in a big tenant, before and after migration 0010.

Run from the repository root::

    python bench/bench_queries.py                 # SQLite in a temporary directory
    python bench/bench_queries.py --postgres      # a throwaway PostgreSQL database
    python bench/bench_queries.py --ballots 20000 --repeats 5    # a quick run

It builds the schema with the migrations (``flask db upgrade``), makes a few decisions in
the ``public`` tenant through the API, bulk-loads the ballots (150,000 by default; one
small decision of 200 among a few large ones) and times, with the app's own query code
inside the tenant (so the tenant filter adds ``tenant_id = ?``), the per-decision ballot
query the count reads (``ballots.ballot_answers``) and the ballot count
(``decisions.ballot_count``), median of ``--repeats`` runs, in ms. Each runs against three
index states of ``ballots``:

- ``0009``: the indexes before migration 0010 (``tenant_id`` and ``decision_id`` apart),
  no statistics: what every fresh SQLite database had;
- ``0010``: ``(tenant_id, decision_id)`` (and ``decision_id``), no statistics;
- ``0009+ANALYZE`` (SQLite only): the old indexes with statistics, the other way out.

PostgreSQL gets ``ANALYZE`` after the load in every state (autovacuum would take it there
soon anyway). The plan SQLite or PostgreSQL chose is printed with each state.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from groupdecide import create_app  # noqa: E402
from groupdecide.extensions import db  # noqa: E402
from groupdecide.security import hash_token  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "GROUPDECIDE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
OLD = [("ix_ballots_tenant_id", ["tenant_id"])]
NEW = [("ix_ballots_tenant_id_decision_id", ["tenant_id", "decision_id"])]


def make_app(url: str, tmp: str) -> Any:
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": tmp,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "gd.bench",
        }
    )


def sizes(total: int, decisions: int) -> list[int]:
    """One small decision of 200 ballots; the rest split over the large ones."""
    small = min(200, total)
    large = decisions - 1
    each = (total - small) // large
    return [small] + [each] * (large - 1) + [total - small - each * (large - 1)]


def load(app: Any, counts: list[int], options: int) -> list[str]:
    client = app.test_client()
    ids, option_ids = [], []
    for i, _n in enumerate(counts):
        body = {
            "title": f"Decision {i}",
            "method": "consensus",
            "options": [{"label": f"Option {k}"} for k in range(options)],
            "settings": {},
        }
        res = client.post("/t/public/api/v1/decisions", json=body)
        assert res.status_code == 201, res.get_json()
        data = res.get_json()
        ids.append(data["id"])
        option_ids.append([o["id"] for o in data["decision"]["options"]])
    rng = random.Random(15)
    now = datetime.now(UTC)
    with app.app_context():
        tenant_id = db.session.execute(sa.text("select id from tenants where slug = 'public'"))
        tid = tenant_id.scalar_one()
        db.session.rollback()
        ballots = db.metadata.tables["ballots"]
        started = time.perf_counter()
        with db.engine.begin() as conn:
            for did, oids, n in zip(ids, option_ids, counts, strict=True):
                for start in range(0, n, 10_000):
                    rows = [
                        {
                            "tenant_id": tid,
                            "decision_id": did,
                            "name": f"P{start + k}",
                            "answers": {str(o): rng.randint(0, 10) for o in oids},
                            "edit_token_hash": hash_token(secrets.token_hex(12)),
                            "created_at": now,
                            "updated_at": now,
                        }
                        for k in range(min(10_000, n - start))
                    ]
                    conn.execute(ballots.insert(), rows)
        print(f"loaded {sum(counts):,} ballots in {time.perf_counter() - started:.1f} s")
    return ids


def set_indexes(app: Any, state: str) -> None:
    """Put ``ballots`` into one index state (see the module's docstring)."""
    with app.app_context():
        insp = sa.inspect(db.engine)
        have = {i["name"] for i in insp.get_indexes("ballots")}
        want, drop = (NEW, OLD) if state == "0010" else (OLD, NEW)
        with db.engine.begin() as conn:
            for name, _cols in drop:
                if name in have:
                    conn.exec_driver_sql(f"DROP INDEX {name}")
            for name, cols in want:
                if name not in have:
                    conn.exec_driver_sql(f"CREATE INDEX {name} ON ballots ({', '.join(cols)})")
            if db.engine.dialect.name == "postgresql" or state.endswith("ANALYZE"):
                conn.exec_driver_sql("ANALYZE")
        db.engine.dispose()  # fresh connections read the schema (and statistics) anew


def explain(app: Any, decision_id: str) -> str:
    """The plan of the per-decision count, as the tenant filter sends it."""
    with app.app_context():
        tid = db.session.execute(sa.text("select id from tenants where slug = 'public'"))
        params = {"d": decision_id, "t": tid.scalar_one()}
        db.session.rollback()
        sql = "SELECT count(id) FROM ballots WHERE decision_id = :d AND tenant_id = :t"
        with db.engine.connect() as conn:
            if db.engine.dialect.name == "postgresql":
                rows = conn.execute(sa.text("EXPLAIN " + sql), params).scalars().all()
                return " / ".join(r.strip() for r in rows if "Scan" in r or "Cond" in r)
            rows = conn.execute(sa.text("EXPLAIN QUERY PLAN " + sql), params).all()
            return " / ".join(str(r[-1]) for r in rows)


def timed(fn: Callable[[], Any], repeats: int) -> float:
    fn()  # warm: the statement cache, the page cache
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def measure(app: Any, ids: list[str], counts: list[int], repeats: int) -> dict[str, float]:
    from groupdecide.services import ballots, decisions
    from groupdecide.tenancy import load_tenant, tenant_context

    out = {}
    with app.app_context():
        tenant = load_tenant("public")
        assert tenant is not None
        with tenant_context(tenant):
            for did, n in [(ids[0], counts[0]), (ids[-1], counts[-1])]:
                decision = decisions.get_decision(did)
                out[f"ballot answers, decision of {n:,}"] = timed(
                    lambda d=decision: ballots.ballot_answers(d), repeats
                )
                out[f"ballot count, decision of {n:,}"] = timed(
                    lambda d=decision: decisions.ballot_count(d), repeats
                )
        db.session.rollback()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", nargs="?", const=PG_ADMIN_URL, default=None, metavar="URL")
    parser.add_argument("--ballots", type=int, default=150_000)
    parser.add_argument("--decisions", type=int, default=4)
    parser.add_argument("--options", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    counts = sizes(args.ballots, max(2, args.decisions))

    tmp = tempfile.mkdtemp(prefix="gd-bench-queries-")
    admin, name = None, None
    if args.postgres:
        name = "gd_bench_" + secrets.token_hex(4)
        admin = sa.create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = args.postgres.rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite:///{tmp}/bench.sqlite3"
    try:
        app = make_app(url, tmp)
        from flask_migrate import upgrade

        with app.app_context():
            upgrade()
            db.engine.dispose()
        ids = load(app, counts, args.options)
        states = ["0009", "0010"] + ([] if args.postgres else ["0009+ANALYZE"])
        figures: dict[str, dict[str, float]] = {}
        for state in states:
            set_indexes(app, state)
            print(f"{state}: {explain(app, ids[0])}")
            figures[state] = measure(app, ids, counts, args.repeats)
        kind = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"\n{kind}, {sum(counts):,} ballots in one tenant over {len(counts)} decisions; "
            f"median of {args.repeats}, ms"
        )
        rows = list(figures[states[0]])
        width = max(len(r) for r in rows)
        print(f"{'query':<{width}}  " + "  ".join(f"{s:>13}" for s in states))
        for r in rows:
            print(f"{r:<{width}}  " + "  ".join(f"{figures[s][r]:>13.3f}" for s in states))
        if args.json:
            print(json.dumps({"database": kind, "ballots": sum(counts), "ms": figures}))
    finally:
        if admin is not None:
            with app.app_context():
                db.engine.dispose()
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


if __name__ == "__main__":
    main()
