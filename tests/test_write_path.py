"""The ballot write path: the checks read without the write lock, the write is short and
re-checks the decision (a close in between: 409, nothing written)."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from testkit import Api

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Subscription
from groupdecide.services import ballots as ballot_service

WAIT = 30  # seconds: a bound on waiting for the other thread, never a pause


def _stored(app: Any, decision_id: str) -> tuple[int, int, int]:
    """Ballots, subscriptions and the results version of the decision, read directly."""
    with app.app_context():
        n = db.session.execute(
            sa.select(sa.func.count(Ballot.id))
            .where(Ballot.decision_id == decision_id)
            .execution_options(all_tenants=True)
        ).scalar_one()
        subs = db.session.execute(
            sa.select(sa.func.count(Subscription.id))
            .where(Subscription.decision_id == decision_id)
            .execution_options(all_tenants=True)
        ).scalar_one()
        version = db.session.execute(
            sa.select(Decision.results_version)
            .where(Decision.id == decision_id)
            .execution_options(all_tenants=True)
        ).scalar_one()
        db.session.remove()
    return n, subs, version


def _close(app: Any, d: dict[str, Any]) -> int:
    api = Api(app.test_client())
    r = api.call("PATCH", f"/decisions/{d['id']}", {"phase": "closed"}, token=d["admin_token"])
    return int(r.status_code)


def _cast_body(d: dict[str, Any], i: int = 0) -> dict[str, Any]:
    oids = [o["id"] for o in d["decision"]["options"]]
    return {
        "name": f"Racer {i}",
        "answers": {str(o): (i + j) % 11 for j, o in enumerate(oids)},
        "email": f"racer{i}@example.org",
    }


def test_a_close_between_the_checks_and_the_write_refuses_the_ballot_and_writes_nothing(
    app, api, monkeypatch
):
    """The close commits while the ballot is checked: the ballot answers 409 and leaves no
    ballot, no subscription and no new results version behind (it was checked against an
    open decision, so only the write's re-check can refuse it)."""
    d = api.create(labels=("A", "B", "C"))
    before = _stored(app, d["id"])
    checked = threading.Event()
    closed = threading.Event()
    real_check = ballot_service._check

    def check_then_wait(*args: Any, **kw: Any) -> Any:
        out = real_check(*args, **kw)
        checked.set()
        closed.wait(WAIT)  # the close goes through while this ballot is between check and write
        return out

    monkeypatch.setattr(ballot_service, "_check", check_then_wait)
    result: dict[str, Any] = {}

    def cast() -> None:
        r = Api(app.test_client()).call("POST", f"/decisions/{d['id']}/ballots", _cast_body(d))
        result["status"], result["body"] = r.status_code, r.get_json()

    t = threading.Thread(target=cast)
    t.start()
    assert checked.wait(WAIT)
    result["close"] = _close(app, d)
    closed.set()
    t.join(WAIT)
    assert not t.is_alive()
    assert result["close"] == 200
    assert result["status"] == 409, result["body"]
    assert result["body"]["error"]["code"] == "conflict"
    assert "closed" in result["body"]["error"]["message"]
    assert _stored(app, d["id"]) == before


@pytest.mark.parametrize("round_", range(6))
def test_a_ballot_racing_a_close_is_stored_with_201_or_refused_with_409(app, api, round_):
    """Both start at the same moment: a 201 ballot is in the database (with its subscription
    and the version it bumped), a 409 left nothing; the close always succeeds."""
    d = api.create(labels=("A", "B", "C"))
    _n0, _s0, v0 = _stored(app, d["id"])
    barrier = threading.Barrier(2, timeout=WAIT)
    out: dict[str, Any] = {}

    def cast() -> None:
        client = Api(app.test_client())
        barrier.wait()
        r = client.call("POST", f"/decisions/{d['id']}/ballots", _cast_body(d, round_))
        out["cast"] = r.status_code

    def close() -> None:
        barrier.wait()
        out["close"] = _close(app, d)

    threads = [threading.Thread(target=cast), threading.Thread(target=close)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
        assert not t.is_alive()
    assert out["close"] == 200
    assert out["cast"] in (201, 409)
    n, subs, version = _stored(app, d["id"])
    if out["cast"] == 201:
        assert (n, subs, version) == (1, 1, v0 + 1)
    else:
        assert (n, subs, version) == (0, 0, v0)


def _db_file(app: Any) -> str:
    with app.app_context():
        path = db.engine.url.database
    assert path
    assert path != ":memory:"
    return str(path)


def _other_writer_can_lock(path: str) -> bool:
    """Whether a second connection gets SQLite's write lock at once (no waiting)."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise
        return False
    finally:
        other.close()


@pytest.mark.sqlite_only
def test_the_ballot_checks_do_not_hold_the_write_lock(app, api, monkeypatch):
    """While a ballot's tenant, decision and answers are read and checked, another worker can
    write; the lock is taken only for the insert, and the ballot is stored."""
    d = api.create(labels=("A", "B"))
    path = _db_file(app)
    seen: list[bool] = []
    real_check = ballot_service._check

    def check_and_probe(*args: Any, **kw: Any) -> Any:
        out = real_check(*args, **kw)
        seen.append(_other_writer_can_lock(path))
        return out

    monkeypatch.setattr(ballot_service, "_check", check_and_probe)
    oids = [o["id"] for o in d["decision"]["options"]]
    api.cast(d["id"], {oids[0]: 1, oids[1]: 4})
    assert seen == [True]
    assert _stored(app, d["id"])[0] == 1


@pytest.mark.sqlite_only
def test_a_get_does_not_take_the_write_lock(app, api, monkeypatch):
    """A page or API read in progress leaves the write lock free for the other workers."""
    d = api.create(labels=("A", "B"))
    path = _db_file(app)
    seen: list[bool] = []
    from groupdecide.services import decisions

    real_get = decisions.get_decision

    def get_and_probe(*args: Any, **kw: Any) -> Any:
        out = real_get(*args, **kw)
        seen.append(_other_writer_can_lock(path))
        return out

    monkeypatch.setattr(decisions, "get_decision", get_and_probe)
    assert app.test_client().get(f"/t/public/d/{d['id']}").status_code == 200
    assert api.call("GET", f"/decisions/{d['id']}").status_code == 200
    assert seen
    assert all(seen)


@pytest.mark.sqlite_only
def test_other_posts_still_take_the_write_lock_up_front(app, api, monkeypatch):
    """Requests that are not read-first keep ``BEGIN IMMEDIATE`` from their first query."""
    d = api.create(labels=("A", "B"))
    path = _db_file(app)
    seen: list[bool] = []
    from groupdecide.services import decisions

    real_get = decisions.get_decision

    def get_and_probe(*args: Any, **kw: Any) -> Any:
        out = real_get(*args, **kw)
        seen.append(_other_writer_can_lock(path))
        return out

    monkeypatch.setattr(decisions, "get_decision", get_and_probe)
    r = api.call("PATCH", f"/decisions/{d['id']}", {"title": "Other"}, token=d["admin_token"])
    assert r.status_code == 200
    assert seen
    assert not any(seen)


@pytest.mark.sqlite_only
def test_what_runs_after_the_commit_does_not_take_the_write_lock(app, api):
    """After a write's commit the response's hooks only read (the expired tenant is loaded
    again for the headers): that read must not take the write lock a second time."""
    from sqlalchemy import event

    d = api.create(labels=("A", "B"))
    begins: list[str] = []
    with app.app_context():
        engine = db.engine

    def on_begin_sql(_conn: Any, _cur: Any, statement: str, *_rest: Any) -> None:
        if statement.startswith("BEGIN"):
            begins.append(statement)

    event.listen(engine, "before_cursor_execute", on_begin_sql)
    try:
        r = api.call("PATCH", f"/decisions/{d['id']}", {"title": "Other"}, token=d["admin_token"])
    finally:
        event.remove(engine, "before_cursor_execute", on_begin_sql)
    assert r.status_code == 200
    assert begins[0] == "BEGIN IMMEDIATE"
    assert "BEGIN IMMEDIATE" not in begins[1:]
