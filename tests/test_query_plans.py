"""Every query by a parent key uses an index on that key, next to the tenant filter.

The tenant filter (``tenancy.py``) adds ``tenant_id = ?`` to every query of a tenant-scoped
table. With an index on ``tenant_id`` alone and one on ``decision_id`` alone, SQLite without
statistics (a fresh database never has any) took the tenant's index, so a per-decision ballot
query read every ballot of the tenant. Migration 0010 gives each per-parent table a
``(tenant_id, <parent key>)`` index. These tests capture the SQL the app itself runs (the
real services and API, inside a tenant, so the filter is applied), ask the database for its
plan (``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN (FORMAT JSON)`` on PostgreSQL, inside the
tenant's transaction, so row-level security is in the plan too) and check the index chosen.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from testkit import Api

from groupdecide.extensions import db
from groupdecide.security import hash_token

# the columns a query may select a tenant's rows by, more narrowly than the tenant itself
PARENT_KEYS = ("decision_id", "user_id")


def _tenant_tables() -> list[str]:
    return sorted(t.name for t in db.metadata.sorted_tables if "tenant_id" in t.c)


@contextmanager
def captured() -> Iterator[list[tuple[str, Any]]]:
    """Every SELECT, UPDATE and DELETE sent to the database meanwhile, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, params: Any, _ctx: Any, many: bool) -> None:
        head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if not many and head in ("SELECT", "UPDATE", "DELETE", "WITH"):
            seen.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", grab)


def _tenant(slug: str = "public") -> Any:
    from groupdecide.tenancy import load_tenant

    tenant = load_tenant(slug)
    assert tenant is not None
    return tenant


# ----------------------------------------------------------------------------- plans


def _sqlite_plan(sql: str, params: Any) -> dict[str, list[str]]:
    """Table (or alias) -> how each access to it is made, from EXPLAIN QUERY PLAN."""
    try:
        rows = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
    finally:
        db.session.rollback()
    out: dict[str, list[str]] = {}
    for row in rows:
        detail = str(row[-1])
        m = re.match(r"(SEARCH|SCAN) (\w+)(.*)$", detail)
        if m:
            out.setdefault(m.group(2), []).append(detail)
    return out


def _pg_plan(sql: str, params: Any, *, seqscan: bool) -> dict[str, list[str]]:
    """Table (or alias) -> the accesses to it: ``Seq Scan``, or ``<index>: <condition>``."""
    from groupdecide.tenancy import tenant_context

    with tenant_context(_tenant()):
        conn = db.session.connection()
        try:
            if not seqscan:
                # tiny tables: a sequential scan is cheapest and hides which index would be
                # chosen; this asks which index the planner takes when it must take one
                conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            raw = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sql, params).scalar_one()
        finally:
            db.session.rollback()
    doc = raw if isinstance(raw, list) else json.loads(raw)
    out: dict[str, list[str]] = {}

    def visit(node: dict[str, Any], relation: str | None) -> None:
        rel = node.get("Alias") or node.get("Relation Name") or relation
        kind = node.get("Node Type", "")
        if kind == "Seq Scan":
            out.setdefault(rel or "?", []).append("Seq Scan")
        elif "Index Name" in node:
            cond = node.get("Index Cond", "")
            out.setdefault(rel or "?", []).append(f"{node['Index Name']}: {cond}")
        for child in node.get("Plans", []):
            # a Bitmap Index Scan names no relation: it belongs to its Bitmap Heap Scan
            visit(child, rel if kind in ("Bitmap Heap Scan", "BitmapAnd", "BitmapOr") else None)

    visit(doc[0]["Plan"], None)
    return out


def plan(sql: str, params: Any, *, seqscan: bool = True) -> dict[str, list[str]]:
    if db.engine.dialect.name == "postgresql":
        return _pg_plan(sql, params, seqscan=seqscan)
    return _sqlite_plan(sql, params)


def _narrow(access: str) -> bool:
    """Whether one access (a line of ``plan``) searches an index by more than the tenant: the
    parent key (or a unique key; or, for the rows a foreign key action visits, that key)."""
    if db.engine.dialect.name == "postgresql":
        if access == "Seq Scan" or ":" not in access:
            return False
        cond = access.split(":", 1)[1]
    else:
        m = re.search(r"\((.*)\)\s*$", access)
        if not m or not access.startswith("SEARCH"):
            return False  # a full scan of the table or of an index
        cond = m.group(1)
    columns = set(re.findall(r"\b(\w+)\)?(?:::\w+)?\s*(?:=|>|<|IN\b)", cond))
    return bool(columns - {"tenant_id"})


