"""Each method's ballot form, filled in a real browser, counts as the participant meant."""

from __future__ import annotations

import re

import pytest
from testkit import Api

CASES = {
    # method: (settings, labels, answers by option index, what the count must show)
    "consensus": ({}, ("A", "B"), {0: 4, 1: 9}),
    "single": ({}, ("A", "B", "C"), {1: 1}),
    "multiple": ({"max_choices": 2}, ("A", "B", "C"), {0: 1, 2: 1}),
    "yesno": ({}, ("Motion 1", "Motion 2"), {0: 1, 1: -1}),
    "schedule": ({}, ("Mon 10:00", "Tue 10:00"), {0: 2, 1: 1}),
    "ranked": ({"tally": "schulze"}, ("A", "B", "C"), {0: 2, 1: 1, 2: 3}),
    "score": ({"scale": {"min": 1, "max": 5}}, ("A", "B"), {0: 5, 1: 2}),
    "judgment": ({}, ("A", "B"), {0: 4, 1: 1}),
    "dots": ({"budget": 10}, ("A", "B", "C"), {0: 6, 2: 3}),
}


def _tick(page, selector: str) -> None:
    """Tick a radio or check box as a person does: by clicking its visible label."""
    box = page.locator(selector).first
    page.locator(f"label[for='{box.get_attribute('id')}']").first.click()
    assert box.is_checked()


@pytest.mark.parametrize("method", list(CASES))
def test_ballot_form_in_browser(live_server, new_page, client, method):
    settings, labels, wanted = CASES[method]
    api = Api(client)
    d = api.create(method=method, labels=labels, settings=settings)
    ids = [o["id"] for o in d["decision"]["options"]]
    page, watch = new_page()
    page.goto(f"{live_server}/t/public/d/{d['id']}")
    page.fill("#f-name", "Browser user")
    for index, value in wanted.items():
        oid = ids[index]
        if method == "single":
            _tick(page, f"input[name=choice][value='{oid}']")
        elif method == "multiple":
            _tick(page, f"input[name=answer-{oid}]")
        elif method == "ranked":
            page.select_option(f"select[name=answer-{oid}]", str(value))
        elif method == "dots" or page.locator(f"input[type=number][name=answer-{oid}]").count():
            page.fill(f"input[name=answer-{oid}]", str(value))
        else:
            _tick(page, f"input[name=answer-{oid}][value='{value}']")
    page.locator("form.ballot button[type=submit], form button[type=submit]").filter(
        has_text=re.compile("answer|send|submit|vote", re.I)
    ).first.click()
    page.wait_for_load_state("load")
    assert "/ballot" in page.url, page.inner_text("main")[:500]
    items = api.call("GET", f"/decisions/{d['id']}/ballots", token=d["admin_token"]).get_json()[
        "items"
    ]
    assert len(items) == 1
    got = {
        int(k): v
        for k, v in items[0]["answers"].items()
        if v != 0 or method in ("consensus", "yesno", "judgment", "score")
    }
    expected = {ids[i]: v for i, v in wanted.items()}
    if method == "single":
        expected = {ids[i]: 1 for i in wanted}
    for oid, value in expected.items():
        assert got.get(oid) == value, (method, got, expected)
    assert watch.problems == []
