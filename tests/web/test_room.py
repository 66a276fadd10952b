"""The meeting room: the projector view, hand counts on the admin page, and how results,
record and exports mark them; quorum and majority on the create form."""

from __future__ import annotations

import re

from .conftest import create_form, option_ids, text_of


def _admin_ids(page: str) -> list[int]:
    """The option ids of the hand count grid on the admin page, in page order."""
    seen: list[int] = []
    for oid in re.findall(r'name="hc_count_(\d+)_', page):
        if int(oid) not in seen:
            seen.append(int(oid))
    return seen


def test_the_room_view_shows_question_qr_link_and_live_count(organizer, browser):
    admin, did, _link = organizer()
    url = f"/t/public/d/{did}"
    page = admin.page(f"{url}/admin")
    assert f'href="{url}/room"' in page  # linked from the admin page

    room = admin.page(f"{url}/room")
    text = text_of(room)
    assert "Where do we go for the team outing?" in text
    assert f'src="{url}/qr.svg"' in room
    assert re.search(rf'class="room-link">https?://[^<]+{url}<', room)  # in large type
    assert re.search(r'class="room-count-num">0<', room)
    assert f'data-live-url="{url}/room/live"' in room
    # no organizer controls: no form, no link to the admin page
    assert "<form" not in room.split('<main id="main"')[1].split("</main>")[0]
    assert f'href="{url}/admin"' not in room

    live = admin.get(f"{url}/room/live")
    assert live.status_code == 200
    assert live.headers["ETag"]
    assert re.search(r'class="room-count-num">0<', live.get_data(as_text=True))
    unchanged = admin.get(f"{url}/room/live", headers={"If-None-Match": live.headers["ETag"]})
    assert unchanged.status_code == 304

    voter = browser()
    ids = option_ids(voter.page(url))
    voter.post(url, data={"name": "Ute", f"answer-{ids[0]}": "4"})
    changed = admin.get(f"{url}/room/live", headers={"If-None-Match": live.headers["ETag"]})
    assert changed.status_code == 200
    assert re.search(r'class="room-count-num">1<', changed.get_data(as_text=True))
    assert "Ute" not in text_of(changed.get_data(as_text=True))  # no names on the projector

    german = text_of(admin.page(f"{url}/room?lang=de"))
    assert "Antworten Sie auf Ihrem Telefon" in german
    assert "Stimme" in german

    # only the organizer
    assert browser().get(f"{url}/room").status_code == 403
    assert browser().get(f"{url}/room/live").status_code == 403


def test_a_room_count_from_the_admin_form_is_counted_and_marked(organizer, browser):
    admin, did, _link = organizer()
    url = f"/t/public/d/{did}"
    page = admin.page(f"{url}/admin")
    a, b, _passive = _admin_ids(page)
    assert f'name="hc_count_{a}_10"' in page  # the 0..10 grid
    form = {
        "hc_label": "General assembly",
        "hc_people": "12",
        f"hc_count_{a}_0": "5",
        f"hc_count_{a}_3": "4",
        f"hc_count_{a}_10": "3",
        f"hc_count_{b}_2": "12",
    }
    resp = admin.post(f"{url}/admin/hand-counts", data=form)
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    page = text_of(admin.page(f"{url}/admin"))
    assert "General assembly: 12 people" in page

    results = text_of(browser().page(f"{url}/results"))
    assert "Includes 12 people counted in the room: General assembly" in results
    assert "12 people have answered." in results
    german = text_of(browser().page(f"{url}/results?lang=de"))
    assert "Enthält 12 im Raum gezählte Personen: General assembly" in german
    record = text_of(admin.page(f"{url}/record"))
    assert "Includes 12 people counted in the room: General assembly" in record
    assert "room count “General assembly” of 12 people added" in record
    csv = admin.get(f"{url}/admin/export/results.csv").get_data(as_text=True)
    assert "room_count," in csv
    assert ",General assembly,12" in csv

    # a value out of range and too many answers: said beside the form, nothing added
    bad = {"hc_people": "3", f"hc_count_{a}_0": "4"}
    resp = admin.post(f"{url}/admin/hand-counts", data=bad)
    assert resp.status_code == 422
    text = text_of(resp.get_data(as_text=True))
    assert "The room count is not added" in text
    assert "4 answers, but only 3 people were counted." in text
    resp = admin.post(f"{url}/admin/hand-counts", data={"hc_people": "0"})
    assert resp.status_code == 422
    assert "Enter a whole number from 1 to 100000." in text_of(resp.get_data(as_text=True))

    # removed with its button
    page = admin.page(f"{url}/admin")
    (hid,) = re.findall(r"/admin/hand-counts/(\d+)/remove", page)
    assert admin.post(f"{url}/admin/hand-counts/{hid}/remove").status_code == 303
    assert admin.post(f"{url}/admin/hand-counts/{hid}/remove").status_code == 404
    assert admin.post(f"{url}/admin/hand-counts/x/remove").status_code == 404
    results = text_of(browser().page(f"{url}/results"))
    assert "counted in the room" not in results
    assert "No room count yet." in text_of(admin.page(f"{url}/admin"))


def test_ranked_room_ballots_from_the_form(organizer):
    admin, did, _link = organizer(method="ranked", option=["A", "B", "C"])
    url = f"/t/public/d/{did}"
    page = admin.page(f"{url}/admin")
    ids = []
    for oid in re.findall(r'name="hc_rank_0_(\d+)"', page):
        ids.append(int(oid))
    a, b, c = ids
    form = {
        "hc_people": "7",
        f"hc_rank_0_{a}": "1",
        f"hc_rank_0_{b}": "2",
        "hc_times_0": "4",
        f"hc_rank_1_{c}": "1",
        "hc_times_1": "2",
    }
    assert admin.post(f"{url}/admin/hand-counts", data=form).status_code == 303
    assert "Room count: 7 people" in text_of(admin.page(f"{url}/admin"))
    assert "7 people have answered." in text_of(admin.page(f"{url}/results"))


def test_quorum_and_majority_from_the_create_form(organizer, browser):
    admin, did, _link = organizer(
        method="yesno", option=["Motion one", "Motion two"], majority="two_thirds", quorum="3"
    )
    url = f"/t/public/d/{did}"
    voter = browser()
    ids = option_ids(voter.page(url))
    voter.post(url, data={"name": "Ute", f"answer-{ids[0]}": "1", f"answer-{ids[1]}": "-1"})
    results = text_of(browser().page(f"{url}/results"))
    assert "Quorum not reached: 1 of 3 ballots needed." in results
    german = text_of(browser().page(f"{url}/results?lang=de"))
    assert "Quorum nicht erreicht: 1 von 3 nötigen Stimmen." in german
    from groupdecide.models import Decision

    with admin.client.application.app_context():
        from groupdecide.extensions import db

        decision = db.session.get(Decision, did, execution_options={"all_tenants": True})
        assert decision is not None
        assert decision.settings["majority"] == "two_thirds"
        assert decision.settings["quorum"] == 3

    # refused: a share without invitations, and no number
    b = browser()
    for quorum, message in (
        ("50%", "A share of the invites as quorum needs answers by invitation only."),
        ("many", "Enter a whole number from 1 to 1000000."),
        ("0", "Enter a whole number from 1 to 1000000."),
    ):
        resp = b.post("/t/public/new", data=create_form(quorum=quorum))
        assert resp.status_code == 422, quorum
        assert message in text_of(resp.get_data(as_text=True)), quorum
    page = b.page("/t/public/new?method=yesno")
    assert 'name="majority"' in page
    assert 'name="quorum"' in page