def per_parent_accesses(sql: str) -> list[tuple[str, str]]:
    """(table or alias, parent key) for each tenant-scoped table the statement selects by a
    parent key (``ballots.decision_id = ?``, ``... IN (...)``, a correlated ``= decisions.id``)."""
    found = []
    for table in _tenant_tables():
        names = {table, *re.findall(rf"\b{table} AS (\w+)", sql)}
        for name in names:
            for key in PARENT_KEYS:
                column = rf"\b{name}\.{key}\b"
                if re.search(rf"{column}\s*(=|IN\b)|=\s*{column}", sql):
                    found.append((name, key))
    return found


# ----------------------------------------------------------------------------- data


def _bulk_ballots(decision_ids: list[str], per_decision: int, tenant_id: int) -> None:
    """Many ballots fast (Core on an engine connection: no ORM, no tenant session)."""
    now = datetime.now(UTC)
    ballots = db.metadata.tables["ballots"]
    rows = [
        {
            "tenant_id": tenant_id,
            "decision_id": did,
            "name": f"P{i}",
            "answers": {},
            "edit_token_hash": hash_token(secrets.token_hex(8)),
            "created_at": now,
            "updated_at": now,
        }
        for did in decision_ids
        for i in range(per_decision)
    ]
    with db.engine.begin() as conn:
        conn.execute(ballots.insert(), rows)
        if db.engine.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE ballots")


def _assert_narrow(shapes: list[tuple[str, Any]]) -> list[str]:
    """Check every per-parent statement among ``shapes``; return the ones checked."""
    checked, wrong = [], []
    for sql, params in shapes:
        accesses = per_parent_accesses(sql)
        if not accesses:
            continue
        got = plan(sql, params, seqscan=False)
        for name, key in accesses:
            for access in got.get(name, []):
                if not _narrow(access):
                    wrong.append(f"{name} by {key}: {access}\n    {' '.join(sql.split())}")
        checked.append(sql)
    assert not wrong, "queries by a parent key that do not use its index:\n" + "\n".join(wrong)
    return checked


# ----------------------------------------------------------------------------- tests


def test_per_decision_ballot_queries_use_the_tenant_decision_index(app, api, client, make_tenant):
    """The issue's case: 6,400 ballots of one tenant over 16 decisions (and ballots of a
    second tenant): every per-decision ballot query searches (tenant_id, decision_id)."""
    from groupdecide.services import ballots, decisions, results
    from groupdecide.tenancy import tenant_context

    ids = [api.create(title=f"D{i}")["id"] for i in range(16)]
    slug, key = make_tenant("plan-other")
    other = Api(client, tenant=slug)
    other_ids = [other.create(title="Elsewhere", token=key)["id"] for _ in range(2)]
    with app.app_context():
        here, there = _tenant().id, _tenant(slug).id
        db.session.rollback()
        _bulk_ballots(ids, 400, here)
        _bulk_ballots(other_ids, 500, there)
        with tenant_context(_tenant()), captured() as shapes:
            decision = decisions.get_decision(ids[1])
            decisions.ballot_count(decision)
            decisions.ballot_counts(ids[:2])
            ballots.list_ballots(decision)
            ballots.ballot_answers(decision)
            results.vetoes(decision)
            results.answer_table(decision, as_admin=True)
        db.session.rollback()
        ballot_shapes = [
            (s, p) for s, p in shapes if ("ballots", "decision_id") in per_parent_accesses(s)
        ]
        assert len(ballot_shapes) >= 6, [s for s, _ in shapes]
        for sql, params in ballot_shapes:
            got = plan(sql, params)  # real row counts (and statistics on PostgreSQL)
            accesses = got.get("ballots", [])
            assert accesses, (sql, got)
            for access in accesses:
                assert "ix_ballots_tenant_id_decision_id" in access, (
                    f"{access}\n{' '.join(sql.split())}"
                )
        _assert_narrow(shapes)


