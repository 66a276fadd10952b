"""Benchmark: the service around the count, on a real server.

1. Results at scale: one decision with 100,000 ballots (consensus, 30 proposals; ranked by
   Schulze, 30 options) in SQLite; the time of the JSON results and of the results page.
2. Ballot writes: gunicorn with 4 workers on SQLite, 8 clients casting ballots through the API
   for a fixed time, against a bare Flask app on the same server that inserts one JSON row per
   request with the same SQLite settings (WAL, synchronous=FULL, BEGIN IMMEDIATE).

Run from the repository root: ``python bench/bench_server.py`` (about a minute). Figures are
printed and written to bench/server-results.md.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE_APP = """
import json, sqlite3, threading
from flask import Flask, request
app = Flask(__name__)
DB = {db!r}
local = threading.local()
def conn():
    c = getattr(local, "c", None)
    if c is None:
        c = sqlite3.connect(DB, isolation_level=None, timeout=15)
        c.execute("pragma journal_mode=wal"); c.execute("pragma synchronous=full")
        local.c = c
    return c
@app.post("/ballots")
def cast():
    body = request.get_json()
    c = conn()
    c.execute("BEGIN IMMEDIATE")
    cur = c.execute("insert into ballots (name, answers) values (?, ?)",
                    (body["name"], json.dumps(body["answers"])))
    c.execute("COMMIT")
    return {{"id": cur.lastrowid}}, 201
"""


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def post(url: str, body: dict) -> int:
    req = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                json.loads(resp.read())
                return resp.status
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code
    except (OSError, http.client.HTTPException, ValueError):
        return 0  # no complete answer: not acknowledged, counted as failed


def results_at_scale(lines: list[str]) -> None:
    import sqlalchemy as sa

    from groupdecide import create_app
    from groupdecide.extensions import db
    from groupdecide.models import Ballot
    from groupdecide.services import decisions as dsvc
    from groupdecide.services import results as rsvc
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import tenant_context

    tmp = Path(tempfile.mkdtemp(prefix="gd-bench-"))
    app = create_app({"INSTANCE_PATH": str(tmp), "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    rng = random.Random(7)
    lines.append("## Results of one decision with 100,000 ballots (SQLite)\n")
    lines.append(
        "| method | options | ballots | count from the database (s) | JSON results, first "
        "(s) | JSON results, next (s) | results page, next (s) |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for method, settings in (("consensus", {}), ("ranked", {"tally": "schulze"})):
        with app.app_context():
            tenant = find_tenant("public")
            with tenant_context(tenant):
                decision, _token = dsvc.create_decision(
                    tenant,
                    {
                        "title": f"Bench {method}",
                        "method": method,
                        "settings": settings,
                        "options": [{"label": f"Option {i}"} for i in range(30)],
                    },
                )
                db.session.commit()
                ids = [o.id for o in decision.options][:30]
                rows = []
                for i in range(100_000):
                    if method == "consensus":
                        answers = {str(o): rng.randint(0, 10) for o in ids if rng.random() < 0.9}
                        answers = answers or {str(ids[0]): 5}
                    else:
                        order = ids[:]
                        rng.shuffle(order)
                        answers = {str(o): r + 1 for r, o in enumerate(order[:20])}
                    rows.append(
                        {
                            "tenant_id": tenant.id,
                            "decision_id": decision.id,
                            "name": f"p{i}",
                            "answers": answers,
                            "edit_token_hash": secrets.token_hex(32),
                            "created_at": dsvc.now(),
                            "updated_at": dsvc.now(),
                        }
                    )
                db.session.execute(sa.insert(Ballot), rows)
                db.session.commit()
                t = time.perf_counter()
                rsvc.count(decision)
                count_s = time.perf_counter() - t
                did = decision.id
        client = app.test_client()
        rsvc._CACHE.clear()  # the first visitor after a change counts
        t = time.perf_counter()
        r = client.get(f"/t/public/api/v1/decisions/{did}/results")
        json_s = time.perf_counter() - t
        assert r.status_code == 200
        assert r.get_json()["ballot_count"] == 100_000
        t = time.perf_counter()
        client.get(f"/t/public/api/v1/decisions/{did}/results")
        json_next = time.perf_counter() - t
        t = time.perf_counter()
        r = client.get(f"/t/public/d/{did}/results")
        page_s = time.perf_counter() - t
        assert r.status_code == 200
        lines.append(
            f"| {method}{' (schulze)' if settings else ''} | 30 | 100,000 | "
            f"{count_s:.2f} | {json_s:.2f} | {json_next:.3f} | {page_s:.2f} |"
        )
        print(lines[-1], flush=True)


def _serve(app_spec: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """gunicorn with 4 workers serving ``app_spec`` on a free port, once it accepts."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "4",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        app_spec,
    ]
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Ready once it answers HTTP (a bare socket connect is accepted before the workers boot).
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                break
        except urllib.error.HTTPError:
            break
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
    return proc, port


