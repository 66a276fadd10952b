"""Proposals on the pages (issue 12): the support toggle while collecting, comments per
proposal without script, and the compact consensus ballot (description, variants, the veto box
in a closed disclosure, the nudge for the passive solution, who sees the ratings), in English
and German."""

from __future__ import annotations

from typing import Any

from .conftest import option_ids, text_of


def _made(api, *, labels=("Hiking", "Boat trip"), **settings):
    return api.create("consensus", labels, settings)


def _url(d):
    return f"/t/public/d/{d['id']}"


def _options(d) -> list[dict[str, Any]]:
    return [o for o in d["decision"]["options"] if not o["passive"]]


def test_support_toggle_marks_and_unmarks_without_script(api, browser):
    d = _made(api, start_phase="collecting", support_threshold=2)
    hiking = _options(d)[0]["id"]
    b = browser()
    page = text_of(b.page(_url(d)))
    assert "0 support it" in page
    assert "needs the support of 2 participants" in page
    resp = b.post(f"{_url(d)}/options/{hiking}/support", data={"on": "1"})
    assert resp.status_code == 303
    page = b.page(_url(d))
    assert "1 supports it" in text_of(page)
    assert "Take my support back" in page
    other = browser()
    other.post(f"{_url(d)}/options/{hiking}/support", data={"on": "1"})
    assert "2 support it" in text_of(other.page(_url(d)))
    b.post(f"{_url(d)}/options/{hiking}/support", data={"on": "0"})
    assert "1 supports it" in text_of(b.page(_url(d)))
    de = text_of(b.page(_url(d) + "?lang=de"))
    assert "unterstützt" in de


def test_support_outside_collecting_answers_with_the_page_and_409(api, browser):
    d = _made(api, support_threshold=1)
    hiking = _options(d)[0]["id"]
    resp = browser().post(f"{_url(d)}/options/{hiking}/support", data={"on": "1"})
    assert resp.status_code == 409


def test_comments_per_proposal_on_the_ballot_without_script(api, browser):
    d = _made(api)
    hiking = _options(d)[0]["id"]
    b = browser()
    page = b.page(_url(d))
    assert "Comments (0)" in page
    assert f'id="pc-form-{hiking}"' in page  # the form outside the ballot's form
    assert f'form="pc-form-{hiking}"' in page
    resp = b.post(
        f"{_url(d)}/options/{hiking}/comments", data={"name": "Ann", "body": "Too **steep**"}
    )
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"#option-comments-{hiking}")
    page = b.page(_url(d))
    assert "Comments (1)" in page
    assert "<strong>steep</strong>" in page
    # the decision's discussion does not show it
    discussion = page.split('id="comments"')[1]
    assert "steep" not in discussion
    resp = b.post(f"{_url(d)}/options/{hiking}/comments", data={"name": "Ann", "body": ""})
    assert resp.status_code == 422
    assert "Kommentare (1)" in b.page(_url(d) + "?lang=de")


def test_compact_ballot_shows_description_variants_nudge_and_who_sees(api, browser):
    d = _made(api, vetoes=True, individual_answers="organizer")
    hiking, boat = (o["id"] for o in _options(d))
    token = d["admin_token"]
    api.call(
        "PATCH",
        f"/decisions/{d['id']}/options/{hiking}",
        {"description": "Up the **hill**"},
        token=token,
    )
    resp = api.call(
        "POST",
        f"/decisions/{d['id']}/options",
        {"label": "Short hike", "variant_of": hiking},
        token=token,
    )
    assert resp.status_code == 201
    page = browser().page(_url(d))
    text = text_of(page)
    assert "<strong>hill</strong>" in page
    assert "modifies: Hiking" in text
    assert "Rate the passive solution" in text
    assert "only to the organizer" in text
    assert '<details class="veto"' in page
    assert '<details class="veto" open' not in page
    assert "compact-ballot" in page
    de = text_of(browser().page(_url(d) + "?lang=de"))
    assert "verändert: Hiking" in de
    assert "nur die Organisator/in" in de
    assert boat in option_ids(page)


def test_who_sees_the_ratings_follows_the_settings(api, browser):
    for settings, words in (
        ({}, "with your name to everyone who sees the results"),
        ({"individual_answers": "nobody"}, "to nobody; only the totals"),
        ({"anonymous": True}, "to nobody; only the totals"),
    ):
        d = _made(api, **settings)
        assert words in text_of(browser().page(_url(d))), settings


def test_shuffled_ballot_is_stable_for_a_browser_with_the_passive_first(api, browser):
    labels = tuple(f"Proposal {i}" for i in range(8))
    d = _made(api, labels=labels, order="shuffled")
    passive = next(o["id"] for o in d["decision"]["options"] if o["passive"])
    orders = set()
    for _i in range(4):
        b = browser()
        first = option_ids(b.page(_url(d)))
        assert option_ids(b.page(_url(d))) == first
        assert first[0] == passive
        orders.add(tuple(first))
    assert len(orders) > 1
