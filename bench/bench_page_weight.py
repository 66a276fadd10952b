"""Page weight: what the participation page of each method transfers (HTML, CSS, JS as a
browser that accepts gzip gets them; no images), with 8 options of a usual length. The goal
is under 60 KB, and nothing from another host (tests/web/test_page_weight.py asserts both).

    python bench/bench_page_weight.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from testkit import Api, make_app  # noqa: E402

from groupdecide.cli import ensure_default_tenant  # noqa: E402
from groupdecide.extensions import db  # noqa: E402
from groupdecide.voting.methods import KEYS  # noqa: E402
from groupdecide.web.page_weight import weigh  # noqa: E402

LABELS = tuple(f"Proposal number {i} with a label of a usual length" for i in range(8))
SLOTS = tuple(f"2030-06-{d:02d} 10:00" for d in range(1, 9))


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    app = make_app(f"sqlite:///{tmp}/bench.db", tmp)
    with app.app_context():
        db.create_all()
        ensure_default_tenant(app)
    client = app.test_client()
    api = Api(client)
    print("| method | HTML | CSS + JS (gzip) | total | under 60 KB |")
    print("| --- | ---: | ---: | ---: | --- |")
    for key in KEYS:
        d = api.create(method=key, labels=SLOTS if key == "schedule" else LABELS)
        w = weigh(client, f"/t/public/d/{d['id']}")
        assets = sum(w.assets.values())
        ok = "yes" if w.total < 60 * 1024 else "NO"
        sizes = f"{w.html / 1024:.1f} KB | {assets / 1024:.1f} KB | {w.total / 1024:.1f} KB"
        print(f"| {key} | {sizes} | {ok} |")


if __name__ == "__main__":
    main()
