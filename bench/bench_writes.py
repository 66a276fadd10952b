"""The write bench: ballots per second through the API and through the web form, side by side
with a floor (``bench/floor_app.py``: bare Flask, the same JSON, one INSERT), on SQLite and on
PostgreSQL, all under the same gunicorn command and worker count.

Every figure: gunicorn with ``--workers 4``, 16 clients (4 processes of 4 threads, a new
connection per request, as gunicorn's sync workers close them), a fixed duration per run. The
product runs as deployed: CSRF on (each form client fetches the page once for its session
cookie and token, then posts), the tenant filter and row-level security on, rate limits on
(the ballot limit raised through ``GROUPDECIDE_RATELIMIT_BALLOT`` so that 16 clients from one
address are not refused; never switched off). "lost" counts acknowledged ballots (201 from
the API and the floor, the 303 to "thanks" from the form) that are not in the database
afterwards; it must be 0.

Run from the repository root: ``python bench/bench_writes.py`` (about 2 minutes;
``--seconds``, ``--db sqlite`` or ``--db postgres``, ``--app-root /other/checkout`` to bench
another checkout of the app, e.g. the one before a change). PostgreSQL: a throwaway database
on ``--pg`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``), dropped after;
skipped with a note when the server does not answer. Prints a table and writes it to
``bench/write-results.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing as mp
import os
import re
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 4
PROCS, THREADS = 4, 4  # 16 clients
RATE = "1000000 per minute"  # the ballot limit, raised for one address sending everything
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def gunicorn_cmd(port: int, spec: str) -> list[str]:
    """The one gunicorn command of every run (product and floor alike)."""
    import gunicorn

    cmd = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS)]
    cmd += ["--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]
    if gunicorn.version_info >= (27,):
        cmd.append("--no-control-socket")  # servers side by side would share one
    return [*cmd, spec]


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    finally:
        conn.close()


class Served:
    def __init__(self, spec: str, env: dict[str, str], cwd: Path, ready: str) -> None:
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="gd-bench-gunicorn-", delete=False)  # noqa: SIM115
        self.proc = subprocess.Popen(
            gunicorn_cmd(self.port, spec),
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, http.client.HTTPException):
                if request(self.port, "GET", ready)[0] == 200:
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)  # the server is booting: poll for it (bench, not a test)
        self.stop()
        raise RuntimeError(Path(self.log.name).read_text()[-3000:])

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


# --- the clients ---------------------------------------------------------------------------


def _client_thread(job: dict[str, Any], stop_at: float, out: list[Any], seed: int) -> None:
    """One client: cast until the deadline; (ok, failed, latencies) into ``out``."""
    port, kind, oids = job["port"], job["kind"], job["option_ids"]
    lat: list[float] = []
    ok = bad = 0
    headers: dict[str, str] = {}
    csrf = ""
    if kind == "form":
        status, hdrs, page = request(port, "GET", job["path"])
        assert status == 200, status
        headers["Cookie"] = hdrs["set-cookie"].split(";", 1)[0]
        m = re.search(rb'name="csrf_token" value="([^"]+)"', page)
        assert m, "no CSRF token on the page"
        csrf = m.group(1).decode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        headers["Content-Type"] = "application/json"
    i = 0
    while time.monotonic() < stop_at:
        i += 1
        name = f"c{seed}-{i}"
        values = {str(o): (seed + i + j) % 11 for j, o in enumerate(oids)}
        if kind == "form":
            fields = {"csrf_token": csrf, "name": name}
            fields.update({f"answer-{o}": str(v) for o, v in values.items()})
            body = urllib.parse.urlencode(fields).encode()
        else:
            body = json.dumps({"name": name, "answers": values}).encode()
        t = time.perf_counter()
        try:
            status, hdrs, _data = request(port, "POST", job["path"], body, headers)
        except (OSError, http.client.HTTPException):
            bad += 1
            continue
        took = time.perf_counter() - t
        acked = status == 201 or (
            kind == "form" and status == 303 and "thanks" in hdrs.get("location", "")
        )
        if acked:
            ok += 1
            lat.append(took)
        else:
            bad += 1
    out.append((ok, bad, lat))


def _client_process(job: dict[str, Any], stop_at: float, proc_no: int, q: Any) -> None:
    out: list[Any] = []
    threads = [
        threading.Thread(target=_client_thread, args=(job, stop_at, out, proc_no * 100 + t))
        for t in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    q.put(out)


def hammer(job: dict[str, Any], seconds: float) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    start = time.monotonic() + 1.0  # every client process has forked by then
    stop_at = start + seconds
    procs = [ctx.Process(target=_client_process, args=(job, stop_at, p, q)) for p in range(PROCS)]
    for p in procs:
        p.start()
    results = [r for _ in procs for r in q.get(timeout=seconds + 120)]
    for p in procs:
        p.join()
    ok = sum(r[0] for r in results)
    bad = sum(r[1] for r in results)
    lat = sorted(x for r in results for x in r[2])
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else float("nan")
    return {
        "ok": ok,
        "bad": bad,
        "rate": ok / seconds,
        "median_ms": statistics.median(lat) * 1000 if lat else float("nan"),
        "p99_ms": p99 * 1000,
    }


# --- one database ----------------------------------------------------------------------------


def _pg_admin(url: str) -> Any:
    import sqlalchemy as sa

    return sa.create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")


def _count(db_url: str, sql: str, params: tuple[Any, ...] = ()) -> int:
    if db_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db_url.replace("postgresql+psycopg://", "postgresql://")) as c:
            row = c.execute(sql.replace("?", "%s"), params).fetchone()
    else:
        with contextlib.closing(sqlite3.connect(db_url.removeprefix("sqlite:///"))) as c:
            row = c.execute(sql, params).fetchone()
    assert row is not None
    return int(row[0])


def bench_database(kind: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    """API, form and floor on one kind of database; a fresh database for each server."""
    tmp = Path(tempfile.mkdtemp(prefix=f"gd-bench-writes-{kind}-"))
    made: list[str] = []

    def fresh_db(label: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp / label}.sqlite3"
        name = f"gd_bench_{label}_{secrets.token_hex(3)}"
        with _pg_admin(args.pg).connect() as conn:
            import sqlalchemy as sa

            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return args.pg.rsplit("/", 1)[0] + "/" + name

    rows: list[dict[str, Any]] = []
    try:
        # the product, one server per path (each on its own fresh database)
        for path in ("api", "form"):
            db_url = fresh_db(path)
            env = dict(os.environ)
            env.update(
                PYTHONPATH=str(args.app_root),
                GROUPDECIDE_INSTANCE_PATH=str(tmp / f"instance-{path}"),
                GROUPDECIDE_SECRET_KEY="bench-" + secrets.token_hex(8),
                GROUPDECIDE_RATELIMIT_BALLOT=RATE,
                GROUPDECIDE_DATABASE_URL=db_url,
            )
            env.pop("GROUPDECIDE_RATELIMIT_ENABLED", None)
            subprocess.run(
                [sys.executable, "-m", "flask", "--app", "groupdecide", "db", "upgrade"],
                env=env,
                cwd=args.app_root,
                check=True,
                capture_output=True,
            )
            srv = Served("groupdecide:create_app()", env, args.app_root, "/api/v1/openapi.json")
            try:
                body = {
                    "title": "Write bench",
                    "method": "consensus",
                    "options": [{"label": f"P{i}"} for i in range(10)],
                }
                status, _h, raw = request(
                    srv.port,
                    "POST",
                    "/t/public/api/v1/decisions",
                    json.dumps(body).encode(),
                    {"Content-Type": "application/json"},
                )
                assert status == 201, raw[:500]
                created = json.loads(raw)
                did = created["id"]
                oids = [o["id"] for o in created["decision"]["options"]]
                target = (
                    f"/t/public/api/v1/decisions/{did}/ballots"
                    if path == "api"
                    else f"/t/public/d/{did}"
                )
                job = {"port": srv.port, "kind": path, "path": target, "option_ids": oids}
                res = hammer(job, args.seconds)
            finally:
                srv.stop()
            stored = _count(db_url, "SELECT count(*) FROM ballots WHERE decision_id = ?", (did,))
            rows.append({"db": kind, "path": path, **res, "stored": stored})
            print(f"  {kind} {path}: {res['rate']:.0f}/s", flush=True)
        # the floor
        db_url = fresh_db("floor")
        if kind == "sqlite":
            path_ = db_url.removeprefix("sqlite:///")
            with contextlib.closing(sqlite3.connect(path_)) as c:
                c.execute("PRAGMA journal_mode = WAL")
                c.execute(
                    "CREATE TABLE floor_ballots (id INTEGER PRIMARY KEY, name TEXT, answers TEXT)"
                )
            floor_db = path_
        else:
            import psycopg

            floor_db = db_url.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(floor_db) as c:
                c.execute(
                    "CREATE TABLE floor_ballots (id BIGSERIAL PRIMARY KEY, name TEXT, answers JSON)"
                )
        env = dict(os.environ, PYTHONPATH=str(ROOT / "bench"), FLOOR_DB=floor_db)
        srv = Served("floor_app:app", env, ROOT / "bench", "/")
        try:
            job = {
                "port": srv.port,
                "kind": "api",
                "path": "/ballots",
                "option_ids": list(range(10)),
            }
            res = hammer(job, args.seconds)
        finally:
            srv.stop()
        stored = _count(db_url, "SELECT count(*) FROM floor_ballots")
        rows.append({"db": kind, "path": "floor", **res, "stored": stored})
        print(f"  {kind} floor: {res['rate']:.0f}/s", flush=True)
    finally:
        if made:
            import sqlalchemy as sa

            admin = _pg_admin(args.pg)
            with admin.connect() as conn:
                for name in made:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return rows


def _pg_up(url: str) -> bool:
    try:
        with _pg_admin(url).connect():
            return True
    except Exception:
        return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--pg", default=os.environ.get("GROUPDECIDE_BENCH_PG_URL", PG_DEFAULT))
    ap.add_argument("--app-root", type=Path, default=ROOT)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "write-results.md")
    args = ap.parse_args()
    args.app_root = args.app_root.resolve()
    notes: list[str] = []
    rows: list[dict[str, Any]] = []
    for kind in ("sqlite", "postgres"):
        if args.db not in (kind, "both"):
            continue
        if kind == "postgres" and not _pg_up(args.pg):
            notes.append(f"PostgreSQL at {args.pg} did not answer: skipped.")
            continue
        print(f"{kind}:", flush=True)
        rows.extend(bench_database(kind, args))
    lines = [
        "# Ballot writes, side by side",
        "",
        f"`python bench/bench_writes.py` (app from `{args.app_root}`); gunicorn "
        f"`--workers {WORKERS}`, {PROCS * THREADS} clients, {args.seconds:.0f} s per run; "
        f"{os.cpu_count()} CPUs, load average before the run {os.getloadavg()[0]:.1f}. "
        "SQLite: WAL, synchronous=FULL, BEGIN IMMEDIATE for the write (product and floor). "
        "PostgreSQL: synchronous_commit on (the server's default).",
        "",
        "| database | path | ballots/s | median ms | p99 ms | x floor | refused or failed "
        "| acknowledged | stored | lost |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lost_any = False
    for r in rows:
        floor = next(x for x in rows if x["db"] == r["db"] and x["path"] == "floor")
        lost = max(0, r["ok"] - r["stored"])
        lost_any = lost_any or lost > 0
        lines.append(
            f"| {r['db']} | {r['path']} | {r['rate']:.0f} | {r['median_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['rate'] / floor['rate']:.2f} | {r['bad']} | {r['ok']} | "
            f"{r['stored']} | {lost} |"
        )
    lines += ["", *notes] if notes else []
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    args.out.write_text(text)
    print(f"written to {args.out}")
    if lost_any:
        sys.exit("acknowledged ballots were lost")


if __name__ == "__main__":
    main()
