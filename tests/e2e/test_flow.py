"""The main flow in a real browser: create, three participants answer, results."""

from __future__ import annotations

import re
from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / ".tmp" / "shots"


def test_create_three_answer_results(live_server, new_page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, watch = new_page()
    page.goto(live_server + "/")
    page.get_by_role("link", name=re.compile("Start a decision", re.I)).first.click()
    page.fill("#f-title", "Where do we go for the team outing?")
    page.fill("#f-description", "We have **one day** in June.")
    page.fill("#f-conditions", "Budget: 50 EUR per person")
    rows = page.locator("input[name=option]")
    rows.nth(0).fill("Hiking")
    rows.nth(1).fill("Boat trip")
    page.screenshot(path=str(SHOTS / "create.png"), full_page=True)
    page.get_by_role("button", name="Create the decision").last.click()
    page.wait_for_url(re.compile(r"/share$"))
    page.screenshot(path=str(SHOTS / "share.png"), full_page=True)
    participate = page.locator("input[readonly]").first.input_value()
    assert "/t/public/d/" in participate
    assert "/admin/" not in participate
    assert watch.problems == []

    ratings = [
        ("Anna", {"Hiking": 2, "Boat trip": 7}),
        ("Ben", {"Hiking": 0, "Boat trip": 9}),
        ("Cleo", {"Hiking": 5}),
    ]
    for name, given in ratings:
        p, w = new_page()
        p.set_viewport_size({"width": 390, "height": 844})
        p.goto(participate)
        if name == "Anna":
            p.screenshot(path=str(SHOTS / "participate-phone.png"), full_page=True)
        p.fill("#f-name", name)
        for label, value in given.items():
            card = p.locator(".proposal", has_text=label).first
            card.locator(f"label.v{value}").click()
        p.get_by_role("button", name=re.compile("Submit|Send", re.I)).first.click()
        p.wait_for_load_state()
        assert "/ballot" in p.url
        assert w.problems == []

    p, w = new_page()
    p.goto(participate + "/results")
    p.screenshot(path=str(SHOTS / "results.png"), full_page=True)
    text = p.inner_text("main")
    # Hiking: 2, 0, 5 -> mean 2.33; Boat trip: 7, 9 -> mean 8; passive: nobody rated
    assert "Hiking" in text
    assert "2.33" in text
    first = p.locator(".result-list > li").first.inner_text()
    assert "Hiking" in first
    assert w.problems == []
