"""The meeting room in a real browser: the projector view's count goes up by itself after a
ballot is cast elsewhere (waited on, never slept)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from playwright.sync_api import expect


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def test_the_room_view_counts_a_new_ballot_by_itself(live_server, new_page):
    api = f"{live_server}/t/public/api/v1"
    made = _post(
        f"{api}/decisions",
        {"title": "Lunch?", "method": "single", "options": [{"label": "Soup"}, {"label": "Salad"}]},
    )
    did, token = made["id"], made["admin_token"]
    soup = made["decision"]["options"][0]["id"]
    page, watch = new_page()
    page.goto(f"{live_server}/t/public/d/{did}/admin/{token}")  # the admin link, as a cookie
    page.goto(f"{live_server}/t/public/d/{did}/room")
    expect(page.locator("h1.room-question")).to_have_text("Lunch?")
    expect(page.locator(".room-qr")).to_be_visible()
    count = page.locator(".room-count-num")
    expect(count).to_have_text("0")

    _post(f"{api}/decisions/{did}/ballots", {"answers": {str(soup): 1}, "name": "Ann"})
    expect(count).to_have_text("1", timeout=20_000)  # the page refreshed its live region
    expect(page.locator(".room-results")).to_contain_text("Soup")
    assert watch.problems == []
