"""Rounds and receipts through the pages: another round from the admin page, "Round 2" on the
participation page, the rounds section and chart on the results page, a stored round's
result with its labels as they were, the receipt beside one's answer, the receipts page and
its JSON; in English and German."""

from __future__ import annotations

import re

from .conftest import field_value, option_ids, text_of


def answer(b, decision_id, values, name="Anna"):
    url = f"/t/public/d/{decision_id}"
    page = b.page(url)
    ids = option_ids(page)
    data = {"name": name}
    for oid, value in zip(ids, values, strict=False):
        data[f"answer-{oid}"] = str(value)
    resp = b.post(url, data=data)
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    return ids, resp.headers["Location"]


def close(admin, decision_id):
    resp = admin.post(f"/t/public/d/{decision_id}/admin/phase", data={"phase": "closed"})
    assert resp.status_code == 303


def test_another_round_from_the_admin_page(organizer, browser):
    admin, did, _link = organizer(min_ratings="1")  # one answer in round 1 may decide
    anna = browser()
    ids, _loc = answer(anna, did, [0, 8, 9])
    page = admin.page(f"/t/public/d/{did}/admin")
    assert "Start another round" not in text_of(page)  # only once closed
    close(admin, did)
    page = admin.page(f"/t/public/d/{did}/admin")
    text = text_of(page)
    assert "Start another round" in text
    assert "the options carry over, and you can edit them first" in text
    assert f'action="/t/public/d/{did}/admin/round"' in page
    assert 'name="csrf_token"' in page.split(f"/t/public/d/{did}/admin/round")[1][:300]

    resp = admin.post(f"/t/public/d/{did}/admin/round", data={"round_phase": "voting"})
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    # rename an option in the new round: round 1 keeps its old label
    resp = admin.post(
        f"/t/public/d/{did}/admin/options/{ids[0]}",
        data={"label": "Mountain hike", "action": "save"},
    )
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    text = text_of(admin.page(f"/t/public/d/{did}/admin"))
    assert "Round 2 is open." in text
    assert "Start another round" not in text

    # the participation page says which round it is, and takes a fresh answer
    ben = browser()
    assert "Round 2" in text_of(ben.page(f"/t/public/d/{did}"))
    answer(ben, did, [9, 0, 5], name="Ben")
    assert "Round 2" in text_of(anna.page(f"/t/public/d/{did}"))

    results = anna.page(f"/t/public/d/{did}/results")
    text = text_of(results)
    assert "Rounds" in text
    assert f'href="/t/public/d/{did}/results?round=1"' in results
    assert '<svg class="rounds-chart"' in results
    assert "Acceptance per round" in text  # the table beside the chart
    old = text_of(anna.page(f"/t/public/d/{did}/results?round=1"))
    assert "Results of round 1" in old
    assert "1 answer was counted." in old
    row = re.search(r"Option .*?The results of the current round", old).group(0)
    labels_then = row
    assert "Mountain hike" not in labels_then
    assert "Hiking" in labels_then
    assert "Result: Hiking" in old


def test_a_bad_round_on_the_results_page(organizer, browser):
    _admin, did, _link = organizer()
    b = browser()
    assert b.get(f"/t/public/d/{did}/results?round=7").status_code == 404
    assert b.get(f"/t/public/d/{did}/results?round=x").status_code == 422
    assert b.get(f"/t/public/d/{did}/results?round=%00").status_code == 422


def test_a_bad_new_round_is_refused_beside_the_field(organizer):
    admin, did, _link = organizer()
    resp = admin.post(f"/t/public/d/{did}/admin/round", data={"round_phase": "voting"})
    assert resp.status_code == 409
    assert "A new round can start once the decision is closed." in text_of(
        resp.get_data(as_text=True)
    )
    close(admin, did)
    resp = admin.post(f"/t/public/d/{did}/admin/round", data={"round_phase": "closed"})
    assert resp.status_code == 422
    assert 'id="f-round_phase-error"' in resp.get_data(as_text=True)
    resp = admin.post(
        f"/t/public/d/{did}/admin/round",
        data={"round_phase": "voting", "round_closes_at": "2020-01-01T10:00"},
    )
    assert resp.status_code == 422
    assert 'id="f-round_closes_at-error"' in resp.get_data(as_text=True)


