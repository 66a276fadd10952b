"""Notifications: the closing is announced once (by ``flask notify``, never from inside a page
view), reminders a day before closing, the daily digest; mail never loses a ballot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Decision
from groupdecide.services.mail import read_outbox


def outbox(app):
    return read_outbox(Path(app.instance_path) / "outbox")


def shift(app, decision_id, **values):
    with app.app_context():
        db.session.execute(
            sa.update(Decision).where(Decision.id == decision_id).values(**values),
            execution_options={"all_tenants": True},
        )
        db.session.commit()


def soon(hours):
    return (datetime.now(UTC) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_closing_by_time_is_never_mailed_from_a_get_but_by_the_cron_once(api, app, client):
    made = api.create(settings={"closes_at": soon(2)}, notify={"email": "org@example.org"})
    did = made["id"]
    opt = made["decision"]["options"][0]["id"]
    resp = api.call(
        "POST",
        f"/decisions/{did}/ballots",
        {"name": "Anna", "answers": {str(opt): 1}, "email": "anna@example.org"},
    )
    assert resp.status_code == 201
    assert outbox(app) == []
    shift(app, did, closes_at=datetime.now(UTC) - timedelta(minutes=1))
    for _ in range(3):
        assert api.call("GET", f"/decisions/{did}").get_json()["phase"] == "closed"
    assert api.call("GET", f"/decisions/{did}/results").status_code == 200
    for page in ("", "/results", "/record"):
        assert client.get(f"/t/public/d/{did}{page}").status_code == 200
    assert outbox(app) == []  # pages and API reads send nothing
    result = app.test_cli_runner().invoke(args=["notify", "--json"])
    assert result.exit_code == 0
    assert '"closed": 1' in result.output
    mails = outbox(app)
    assert sorted(m["To"] for m in mails) == ["anna@example.org", "org@example.org"]
    assert all(m["Subject"] == "Closed: Where do we go?" for m in mails)
    assert "Hiking" in mails[0].get_content()
    # the links come from PUBLIC_URL, not from the requests' host
    assert all(f"http://127.0.0.1:8000/t/public/d/{did}/record" in m.get_content() for m in mails)
    # the cron command finds nothing left to do
    result = app.test_cli_runner().invoke(args=["notify", "--json"])
    assert result.exit_code == 0
    assert '"closed": 0' in result.output
    assert len(outbox(app)) == 2


def test_notify_command_announces_reminds_and_digests(api, app):
    closing = api.create(settings={"closes_at": soon(2)}, notify={"email": "o1@example.org"})
    invited = api.create(settings={"access": "invite", "closes_at": soon(12)})
    resp = api.call(
        "POST",
        f"/decisions/{invited['id']}/invites",
        {"emails": ["late@example.org", "early@example.org"]},
        token=invited["admin_token"],
    )
    tokens = {i["email"]: i["token"] for i in resp.get_json()["items"]}
    opt = invited["decision"]["options"][0]["id"]
    api.cast(invited["id"], {opt: 1}, invite=tokens["early@example.org"])
    digest = api.create(notify={"email": "o3@example.org", "digest": True})
    api.cast(digest["id"], {digest["decision"]["options"][0]["id"]: 2})
    shift(app, closing["id"], closes_at=datetime.now(UTC) - timedelta(minutes=5))
    before = len(outbox(app))  # the two invitations

    runner = app.test_cli_runner()
    result = runner.invoke(args=["notify", "--json"])
    assert result.exit_code == 0, result.output
    assert '"closed": 1' in result.output
    assert '"reminded": 1' in result.output
    assert '"digests": 1' in result.output
    new = outbox(app)[before:]
    by_to = {m["To"]: m for m in new}
    assert set(by_to) == {"o1@example.org", "late@example.org", "o3@example.org"}
    reminder = by_to["late@example.org"].get_content()
    assert "you have not answered yet" in reminder
    # the reminder's link works (it replaces the first one) and the first one no longer does
    new_token = reminder.split("invite=")[1].split()[0]
    api.cast(invited["id"], {opt: 1}, invite=tokens["late@example.org"], expect=403)
    api.cast(invited["id"], {opt: 1}, invite=new_token, expect=201)
    # nothing is sent twice
    result = runner.invoke(args=["notify", "--json"])
    assert '"closed": 0' in result.output
    assert '"reminded": 0' in result.output
    assert '"digests": 0' in result.output


def test_a_failing_mail_loses_no_ballot(api, app, monkeypatch):
    from groupdecide.services import mail

    def broken(_msg):
        raise OSError("smtp down")

    monkeypatch.setattr(mail, "_deliver", broken)
    made = api.create(settings={"access": "invite"})
    resp = api.call(
        "POST",
        f"/decisions/{made['id']}/invites",
        {"emails": ["x@example.org"]},
        token=made["admin_token"],
    )
    assert resp.status_code == 201
    token = resp.get_json()["items"][0]["token"]
    api.cast(made["id"], {made["decision"]["options"][0]["id"]: 1}, invite=token)
    listed = api.call("GET", f"/decisions/{made['id']}/ballots", token=made["admin_token"])
    assert len(listed.get_json()["items"]) == 1


def test_closing_by_hand_announces_and_reopening_rearms(api, app):
    made = api.create(notify={"email": "org@example.org"})
    did, admin = made["id"], made["admin_token"]
    api.call("PATCH", f"/decisions/{did}", {"phase": "closed"}, token=admin)
    assert len(outbox(app)) == 1
    api.call("PATCH", f"/decisions/{did}", {"phase": "voting"}, token=admin)
    api.call("PATCH", f"/decisions/{did}", {"phase": "closed"}, token=admin)
    assert len(outbox(app)) == 2


def test_a_german_tenants_cron_mails_are_german(app, client, make_tenant):
    """The cron command runs outside a request: each mail is in its tenant's language."""
    from tests.testkit import Api

    slug, key = make_tenant(locale="de")
    api = Api(client, slug)
    closing = api.create(
        settings={"closes_at": soon(2)}, notify={"email": "org@example.org"}, token=key
    )
    invited = api.create(settings={"access": "invite", "closes_at": soon(12)}, token=key)
    resp = api.call(
        "POST",
        f"/decisions/{invited['id']}/invites",
        {"emails": ["late@example.org"]},
        token=invited["admin_token"],
    )
    assert resp.status_code == 201
    shift(app, closing["id"], closes_at=datetime.now(UTC) - timedelta(minutes=5))
    before = len(outbox(app))

    result = app.test_cli_runner().invoke(args=["notify", "--json"])
    assert result.exit_code == 0, result.output
    by_to = {m["To"]: m for m in outbox(app)[before:]}
    closed = by_to["org@example.org"]
    assert closed["Subject"] == "Abgeschlossen: Where do we go?"
    assert "ist abgeschlossen" in closed.get_content()
    reminder = by_to["late@example.org"]
    assert reminder["Subject"].startswith("Erinnerung: ")
    assert "Sie haben noch nicht geantwortet" in reminder.get_content()


