"""cProfile of the API cast (``POST /t/public/api/v1/decisions/<id>/ballots``) in one process,
as one gunicorn worker runs it: the WSGI app through the test client, SQLite in WAL with the
product's settings, rate limits, the tenant filter and validation on.

``python bench/profile_cast.py [--ballots 500] [--db URL] [--app-root DIR]`` prints the CPU
time per ballot and the share of the request's time under the functions that matter (the
breakdown in bench/README.md), and the top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--ballots", type=int, default=500)
ap.add_argument("--db", default=None, help="a database URL (default: a fresh SQLite file)")
ap.add_argument("--app-root", type=Path, default=Path(__file__).resolve().parents[1])
ap.add_argument("--top", type=int, default=30)
args = ap.parse_args()
sys.path.insert(0, str(args.app_root))

from flask_migrate import upgrade  # noqa: E402

from groupdecide import create_app  # noqa: E402

tmp = Path(tempfile.mkdtemp(prefix="gd-profile-"))
config = {
    "INSTANCE_PATH": str(tmp),
    "SECRET_KEY": "profile",
    "RATELIMIT_BALLOT": "1000000 per minute",
}
if args.db:
    config["SQLALCHEMY_DATABASE_URI"] = args.db
app = create_app(config)
with app.app_context():
    upgrade()
    from groupdecide.cli import ensure_default_tenant

    ensure_default_tenant(app)
client = app.test_client()
r = client.post(
    "/t/public/api/v1/decisions",
    json={
        "title": "Profile",
        "method": "consensus",
        "options": [{"label": f"P{i}"} for i in range(10)],
    },
)
assert r.status_code == 201, r.get_json()
did = r.get_json()["id"]
oids = [o["id"] for o in r.get_json()["decision"]["options"]]
url = f"/t/public/api/v1/decisions/{did}/ballots"


def cast(i: int) -> None:
    body = {"name": f"p{i}", "answers": {str(o): (i + j) % 11 for j, o in enumerate(oids)}}
    resp = client.post(url, json=body)
    assert resp.status_code == 201, resp.get_json()


for i in range(50):  # warm up: imports, compiled SQL caches
    cast(i)
prof = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
t = time.process_time()
prof.enable()
for i in range(args.ballots):
    cast(1000 + i)
prof.disable()
cpu = (time.process_time() - t) / args.ballots
stats = pstats.Stats(prof)
total = sum(v[3] for k, v in stats.stats.items() if k[2] == "cast")  # type: ignore[attr-defined]
print(f"CPU per ballot (with the profiler's overhead): {cpu * 1000:.2f} ms")
print(f"profiled CPU time per ballot: {total / args.ballots * 1000:.2f} ms\n")

WATCH = {
    "tenant lookup (_pull_tenant)": "_pull_tenant",
    "get_decision / decision_of": "decision_of",
    "cast_ballot (service)": "cast_ballot",
    "_check (validation)": "_check",
    "effective settings (build_settings)": "build_settings",
    "results_version update (claim_open)": "claim_open",
    "results_version update (bump_results_version)": "bump_results_version",
    "emit (webhook events)": "emit",
    "marshmallow load/dump": "_do_load",
    "commit": "commit",
    "flush": "flush",
    "rate limiter (_check_request_limit)": "_check_request_limit",
    "after the commit (security headers: the tenant again)": "headers",
}
print("| part | ms per ballot | share |")
print("|---|---:|---:|")
for label, fn in WATCH.items():
    cum = max((v[3] for k, v in stats.stats.items() if k[2] == fn), default=0.0)  # type: ignore[attr-defined]
    print(f"| {label} | {cum / args.ballots * 1000:.2f} | {cum / total:.0%} |")
out = io.StringIO()
pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(args.top)
print(out.getvalue())
