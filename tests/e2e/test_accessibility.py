"""Accessibility, checked with axe-core (WCAG 2 A and AA rules) in Chromium on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from testkit import Api

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    result = Axe().run(page, options=RULES)
    out = []
    for v in result.response["violations"]:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        out.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return out


@pytest.mark.parametrize("method", ["consensus", "single", "ranked", "schedule", "judgment"])
def test_pages_have_no_axe_violations(live_server, new_page, client, method):
    api = Api(client)
    settings = {"tally": "irv"} if method == "ranked" else {}
    labels = (
        ("2030-06-01 10:00", "2030-06-02 10:00")
        if method == "schedule"
        else ("Hiking", "Boat trip", "Museum")
    )
    d = api.create(method=method, labels=labels, settings=settings)
    ids = [o["id"] for o in d["decision"]["options"]]
    answers = {
        "consensus": {ids[0]: 3, ids[1]: 7},
        "single": {ids[0]: 1},
        "ranked": {ids[0]: 1, ids[1]: 2},
        "schedule": {ids[0]: 2, ids[1]: 1},
        "judgment": {i: 3 for i in ids},
    }[method]
    api.cast(d["id"], answers)
    base = f"{live_server}/t/public/d/{d['id']}"
    page, _ = new_page()
    problems = {}
    pages = [base, base + "/results"]
    if method == "consensus":
        pages = [
            live_server + "/",
            live_server + "/t/public/new",
            *pages,
            f"{base}/admin/{d['admin_token']}",
            base + "/share",
        ]
    for url in pages:
        page.goto(url)
        found = _violations(page)
        if found:
            problems[page.url] = found
    assert problems == {}
