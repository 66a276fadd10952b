"""Odd input and a storage that cannot be written answer with specific 4xx and 503 answers,
never a 500 (issue 9, "No input ever produces a 5xx"; issue 10, "Names and labels")."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from groupdecide.extensions import db


def _read_only(app: Any) -> Any:
    """Every transaction from now on is read-only, as on a read-only file or replica."""

    def begin(conn: Any) -> None:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA query_only = ON")
        else:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")

    with app.app_context():
        event.listen(db.engine, "begin", begin)
    return begin


def _writable(app: Any, begin: Any) -> None:
    with app.app_context():
        event.remove(db.engine, "begin", begin)
        db.engine.dispose()  # query_only is a setting of each pooled connection


def test_a_read_only_database_answers_503_on_the_api_and_the_pages(app, client, api):
    made = api.create("consensus")
    did = made["decision"]["id"]
    oid = made["decision"]["options"][0]["id"]
    begin = _read_only(app)
    try:
        resp = api.call(
            "POST", f"/decisions/{did}/ballots", {"name": "Ann", "answers": {str(oid): 2}}
        )
        assert resp.status_code == 503, resp.get_data(as_text=True)[:500]
        assert resp.get_json()["error"]["code"] == "unavailable"
        assert resp.headers["Retry-After"]
        page = client.post(f"/t/public/d/{did}", data={f"answer-{oid}": "2", "name": "Ann"})
        assert page.status_code == 503
        assert "storage is full or read-only" in page.get_data(as_text=True)
    finally:
        _writable(app, begin)
    assert api.call("GET", f"/decisions/{did}").get_json()["ballot_count"] == 0


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)  # as in production: the commit fails late
def test_a_full_disk_answers_503(app, api, monkeypatch):
    made = api.create("consensus")
    did = made["decision"]["id"]
    oid = made["decision"]["options"][0]["id"]

    def full(*_a: Any, **_k: Any) -> None:
        raise sa.exc.OperationalError(
            "COMMIT", {}, sqlite3.OperationalError("database or disk is full")
        )

    monkeypatch.setattr(db.session, "commit", full)
    resp = api.call("POST", f"/decisions/{did}/ballots", {"name": "Ann", "answers": {str(oid): 2}})
    assert resp.status_code == 503
    assert resp.get_json()["error"]["code"] == "unavailable"