def test_starting_a_round_needs_the_organizer(organizer, browser):
    admin, did, _link = organizer()
    close(admin, did)
    stranger = browser()
    resp = stranger.post(f"/t/public/d/{did}/admin/round", data={"round_phase": "voting"})
    assert resp.status_code == 403
    assert "Round 2" not in text_of(stranger.page(f"/t/public/d/{did}/results"))


def test_the_receipt_is_shown_and_listed_once_closed(organizer, browser):
    admin, did, _link = organizer(receipts="1")
    anna = browser()
    _ids, location = answer(anna, did, [0, 8, 9])
    thanks = anna.page(location)
    receipt = field_value(thanks, "f-receipt")
    assert len(receipt) >= 16
    assert "Your receipt" in text_of(thanks)
    # the edit-link page (one's answer) shows it too
    assert field_value(anna.page(f"/t/public/d/{did}/ballot"), "f-receipt") == receipt
    assert anna.get(f"/t/public/d/{did}/receipts").status_code == 409
    close(admin, did)
    results = anna.page(f"/t/public/d/{did}/results")
    assert f'href="/t/public/d/{did}/receipts"' in results
    assert f'href="/t/public/d/{did}/receipts.json"' in results
    page = anna.page(f"/t/public/d/{did}/receipts")
    text = text_of(page)
    assert receipt in text
    assert "How to check your answer" in text
    assert "Anna" not in text
    got = anna.get(f"/t/public/d/{did}/receipts.json")
    assert got.status_code == 200
    assert got.get_json()["items"][0]["receipt"] == receipt


def test_no_receipt_without_the_setting(organizer, browser):
    admin, did, _link = organizer()
    anna = browser()
    _ids, location = answer(anna, did, [0, 8, 9])
    assert 'id="f-receipt"' not in anna.page(location)
    close(admin, did)
    assert "receipts" not in anna.page(f"/t/public/d/{did}/results").split("<main")[-1].lower()
    assert anna.get(f"/t/public/d/{did}/receipts").status_code == 403
    assert anna.get(f"/t/public/d/{did}/receipts.json").status_code == 403


def test_hidden_results_hide_the_receipts(organizer, browser):
    admin, did, _link = organizer(receipts="1", results="organizer")
    anna = browser()
    answer(anna, did, [0, 8, 9])
    close(admin, did)
    assert anna.get(f"/t/public/d/{did}/receipts").status_code == 403
    assert anna.get(f"/t/public/d/{did}/receipts.json").status_code == 403
    assert admin.get(f"/t/public/d/{did}/receipts").status_code == 200


def test_the_pages_in_german(organizer, browser):
    admin, did, _link = organizer(receipts="1")
    admin.page(f"/t/public/d/{did}/admin?lang=de")
    anna = browser()
    anna.page(f"/t/public/d/{did}?lang=de")
    _ids, location = answer(anna, did, [0, 8, 9])
    assert "Ihre Quittung" in text_of(anna.page(location))
    close(admin, did)
    text = text_of(admin.page(f"/t/public/d/{did}/admin"))
    assert "Weitere Runde starten" in text
    assert "Quittungen" in text_of(anna.page(f"/t/public/d/{did}/results"))
    assert "So prüfen Sie Ihre Antwort" in text_of(anna.page(f"/t/public/d/{did}/receipts"))
    resp = admin.post(f"/t/public/d/{did}/admin/round", data={"round_phase": "voting"})
    assert resp.status_code == 303
    assert "Runde 2 ist eröffnet." in text_of(admin.page(f"/t/public/d/{did}/admin"))
    assert "Runde 2" in text_of(anna.page(f"/t/public/d/{did}"))
    results = text_of(anna.page(f"/t/public/d/{did}/results"))
    assert "Runden" in results
    assert "Ergebnisse von Runde 1" in text_of(anna.page(f"/t/public/d/{did}/results?round=1"))


def test_the_create_form_has_the_receipts_checkbox(browser):
    page = browser().page("/t/public/new")
    assert 'name="receipts"' in page
