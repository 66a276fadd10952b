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


def test_create_form_has_the_consensus_settings_with_min_ratings_2(organizer, api, browser):
    page = browser().page("/t/public/new")
    assert 'name="support_threshold"' in page
    assert 'name="min_ratings" value="2"' in page
    assert 'name="order"' in page
    _b, did, _admin = organizer(support_threshold="3", order="shuffled")
    settings = api.call("GET", f"/decisions/{did}").get_json()["settings"]
    assert settings["min_ratings"] == 2
    assert settings["support_threshold"] == 3
    assert settings["order"] == "shuffled"
    # the API's default stays 1
    assert api.create("consensus")["decision"]["settings"]["min_ratings"] == 1


def test_create_form_names_a_bad_support_threshold(browser, count_rows):
    from groupdecide.models import Decision

    from .conftest import create_form

    before = count_rows(Decision)
    resp = browser().post("/t/public/new", data=create_form(support_threshold="-1"))
    assert resp.status_code == 422
    assert "0 to 100000" in text_of(resp.get_data(as_text=True)).replace(",", "")
    assert count_rows(Decision) == before


def test_admin_page_merges_and_lists_the_proposals_off_the_ballot(organizer, api, browser):
    b, did, _admin = organizer(start_phase="collecting", support_threshold="1")
    d = api.call("GET", f"/decisions/{did}").get_json()
    hiking, boat = (o["id"] for o in d["options"] if not o["passive"])
    voter = browser()
    voter.post(f"/t/public/d/{did}/options/{boat}/support", data={"on": "1"})
    page = text_of(b.page(f"/t/public/d/{did}/admin"))
    assert "Boat trip: 1 supports it" in page
    resp = b.post(f"/t/public/d/{did}/admin/merge", data={"option": hiking, "into": hiking})
    assert resp.status_code == 422
    assert "Choose another option." in text_of(resp.get_data(as_text=True))
    resp = b.post(f"/t/public/d/{did}/admin/merge", data={"option": boat, "into": hiking})
    assert resp.status_code == 303
    page = text_of(b.page(f"/t/public/d/{did}/admin"))
    assert "Off the ballot" in page
    assert "Boat trip · 0 support it · merged into “Hiking”" in page
    de = text_of(b.page(f"/t/public/d/{did}/admin?lang=de"))
    assert "Nicht auf dem Stimmzettel" in de


def test_results_say_why_a_proposal_cannot_win_and_show_variants_and_comments(api, browser):
    d = _made(api, min_ratings=2)
    hiking, boat = (o["id"] for o in _options(d))
    token = d["admin_token"]
    api.call(
        "POST",
        f"/decisions/{d['id']}/options",
        {"label": "Short hike", "variant_of": hiking},
        token=token,
    )
    api.call(
        "POST", f"/decisions/{d['id']}/comments", {"name": "Ann", "body": "x", "option_id": hiking}
    )
    api.cast(d["id"], {hiking: 2, boat: 3})
    api.cast(d["id"], {hiking: 1}, name="Ben")
    text = text_of(browser().page(f"{_url(d)}/results"))
    assert "Cannot win: only 1 rating, at least 2 needed." in text
    assert "Variants: Short hike" in text
    assert "1 comment" in text
    de = text_of(browser().page(f"{_url(d)}/results?lang=de"))
    assert "Kann nicht gewinnen: nur 1 Bewertung, mindestens 2 nötig." in de
