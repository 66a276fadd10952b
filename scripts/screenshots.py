"""The README's screenshots, made from the running code so they stay true: a consensus ballot
and its results on a 390 px phone, the date poll's results and the ranked results on a
desktop, in English and German. Writes docs/screenshots/*.png.

    .venv/bin/python scripts/screenshots.py   (or: make screenshots)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402
from testkit import Api, make_app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from groupdecide.cli import ensure_default_tenant  # noqa: E402
from groupdecide.extensions import db  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 900}


def _chromium() -> str:
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts/ensure-chromium.sh")], capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(proc.stderr.strip() or "no Chromium")
    return proc.stdout.strip()


def _data(api: Api) -> dict[str, str]:
    consensus = api.create(
        title="Where does the summer party go?",
        labels=(
            "By the lake, with a barbecue",
            "In the park behind the town hall",
            "On a boat trip",
        ),
        settings={"vetoes": True},
    )
    ids = [o["id"] for o in consensus["decision"]["options"]]
    for name, values in (
        ("Anna", (2, 6, 9, 5)),
        ("Ben", (1, 4, 10, 6)),
        ("Cem", (3, 2, 7, 7)),
        ("Dana", (0, 5, 8, 4)),
    ):
        extra = {"vetoes": {str(ids[2]): "I get seasick."}} if name == "Ben" else {}
        api.cast(consensus["id"], dict(zip(ids, values, strict=False)), name=name, **extra)
    ranked = api.create(
        title="Lunch on Friday", method="ranked", labels=("Curry", "Pizza", "Sushi", "Salad")
    )
    rids = [o["id"] for o in ranked["decision"]["options"]]
    for n, order in enumerate(
        ((1, 2, 3, 4), (2, 1, 4, 3), (1, 3, 2, 4), (1, 2, 4, 3), (3, 1, 2, 4))
    ):
        api.cast(ranked["id"], dict(zip(rids, order, strict=True)), name=f"P{n + 1}")
    body = {
        "title": "Board meeting in June",
        "method": "schedule",
        "options": [
            {"label": "Mon 8 June, 18:00", "starts_at": "2030-06-08T16:00:00Z"},
            {"label": "Wed 10 June, 18:00", "starts_at": "2030-06-10T16:00:00Z"},
            {"label": "Thu 11 June, 19:00", "starts_at": "2030-06-11T17:00:00Z"},
        ],
    }
    schedule = api.call("POST", "/decisions", body).get_json()
    sids = [o["id"] for o in schedule["decision"]["options"]]
    for name, values in (
        ("Anna", (2, 1, 0)),
        ("Ben", (2, 2, 1)),
        ("Cem", (0, 2, 2)),
        ("Dana", (1, 2, 0)),
    ):
        api.cast(schedule["id"], dict(zip(sids, values, strict=True)), name=name)
    return {"consensus": consensus["id"], "ranked": ranked["id"], "schedule": schedule["id"]}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    app = make_app(f"sqlite:///{tmp}/shots.db", tmp)
    with app.app_context():
        db.create_all()
        ensure_default_tenant(app)
    app.config["SERVER_NAME"] = None
    ids = _data(Api(app.test_client()))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/t/public/d"
    shots = [
        ("consensus-ballot-phone-en.png", f"{base}/{ids['consensus']}?lang=en", PHONE),
        ("consensus-results-phone-de.png", f"{base}/{ids['consensus']}/results?lang=de", PHONE),
        ("ranked-results-desktop-en.png", f"{base}/{ids['ranked']}/results?lang=en", DESKTOP),
        ("schedule-results-desktop-de.png", f"{base}/{ids['schedule']}/results?lang=de", DESKTOP),
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        for name, url, size in shots:
            ctx = browser.new_context(viewport=size, device_scale_factor=1)
            page = ctx.new_page()
            page.goto(url)
            page.screenshot(path=str(OUT / name), full_page=False)
            ctx.close()
            print(f"wrote docs/screenshots/{name}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