def test_a_title_with_line_breaks_neither_breaks_pages_nor_the_cron(api, app, client):
    """No CR/LF reaches a header (no injected Bcc), the pages stay up after closing, and the
    command sends every mail."""
    bad = api.create(settings={"closes_at": soon(2)}, notify={"email": "org@example.org"})
    good = api.create(settings={"closes_at": soon(2)}, notify={"email": "two@example.org"})
    shift(app, bad["id"], title="Vote\r\nBcc: everyone@example.org\nnow")
    for made in (bad, good):
        shift(app, made["id"], closes_at=datetime.now(UTC) - timedelta(minutes=1))
    for page in ("", "/results", "/record"):
        assert client.get(f"/t/public/d/{bad['id']}{page}").status_code == 200
    assert api.call("GET", f"/decisions/{bad['id']}").status_code == 200
    result = app.test_cli_runner().invoke(args=["notify", "--json"])
    assert result.exit_code == 0, result.output
    assert '"closed": 2' in result.output
    by_to = {m["To"]: m for m in outbox(app)}
    assert set(by_to) == {"org@example.org", "two@example.org"}
    mail = by_to["org@example.org"]
    assert mail["Subject"] == "Closed: Vote Bcc: everyone@example.org now"
    assert mail["Bcc"] is None
    assert client.get(f"/t/public/d/{bad['id']}").status_code == 200


def test_one_failing_decision_or_mail_never_stops_the_others(api, app, monkeypatch):
    from groupdecide.services import mail, notify

    first = api.create(settings={"closes_at": soon(2)}, notify={"email": "a@example.org"})
    second = api.create(settings={"closes_at": soon(2)}, notify={"email": "b@example.org"})
    third = api.create(settings={"closes_at": soon(2)}, notify={"email": "c@example.org"})
    for made in (first, second, third):
        shift(app, made["id"], closes_at=datetime.now(UTC) - timedelta(minutes=1))
    real_summary, real_deliver = notify._summary, mail._deliver

    def summary(decision):
        if decision.id == first["id"]:
            raise RuntimeError("a broken row")
        return real_summary(decision)

    def deliver(msg):
        if msg["To"] == "b@example.org":
            raise OSError("mailbox unavailable")
        real_deliver(msg)

    monkeypatch.setattr(notify, "_summary", summary)
    monkeypatch.setattr(mail, "_deliver", deliver)
    result = app.test_cli_runner().invoke(args=["notify", "--json"])
    assert result.exit_code == 0, result.output
    assert [m["To"] for m in outbox(app)] == ["c@example.org"]
    with app.app_context():
        notified = dict(
            db.session.execute(
                sa.select(Decision.id, Decision.closed_notified_at),
                execution_options={"all_tenants": True},
            ).all()
        )
    # the broken one is left for the next run; the others are recorded as announced
    assert notified[first["id"]] is None
    assert notified[second["id"]] is not None
    assert notified[third["id"]] is not None
    monkeypatch.setattr(notify, "_summary", real_summary)
    result = app.test_cli_runner().invoke(args=["notify", "--json"])
    assert '"closed": 1' in result.output
    assert [m["To"] for m in outbox(app)][-1] == "a@example.org"


def test_the_organizers_closing_mail_never_links_a_record_that_answers_403(api, app, client):
    hidden = api.create(
        settings={"closes_at": soon(2), "results": "organizer"},
        notify={"email": "org@example.org"},
    )
    shift(app, hidden["id"], closes_at=datetime.now(UTC) - timedelta(minutes=1))
    app.test_cli_runner().invoke(args=["notify"])
    body = outbox(app)[0].get_content()
    assert f"/d/{hidden['id']}/record" not in body
    assert "open the admin link you kept" in body
    assert client.get(f"/t/public/d/{hidden['id']}/record").status_code == 403
    # the daily digest as well
    digest = api.create(
        settings={"results": "organizer"}, notify={"email": "o2@example.org", "digest": True}
    )
    api.cast(digest["id"], {digest["decision"]["options"][0]["id"]: 2})
    app.test_cli_runner().invoke(args=["notify"])
    body = outbox(app)[-1].get_content()
    assert outbox(app)[-1]["To"] == "o2@example.org"
    assert f"/d/{digest['id']}/results" not in body
    assert "open the admin link you kept" in body