def _hammer(url: str, body_for, seconds: float, clients: int = 8) -> tuple[int, int]:
    ok = bad = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(w: int) -> None:
        nonlocal ok, bad
        i = 0
        while time.monotonic() < stop:
            i += 1
            status = post(url, body_for(w, i))
            with lock:
                if status == 201:
                    ok += 1
                else:
                    bad += 1

    threads = [threading.Thread(target=run, args=(w,)) for w in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return ok, bad


def write_throughput(lines: list[str], seconds: float = 15.0) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="gd-bench-w-"))
    env = dict(
        os.environ,
        GROUPDECIDE_INSTANCE_PATH=str(tmp),
        GROUPDECIDE_SECRET_KEY="bench",
        GROUPDECIDE_RATELIMIT_ENABLED="false",
    )
    env.pop("GROUPDECIDE_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "groupdecide", "db", "upgrade"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    proc, port = _serve("groupdecide:create_app()", env)
    try:
        body = json.dumps(
            {
                "title": "W",
                "method": "consensus",
                "options": [{"label": f"P{i}"} for i in range(10)],
            }
        ).encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/t/public/api/v1/decisions",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            created = json.load(resp)
        ids = [o["id"] for o in created["decision"]["options"]]
        url = f"http://127.0.0.1:{port}/t/public/api/v1/decisions/{created['id']}/ballots"
        ok, bad = _hammer(
            url,
            lambda w, i: {
                "name": f"w{w}-{i}",
                "answers": {str(o): (i + j) % 11 for j, o in enumerate(ids)},
            },
            seconds,
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
    ours = ok / seconds

    bare_dir = Path(tempfile.mkdtemp(prefix="gd-bench-bare-"))
    db_path = bare_dir / "bare.sqlite3"
    import sqlite3

    c = sqlite3.connect(db_path)
    c.execute("pragma journal_mode=wal")
    c.execute("create table ballots (id integer primary key, name text, answers text)")
    c.close()
    (bare_dir / "bare_app.py").write_text(BARE_APP.format(db=str(db_path)))
    proc, port = _serve("bare_app:app", dict(os.environ, PYTHONPATH=str(bare_dir)))
    try:
        bok, bbad = _hammer(
            f"http://127.0.0.1:{port}/ballots",
            lambda w, i: {
                "name": f"w{w}-{i}",
                "answers": {str(j): (i + j) % 11 for j in range(10)},
            },
            seconds,
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
    bare = bok / seconds
    lines.append(
        f"\n## Ballot writes: gunicorn, 4 workers, SQLite, 8 clients, {seconds:.0f} s each\n"
    )
    lines.append("| server | ballots stored per second | failed requests |")
    lines.append("|---|---:|---:|")
    lines.append(
        f"| groupdecide API (validation, tenancy, hashing, JSON answer) | {ours:.0f} | {bad} |"
    )
    lines.append(f"| bare Flask insert, same settings | {bare:.0f} | {bbad} |")
    lines.append(f"\ngroupdecide reaches {ours / bare:.0%} of the bare insert's rate.")
    print("\n".join(lines[-6:]), flush=True)


def main() -> None:
    lines = [
        "# Server benchmark",
        "",
        f"Generated by `python bench/bench_server.py`; {os.cpu_count()} CPUs, "
        f"load average before the run {os.getloadavg()[0]:.1f}.",
        "",
    ]
    results_at_scale(lines)
    write_throughput(lines)
    out = ROOT / "bench" / "server-results.md"
    out.write_text("\n".join(lines) + "\n")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
