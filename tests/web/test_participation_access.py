"""Who may answer, through the pages: invite links exchanged for a cookie, used / withdrawn /
unknown invites, the organizer's invite list; one answer per browser on an open link."""

from __future__ import annotations

import re

from groupdecide.models import Ballot

from .conftest import field_value, option_ids, text_of


def make_invites(admin, decision_id, count=2):
    resp = admin.post(
        f"/t/public/d/{decision_id}/admin/invites",
        data={"action": "make", "count": str(count), "format": "list"},
    )
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    box = re.search(r'id="f-made_invites"[^>]*>([^<]*)</textarea>', page).group(1)
    return box.split()


def test_invite_link_becomes_a_cookie_and_casts_once(organizer, browser, count_rows):
    admin, did, _ = organizer(access="invite", anonymous="1")
    links = make_invites(admin, did)
    assert len(links) == 2
    assert all("?invite=" in x for x in links)

    # without an invite the page says how to take part, and shows no ballot
    stranger = browser()
    text = text_of(stranger.page(f"/t/public/d/{did}"))
    assert "This decision is by invitation" in text
    assert "Send my answer" not in text

    anna = browser()
    resp = anna.get(links[0].replace("http://gd.test", ""))
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/t/public/d/{did}")  # the token is gone
    assert resp.headers["Cache-Control"] == "no-store"
    page = anna.page(f"/t/public/d/{did}")
    assert "personal invite" in text_of(page)
    assert "invite=" not in page
    assert links[0].split("=")[1] not in page
    ids = option_ids(page)
    resp = anna.post(f"/t/public/d/{did}", data={f"answer-{ids[0]}": "3"})
    assert resp.status_code == 303
    assert count_rows(Ballot) == 1

    # the same invite again, in another browser: refused, and said so
    ben = browser()
    ben.get(links[0].replace("http://gd.test", ""))
    text = text_of(ben.page(f"/t/public/d/{did}"))
    assert "This invite has been used already" in text
    resp = ben.post(f"/t/public/d/{did}", data={f"answer-{ids[0]}": "3"})
    assert resp.status_code == 409
    assert count_rows(Ballot) == 1

    # anonymous and open: the organizer does not see which one was used (tests/test_anonymity),
    # and may withdraw either; withdraws the other
    admin_page = admin.page(f"/t/public/d/{did}/admin")
    assert "1 of 2 invites used." in text_of(admin_page)
    assert "which ones only once it closes" in text_of(admin_page)
    assert "not used yet" not in text_of(admin_page)
    invite_id = re.findall(r"/invites/(\d+)/revoke", admin_page)[1]
    assert admin.post(f"/t/public/d/{did}/admin/invites/{invite_id}/revoke").status_code == 303
    cleo = browser()
    cleo.get(links[1].replace("http://gd.test", ""))
    assert "withdrawn by the organizer" in text_of(cleo.page(f"/t/public/d/{did}"))
    resp = cleo.post(f"/t/public/d/{did}", data={f"answer-{ids[0]}": "3"})
    assert resp.status_code == 403
    assert count_rows(Ballot) == 1

    # an unknown invite
    dora = browser()
    dora.get(f"/t/public/d/{did}?invite=notatoken")
    assert "not valid for this decision" in text_of(dora.page(f"/t/public/d/{did}"))


def test_invites_as_csv_and_by_mail(organizer, app):
    from pathlib import Path

    from groupdecide.services.mail import read_outbox

    admin, did, _ = organizer(access="invite")
    resp = admin.post(
        f"/t/public/d/{did}/admin/invites", data={"action": "make", "count": "3", "format": "csv"}
    )
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    lines = resp.get_data(as_text=True).strip().splitlines()
    assert len(lines) == 4
    assert "?invite=" in lines[1]
    resp = admin.post(
        f"/t/public/d/{did}/admin/invites",
        data={"action": "mail", "emails": "a@example.org\nnot-an-address"},
    )
    assert resp.status_code == 422
    assert "not an e-mail address: not-an-address" in resp.get_data(as_text=True)
    resp = admin.post(
        f"/t/public/d/{did}/admin/invites",
        data={"action": "mail", "emails": "a@example.org, b@example.org"},
    )
    assert resp.status_code == 303
    mails = read_outbox(Path(app.instance_path) / "outbox")
    assert sorted(m["To"] for m in mails) == ["a@example.org", "b@example.org"]
    page = admin.page(f"/t/public/d/{did}/admin")
    assert "a@example.org" in page
    assert "0 of 5 invites used." in text_of(page)


def test_one_answer_per_browser_unless_someone_else_answers(organizer, browser, count_rows):
    _admin, did, _ = organizer()
    anna = browser()
    page = anna.page(f"/t/public/d/{did}")
    assert "cannot guarantee one vote per person" in text_of(page)
    ids = option_ids(page)
    data = {"name": "Anna", f"answer-{ids[0]}": "2"}
    assert anna.post(f"/t/public/d/{did}", data=data).status_code == 303
    text = text_of(anna.page(f"/t/public/d/{did}"))
    assert "You have answered" in text
    assert "Someone else answers on this device" in text
    # a second answer through the form without saying so is refused, nothing stored
    resp = anna.post(f"/t/public/d/{did}", data={**data, "name": "Anna again"})
    assert resp.status_code == 409
    assert "This browser has answered already" in text_of(resp.get_data(as_text=True))
    assert count_rows(Ballot) == 1
    # deliberately: someone else on this device
    page = anna.page(f"/t/public/d/{did}?again=1")
    assert "answering for someone else" in text_of(page)
    resp = anna.post(f"/t/public/d/{did}", data={**data, "name": "Ben", "again": "1"})
    assert resp.status_code == 303
    assert count_rows(Ballot) == 2


def test_possible_duplicates_are_shown_to_the_organizer(organizer, browser):
    admin, did, _ = organizer()
    ids = option_ids(browser().page(f"/t/public/d/{did}"))
    for name in ("Anna", " anna ", "Ben"):
        browser().post(f"/t/public/d/{did}", data={"name": name, f"answer-{ids[0]}": "1"})
    text = text_of(admin.page(f"/t/public/d/{did}/admin"))
    assert "Possible duplicates" in text
    assert "“anna”: 2 answers" in text
    assert text.count("name given twice") == 2


def test_create_form_options_reach_the_decision(browser, app):
    from .conftest import create_form

    b = browser()
    resp = b.post(
        "/t/public/new",
        data=create_form(
            access="invite",
            vetoes="1",
            comments_shown="1",
            notify_email="org@example.org",
            notify_digest="1",
            start_phase="collecting",
            voting_starts_at="2999-01-01T10:00",
            tz_offset="0",
        ),
    )
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    did = resp.headers["Location"].split("/d/")[1].split("/")[0]
    got = b.client.get(f"/t/public/api/v1/decisions/{did}").get_json()
    assert got["settings"]["access"] == "invite"
    assert got["settings"]["vetoes"] is True
    assert got["settings"]["comments"] is False
    assert got["settings"]["voting_starts_at"] == "2999-01-01T10:00:00Z"
    assert "org@example.org" not in str(got)
    for kind in ("results.json", "ballots.json", "ballots.csv"):
        assert b.get(f"/t/public/d/{did}/admin/export/{kind}").status_code == 200
    admin_page = b.page(f"/t/public/d/{did}/admin")
    assert field_value(admin_page, "f-notify-email") == "org@example.org"
    # a bad address is named beside its field
    resp = b.post("/t/public/new", data=create_form(notify_email="nope"))
    assert resp.status_code == 422
    assert 'id="f-notify-email-error"' in resp.get_data(as_text=True)