def test_every_per_parent_query_of_a_decisions_life_uses_its_index(app, api, client):
    """A decision's whole life through the API and the pages, plus the services' per-parent
    queries that no request reaches at once (digest, reminders, memberships): every
    statement that selects rows by a decision (or a user) uses an index on that key, never
    the tenant's rows alone."""
    from groupdecide.services import comments, decisions, memberships, notify
    from groupdecide.tenancy import tenant_context

    with app.app_context(), captured() as shapes:
        d = api.create(
            method="consensus", labels=("A", "B", "C"), settings={"individual_answers": "everyone"}
        )
        did, admin = d["id"], d["admin_token"]
        oids = [o["id"] for o in d["decision"]["options"]]
        cast = api.cast(did, {oids[0]: 3, oids[1]: 7, oids[2]: 0}, name="Ann")
        api.cast(did, {oids[0]: 5, oids[1]: 1, oids[2]: 2}, name="Ben")
        bid, edit = cast["id"], cast["edit_token"]
        assert api.call("GET", f"/decisions/{did}/ballots/{bid}", token=edit).status_code == 200
        put = api.call(
            "PUT",
            f"/decisions/{did}/ballots/{bid}",
            {"name": "Ann", "answers": {str(o): 4 for o in oids}},
            edit,
        )
        assert put.status_code == 200, put.get_json()
        assert api.call("GET", f"/decisions/{did}/ballots", token=admin).status_code == 200
        assert api.call("GET", f"/decisions/{did}").status_code == 200
        assert api.call("GET", f"/decisions/{did}/results").status_code == 200
        assert api.call("GET", f"/decisions/{did}/log", token=admin).status_code == 200
        made = api.call("POST", f"/decisions/{did}/invites", {"count": 2}, admin)
        assert made.status_code == 201, made.get_json()
        listed = api.call("GET", f"/decisions/{did}/invites", token=admin)
        assert listed.status_code == 200
        iid = listed.get_json()["items"][0]["id"]
        assert api.call("DELETE", f"/decisions/{did}/invites/{iid}", token=admin).status_code in (
            200,
            204,
        )
        said = api.call("POST", f"/decisions/{did}/comments", {"name": "Ann", "body": "Hi"}, edit)
        assert said.status_code == 201, said.get_json()
        assert api.call("GET", f"/decisions/{did}/comments").status_code == 200
        opt = api.call("POST", f"/decisions/{did}/options", {"label": "D"}, admin)
        assert opt.status_code == 201, opt.get_json()
        for page in (f"/t/public/d/{did}", f"/t/public/d/{did}/results"):
            assert client.get(page).status_code == 200, page
        with tenant_context(_tenant()):
            from groupdecide.services.decisions import get_decision

            decision = get_decision(did)
            listed_ids = [x.id for x in decisions.list_decisions(20, None)[0]]
            decisions.ballot_counts(listed_ids)
            comments.comment_page(decision)
            notify._digest(decision, datetime.now(UTC))
            notify._remind(decision)
            memberships.membership(1)
            db.session.rollback()
        gone = api.call("DELETE", f"/decisions/{did}", token=admin)
        assert gone.status_code == 204, gone.get_json()
    with app.app_context():
        checked = _assert_narrow(shapes)
    text = "\n".join(checked)
    for needle in ("ballots.decision_id", "options.decision_id", "invites.decision_id"):
        assert needle in text, needle
    for needle in ("comments.decision_id", "decision_log.decision_id", "memberships.user_id"):
        assert needle in text, needle
    assert "subscriptions.decision_id" in text or "DELETE FROM subscriptions" in text


def test_every_tenant_scoped_table_has_an_index_that_starts_with_the_tenant(app):
    """Dropping the tenant-only indexes left none without one: a tenant's listing, count,
    export and delete, and the tenants' ON DELETE CASCADE, all look rows up by the tenant."""
    with app.app_context():
        inspector = sa.inspect(db.engine)
        lacking = []
        for table in _tenant_tables():
            leading = [i["column_names"][0] for i in inspector.get_indexes(table)]
            leading += [u["column_names"][0] for u in inspector.get_unique_constraints(table)]
            if "tenant_id" not in leading:
                lacking.append(table)
        assert lacking == []


@pytest.mark.parametrize(
    "table", ["ballots", "options", "invites", "comments", "decision_log", "subscriptions"]
)
def test_no_per_decision_table_keeps_a_tenant_only_index(app, table):
    """The (tenant_id, decision_id) index serves every query the tenant-only one did."""
    with app.app_context():
        names = {i["name"]: i["column_names"] for i in sa.inspect(db.engine).get_indexes(table)}
        assert names.get(f"ix_{table}_tenant_id_decision_id") == ["tenant_id", "decision_id"]
        assert f"ix_{table}_tenant_id" not in names


def test_a_tenants_decision_lists_read_the_index_in_order(app, api):
    """The API's list and the dashboard, newest first: read from (tenant_id, created_at, id)
    in order, not every decision of the tenant sorted for each page."""
    from groupdecide.services import decisions, tenant_admin
    from groupdecide.tenancy import tenant_context

    for i in range(3):
        api.create(title=f"D{i}")
    with app.app_context():
        with tenant_context(_tenant()), captured() as shapes:
            decisions.list_decisions(2, None)
            tenant_admin.dashboard()
        db.session.rollback()
        listings = [(s, p) for s, p in shapes if "ORDER BY decisions.created_at DESC" in s]
        assert len(listings) == 2, [s for s, _ in shapes]
        for sql, params in listings:
            got = plan(sql, params, seqscan=False)
            flat = " / ".join(a for accesses in got.values() for a in accesses)
            assert "ix_decisions_tenant_id_created_at" in got.get("decisions", [""])[0], flat
            if db.engine.dialect.name == "sqlite":
                rows = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)
                details = [str(r[-1]) for r in rows]
                db.session.rollback()
                assert not any("TEMP B-TREE FOR ORDER BY" in d for d in details), details
