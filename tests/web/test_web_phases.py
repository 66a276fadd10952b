"""Phases through the pages: collecting with a participant's proposal, voting, closing,
reopening; proposals edited and removed by the organizer; deleting."""

from __future__ import annotations

import re

from groupdecide.models import Ballot, Decision, Option

from .conftest import field_value, option_ids, text_of


def test_collecting_voting_closed_reopen(organizer, browser):
    admin, decision_id, _ = organizer(
        start_phase="collecting", allow_proposals="1", option=["Hiking", ""]
    )
    url = f"/t/public/d/{decision_id}"
    pia = browser()
    page = pia.page(url)
    text = text_of(page)
    assert "Proposals so far" in text
    assert "Hiking" in text
    assert option_ids(page) == []  # no ballot while collecting
    assert 'action="' + url + '/propose"' in page

    # an empty proposal is refused beside the field; a good one is listed with its author
    resp = pia.post(f"{url}/propose", data={"label": " ", "name": "Pia"})
    assert resp.status_code == 422
    assert re.search(r'id="f-label-error">.*?This is required', resp.get_data(as_text=True), re.S)
    resp = pia.post(f"{url}/propose", data={"label": "Boat trip", "name": "Pia"})
    assert resp.status_code == 303
    text = text_of(pia.page(url))
    assert "Thank you: your proposal is on the list." in text
    assert "Boat trip proposed by Pia" in text
    assert pia.post(f"{url}/propose", data={"label": "boat trip"}).status_code == 422

    # answering is not possible yet
    resp = pia.post(url, data={"name": "Pia", "answer-1": "3"})
    assert resp.status_code in (409, 422)

    # the organizer starts the rating
    resp = admin.post(f"{url}/admin/phase", data={"phase": "voting"})
    assert resp.status_code == 303
    assert "Voting is open." in admin.page(f"{url}/admin")
    page = pia.page(url)
    ids = option_ids(page)
    assert len(ids) == 3
    # proposing is over
    resp = pia.post(f"{url}/propose", data={"label": "Picnic"})
    assert resp.status_code == 409
    assert "only be added while proposals are being collected" in resp.get_data(as_text=True)
    assert pia.post(url, data={"name": "Pia", f"answer-{ids[0]}": "3"}).status_code == 303

    # closing
    assert admin.post(f"{url}/admin/phase", data={"phase": "closed"}).status_code == 303
    text = text_of(browser().page(url))
    assert "This decision is closed" in text
    assert "See the result" in text
    page = pia.page(f"{url}/ballot")
    assert "can no longer be changed" in page
    assert "3 – some resistance" in text_of(page)
    resp = pia.post(f"{url}/ballot", data={"name": "Pia", f"answer-{ids[0]}": "5"})
    assert resp.status_code == 409
    assert "The outcome" in browser().page(f"{url}/results")
    # a move the contract does not allow is refused with the reason on the admin page
    resp = admin.post(f"{url}/admin/phase", data={"phase": "collecting"})
    assert resp.status_code == 409
    assert "cannot move to" in resp.get_data(as_text=True)

    # reopening
    assert admin.post(f"{url}/admin/phase", data={"phase": "voting"}).status_code == 303
    assert "You have answered" in pia.page(url)


def test_organizer_edits_texts_and_proposals(organizer, browser, count_rows):
    admin, decision_id, _ = organizer()
    url = f"/t/public/d/{decision_id}"
    resp = admin.post(
        f"{url}/admin/texts",
        data={"title": "", "description": "x", "conditions": "", "results": "public"},
    )
    assert resp.status_code == 422
    assert re.search(r'id="f-title-error">.*?This is required', resp.get_data(as_text=True), re.S)
    resp = admin.post(
        f"{url}/admin/texts",
        data={
            "title": "Team outing 2030",
            "description": "New *text*",
            "conditions": "",
            "results": "public",
            "closes_at": "2099-01-02T03:04",
        },
    )
    assert resp.status_code == 303
    page = browser().page(url)
    assert "Team outing 2030" in page
    assert "<em>text</em>" in page
    assert 'datetime="2099-01-02T03:04:00Z"' in page

    # add, rename, remove proposals
    resp = admin.post(f"{url}/admin/options", data={"label": "Picnic"})
    assert resp.status_code == 303
    resp = admin.post(f"{url}/admin/options", data={"label": "picnic"})
    assert resp.status_code == 422
    assert re.search(
        r'id="f-new_option-label-error">.*?A proposal with this text exists',
        resp.get_data(as_text=True),
        re.S,
    )
    voter = browser()
    ids = option_ids(voter.page(url))
    hike, boat, _passive, picnic = ids
    voter.post(url, data={"name": "Vic", f"answer-{boat}": "2"})
    resp = admin.post(
        f"{url}/admin/options/{hike}", data={"action": "save", "label": "Mountain hike"}
    )
    assert resp.status_code == 303
    assert "Mountain hike" in browser().page(url)
    # an unrated proposal goes at once
    assert admin.post(f"{url}/admin/options/{picnic}", data={"action": "remove"}).status_code == 303
    # a rated one asks first
    resp = admin.post(f"{url}/admin/options/{boat}", data={"action": "remove"})
    assert resp.status_code == 200
    assert "1 person has rated this proposal." in text_of(resp.get_data(as_text=True))
    assert count_rows(Option) == 3
    resp = admin.post(f"{url}/admin/options/{boat}", data={"action": "remove", "confirm": "1"})
    assert resp.status_code == 303
    assert count_rows(Option) == 2
    assert "Boat trip" not in browser().page(url)


def test_delete_needs_confirmation(organizer, browser, count_rows):
    admin, decision_id, admin_link = organizer()
    url = f"/t/public/d/{decision_id}"
    voter = browser()
    ids = option_ids(voter.page(url))
    voter.post(url, data={"name": "Vic", f"answer-{ids[0]}": "2"})
    resp = admin.post(f"{url}/admin/delete", data={})
    assert resp.status_code == 422
    assert "Tick the box" in resp.get_data(as_text=True)
    assert count_rows(Decision) == 1
    resp = admin.post(f"{url}/admin/delete", data={"confirm": "1"})
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith("/")
    assert "is deleted, with all its answers" in admin.page("/")
    assert count_rows(Decision) == 0
    assert count_rows(Ballot) == 0
    assert browser().get(url).status_code == 404
    assert browser().get(admin_link.replace("http://gd.test", "")).status_code == 404


def test_anonymous_decision_asks_no_name(organizer, browser):
    admin, decision_id, _ = organizer(anonymous="1")
    url = f"/t/public/d/{decision_id}"
    b = browser()
    page = b.page(url)
    assert 'name="name"' not in page
    assert "This decision is anonymous" in page
    ids = option_ids(page)
    assert b.post(url, data={f"answer-{ids[0]}": "0"}).status_code == 303
    table = re.search(
        r'<table class="ballot-table">.*?</table>', admin.page(f"{url}/admin"), re.S
    ).group(0)
    assert "Answer" in table
    assert "Name" not in table


def test_the_edit_link_shown_is_the_one_that_works(organizer, browser):
    _a, decision_id, _ = organizer()
    url = f"/t/public/d/{decision_id}"
    b = browser()
    ids = option_ids(b.page(url))
    b.post(url, data={"name": "Ola", f"answer-{ids[1]}": "7"})
    link = field_value(b.page(f"{url}/ballot"), "f-edit_link")
    other = browser()
    assert other.get(link.replace("http://gd.test", "")).status_code == 303
    assert f'id="a{ids[1]}-7" value="7" checked' in other.page(f"{url}/ballot")
