"""Several worker processes casting at once: no "database is locked", no lost ballot."""

from __future__ import annotations

import multiprocessing as mp

from testkit import Api, make_app


def _worker(url: str, tmp: str, decision_id: str, option_ids: list[int], n: int, q) -> None:
    from pathlib import Path

    app = make_app(url, Path(tmp))
    client = app.test_client()
    api = Api(client)
    statuses = []
    for i in range(n):
        answers = {str(o): (i + j) % 11 for j, o in enumerate(option_ids)}
        r = api.call(
            "POST", f"/decisions/{decision_id}/ballots", {"name": f"p{i}", "answers": answers}
        )
        statuses.append(r.status_code)
    q.put(statuses)


def test_four_processes_casting_at_once_lose_nothing(app, api, database_url, tmp_path):
    d = api.create(labels=("A", "B", "C"))
    oids = [o["id"] for o in d["decision"]["options"]]
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker, args=(database_url, str(tmp_path / f"w{i}"), d["id"], oids, 30, q)
        )
        for i in range(4)
    ]
    for p in procs:
        p.start()
    statuses = [s for _ in procs for s in q.get(timeout=120)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert statuses == [201] * 120
    res = api.call("GET", f"/decisions/{d['id']}/results").get_json()
    assert res["ballot_count"] == 120
    assert sum(o["votes"] for o in res["options"]) == 120 * 4
