"""Participants unsubscribe from every mail of a tenant: each participant mail carries the
link and the List-Unsubscribe headers; GET only asks, POST (also a mail client's one-click POST
without a session or CSRF token) unsubscribes; later mails skip the address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import MailOptOut
from groupdecide.services.mail import read_outbox


def outbox(app):
    return read_outbox(Path(app.instance_path) / "outbox")


def _invite(api, decision, *emails):
    resp = api.call(
        "POST",
        f"/decisions/{decision['id']}/invites",
        {"emails": list(emails)},
        token=decision["admin_token"],
    )
    assert resp.status_code == 201, resp.get_json()


def _link(msg) -> str:
    header = msg["List-Unsubscribe"]
    assert header.startswith("<http"), header
    assert header.endswith(">"), header
    return "/" + header[1:-1].split("://", 1)[1].split("/", 1)[1]


def test_participant_mails_carry_the_link_and_the_one_click_headers(api, app):
    d = api.create(settings={"access": "invite"}, notify={"email": "org@example.org"})
    _invite(api, d, "ann@example.org")
    (mail,) = outbox(app)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = _link(mail)
    assert link.startswith("/t/public/unsubscribe/")
    assert link in mail.get_content()  # the same link in the text, for every mail client
    # the organizer's own mail (the closing) is no participant mail: no unsubscribe header
    api.call("PATCH", f"/decisions/{d['id']}", {"phase": "closed"}, token=d["admin_token"])
    closed = {m["To"]: m for m in outbox(app)[1:]}
    assert closed["org@example.org"]["List-Unsubscribe"] is None
    assert closed["ann@example.org"]["List-Unsubscribe"] is not None


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_get_asks_post_unsubscribes_and_later_mails_skip_the_address(api, app, client):
    closes = (datetime.now(UTC) + timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M:%SZ")
    d = api.create(settings={"access": "invite", "closes_at": closes})
    _invite(api, d, "ann@example.org", "ben@example.org")
    link = _link(next(m for m in outbox(app) if m["To"] == "ann@example.org"))
    page = client.get(link)
    assert page.status_code == 200
    assert "Stop every mail of" in page.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.execute(
                sa.select(sa.func.count()).select_from(MailOptOut),
                execution_options={"all_tenants": True},
            ).scalar_one()
            == 0
        )
    # a mail client's one-click POST: no cookie, no CSRF token
    fresh = app.test_client()
    resp = fresh.post(
        link,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    assert "You are unsubscribed" in resp.get_data(as_text=True)
    assert fresh.post(link).status_code == 200  # twice is fine
    with app.app_context():
        hashes = (
            db.session.execute(
                sa.select(MailOptOut.email_hash), execution_options={"all_tenants": True}
            )
            .scalars()
            .all()
        )
    assert len(hashes) == 1
    assert "ann" not in hashes[0]
    before = len(outbox(app))
    # a reminder a day before closing: ben gets it, ann does not
    result = app.test_cli_runner().invoke(args=["notify", "--json"])
    assert '"reminded": 2' in result.output
    assert [m["To"] for m in outbox(app)[before:]] == ["ben@example.org"]
    # a new invite to ann is not mailed either
    other = api.create(settings={"access": "invite"})
    _invite(api, other, "ann@example.org")
    assert [m["To"] for m in outbox(app)[before:]] == ["ben@example.org"]


def test_a_forged_or_foreign_token_unsubscribes_nobody(api, app, client, make_tenant):
    d = api.create(settings={"access": "invite"})
    _invite(api, d, "ann@example.org")
    link = _link(outbox(app)[0])
    token = link.rsplit("/", 1)[1]
    other, _key = make_tenant()
    assert client.post(f"/t/{other}/unsubscribe/{token}").status_code == 404
    assert client.post(link[:-3] + "abc").status_code == 404
    assert client.get("/t/public/unsubscribe/%00%ED%A0%80").status_code == 404
    with app.app_context():
        assert (
            db.session.execute(
                sa.select(sa.func.count()).select_from(MailOptOut),
                execution_options={"all_tenants": True},
            ).scalar_one()
            == 0
        )


def test_unsubscribe_page_in_german(api, app, client):
    d = api.create(settings={"access": "invite"})
    _invite(api, d, "ann@example.org")
    link = _link(outbox(app)[0])
    page = client.get(link + "?lang=de").get_data(as_text=True)
    assert "Alle Mails von" in page
    assert "Abmelden" in page
