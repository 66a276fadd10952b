"""Participants of a date poll get the chosen slot as an .ics: a link on the results page,
and the closing mail attaches it (links from the configured address, never the request's)."""

from __future__ import annotations

from pathlib import Path

from groupdecide.services.mail import read_outbox, wait_for_background

SLOTS = (("1 June, 10:00", "2030-06-01T10:00:00Z"), ("2 June, 18:30", "2030-06-02T18:30:00Z"))


def _poll(api, results="public", email=None):
    resp = api.call(
        "POST",
        "/decisions",
        {
            "title": "Where do we go?",
            "method": "schedule",
            "options": [{"label": label, "starts_at": at} for label, at in SLOTS],
            "settings": {"results": results},
        },
    )
    assert resp.status_code == 201, resp.get_json()
    d = resp.get_json()
    ids = [o["id"] for o in d["decision"]["options"]]
    extra = {"email": email} if email else {}
    api.cast(d["id"], {ids[0]: 0, ids[1]: 2}, **extra)
    api.cast(d["id"], {ids[0]: 1, ids[1]: 2}, name="Ben")
    return d, ids


def test_a_participant_downloads_the_best_slot(api, client):
    d, ids = _poll(api)
    page = client.get(f"/t/public/d/{d['id']}/results").get_data(as_text=True)
    assert f'href="/t/public/d/{d["id"]}/slot.ics"' in page
    resp = client.get(f"/t/public/d/{d['id']}/slot.ics")
    assert resp.status_code == 200
    assert resp.mimetype == "text/calendar"
    text = resp.get_data(as_text=True)
    assert "BEGIN:VEVENT" in text
    assert f"UID:{d['id']}-{ids[1]}@" in text  # the slot that won
    assert "SUMMARY:Where do we go?" in text


def test_no_slot_file_where_results_are_hidden_or_for_other_methods(api, client):
    d, _ids = _poll(api, results="organizer")
    assert client.get(f"/t/public/d/{d['id']}/slot.ics").status_code == 403
    other = api.create(method="single", labels=("A", "B"))
    api.cast(other["id"], {other["decision"]["options"][0]["id"]: 1})
    assert client.get(f"/t/public/d/{other['id']}/slot.ics").status_code == 404


def test_the_closing_mail_attaches_the_chosen_slot(app, api):
    app.config["PUBLIC_URL"] = "https://vote.example.org"
    d, ids = _poll(api, email="anna@example.org")
    resp = api.call(
        "PATCH",
        f"/decisions/{d['id']}",
        {"phase": "closed"},
        token=d["admin_token"],
    )
    assert resp.status_code == 200
    wait_for_background()
    mails = [
        m for m in read_outbox(Path(app.instance_path) / "outbox") if m["To"] == "anna@example.org"
    ]
    assert len(mails) == 1
    parts = [p for p in mails[0].iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    ics = parts[0].get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert f"UID:{d['id']}-{ids[1]}@vote.example.org" in ics
    assert "localhost" not in ics  # the test client's host
    assert "https://vote.example.org/t/public/d/" in ics.replace("\r\n ", "")
