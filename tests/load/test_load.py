"""Nothing acknowledged is lost: a real server, many clients, and a crash."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from gunicorn_server import NoAnswer, call, make_decision

pytestmark = pytest.mark.slow


def test_eight_clients_cast_2000_ballots_all_counted(server):
    d = make_decision(server.base)
    oids = [o["id"] for o in d["decision"]["options"]]
    path = f"/t/public/api/v1/decisions/{d['id']}/ballots"

    def cast(i: int) -> int:
        answers = {str(o): (i * 7 + j) % 11 for j, o in enumerate(oids)}
        return call(server.base, "POST", path, {"name": f"p{i}", "answers": answers})[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(cast, range(2000)))
    assert statuses.count(201) == 2000, {s: statuses.count(s) for s in set(statuses)}
    status, res = call(server.base, "GET", f"/t/public/api/v1/decisions/{d['id']}/results")
    assert status == 200
    assert res["ballot_count"] == 2000
    assert all(o["votes"] == 2000 for o in res["options"])
    expected = sum((i * 7) % 11 for i in range(2000))
    assert res["options"][0]["resistance"] == expected


def test_fifty_concurrent_uses_of_one_invite_leave_one_ballot(server):
    d = make_decision(server.base, access="invite")
    status, inv = call(
        server.base,
        "POST",
        f"/t/public/api/v1/decisions/{d['id']}/invites",
        {"count": 1},
        token=d["admin_token"],
    )
    assert status == 201
    token = inv["items"][0]["token"]
    oid = d["decision"]["options"][0]["id"]
    path = f"/t/public/api/v1/decisions/{d['id']}/ballots"
    barrier = threading.Barrier(50)

    def cast(i: int) -> int:
        barrier.wait()
        return call(
            server.base, "POST", path, {"name": f"p{i}", "answers": {str(oid): 1}, "invite": token}
        )[0]

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(cast, range(50)))
    assert statuses.count(201) == 1
    assert statuses.count(409) == 49
    _, got = call(server.base, "GET", f"/t/public/api/v1/decisions/{d['id']}")
    assert got["ballot_count"] == 1


def test_every_acknowledged_ballot_survives_sigkill(server):
    """Four clients stream ballots; the server is SIGKILLed mid-stream. A ballot counts as
    acknowledged only with a complete 201 and its parsed body; every other outcome (refused,
    reset, cut mid-body, timed out) is "not acknowledged" and is counted, never raised."""
    d = make_decision(server.base)
    oid = d["decision"]["options"][0]["id"]
    path = f"/t/public/api/v1/decisions/{d['id']}/ballots"
    acknowledged: list[int] = []
    unanswered: list[str] = []
    other: list[int] = []
    progress = threading.Condition()
    stop = threading.Event()

    def stream(worker: int) -> None:
        i = 0
        while not stop.is_set() and i < 5000:
            i += 1
            try:
                status, body = call(
                    server.base,
                    "POST",
                    path,
                    {"name": f"w{worker}-{i}", "answers": {str(oid): i % 11}},
                    timeout=5,
                )
            except NoAnswer as exc:
                with progress:
                    unanswered.append(str(exc))
                continue  # no complete answer: no promise
            with progress:
                if status == 201 and isinstance(body, dict) and "id" in body:
                    acknowledged.append(body["id"])
                else:
                    other.append(status)
                progress.notify_all()

    threads = [threading.Thread(target=stream, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    with progress:
        progress.wait_for(lambda: len(acknowledged) >= 200, timeout=60)
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a client thread hung"
    assert len(acknowledged) >= 200, (len(acknowledged), unanswered[:3], other[:3])
    assert not other, f"answers other than 201 before the kill: {set(other)}"
    server.start()
    status, listing = call(
        server.base, "GET", f"/t/public/api/v1/decisions/{d['id']}/ballots", token=d["admin_token"]
    )
    assert status == 200
    stored = {b["id"] for b in listing["items"]}
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged ballots lost"
