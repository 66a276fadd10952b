"""The data the customer owns: the owner's export (a zip with the tenant's JSON and the ballots
as CSV), closing the account (typed name, a mailed link, the grace period, a mail the day
before, ``flask purge`` deleting it) and the operator's restore."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from testkit import Api, log_in

from groupdecide.extensions import db
from groupdecide.models import Ballot, Tenant
from groupdecide.services.mail import read_outbox
from web.conftest import Browser, text_of


def outbox(app):
    return read_outbox(Path(app.instance_path) / "outbox")


def _acme(app, make_member):
    make_member("acme", "olga@example.org")
    owner = Browser(app)
    log_in(owner.client, "acme", "olga@example.org")
    api = Api(owner.client, "acme")
    d = api.create("single", labels=("Tea", "Coffee"), title="Drinks?")
    api.cast(d["id"], {d["decision"]["options"][0]["id"]: 1}, name="Ann")
    return owner, d


def _tenant(app, slug="acme"):
    with app.app_context():
        return db.session.execute(sa.select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()


def test_the_owner_downloads_everything_as_a_zip(app, make_member):
    owner, d = _acme(app, make_member)
    resp = owner.get("/t/acme/admin/export.zip")
    assert resp.status_code == 200
    assert resp.mimetype == "application/zip"
    assert "acme-export.zip" in resp.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(resp.data))
    assert sorted(archive.namelist()) == ["ballots/" + d["id"] + ".csv", "tenant.json"]
    data = json.loads(archive.read("tenant.json"))
    assert data["tenant"]["slug"] == "acme"
    assert any(x["id"] == d["id"] for x in data["decisions"])
    csv_text = archive.read(f"ballots/{d['id']}.csv").decode("utf-8-sig")
    assert "Ann" in csv_text
    assert "Tea" in csv_text
    # the same JSON as the CLI writes
    result = app.test_cli_runner().invoke(args=["tenant", "export", "acme"])
    assert json.loads(result.output)["decisions"] == data["decisions"]


def test_only_a_logged_in_owner_exports(app, make_member):
    _owner, _d = _acme(app, make_member)
    assert Browser(app).get("/t/acme/admin/export.zip").status_code in (302, 303, 401)
    make_member("acme", "oskar@example.org", role="organizer")
    organizer = Browser(app)
    log_in(organizer.client, "acme", "oskar@example.org")
    assert organizer.get("/t/acme/admin/export.zip").status_code == 403
    assert organizer.get("/t/acme/admin/data").status_code == 403


def test_close_confirm_grace_warning_purge(app, make_member, monkeypatch):
    owner, d = _acme(app, make_member)
    page = owner.page("/t/acme/admin/data")
    assert "Close the account" in page
    wrong = owner.post("/t/acme/admin/close", data={"confirm_name": "acme?"})
    assert wrong.status_code == 422
    assert "Type the name of the space exactly" in text_of(wrong.get_data(as_text=True))
    assert outbox(app) == []
    resp = owner.post("/t/acme/admin/close", data={"confirm_name": "Acme"})
    assert resp.status_code == 303
    (mail,) = outbox(app)
    assert mail["To"] == "olga@example.org"
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.get_content()).group(1)
    assert _tenant(app).closing_requested_at is None  # asking alone changes nothing
    # the link only asks; a stranger's forged token is refused
    assert owner.get(link[:-4] + "xxxx").status_code == 404
    confirm = owner.page(link)
    assert "Yes, close the account" in confirm
    assert _tenant(app).closing_requested_at is None
    assert owner.post(link).status_code == 303
    tenant = _tenant(app)
    assert tenant.closing_requested_at is not None
    assert tenant.delete_after - tenant.closing_requested_at == timedelta(days=14)
    # participants see it closed; the API answers 404; the owner still exports
    visitor = Browser(app)
    page = visitor.get(f"/t/acme/d/{d['id']}")
    assert page.status_code == 404
    assert "is closing its account" in text_of(page.get_data(as_text=True))
    assert Api(visitor.client, "acme").call("GET", f"/decisions/{d['id']}").status_code == 404
    assert owner.get("/t/acme/admin/export.zip").status_code == 200

    from groupdecide.services import closing

    start = tenant.delete_after
    runner = app.test_cli_runner()
    monkeypatch.setattr(closing, "now", lambda: start - timedelta(days=3))
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert len(outbox(app)) == 1
    assert _tenant(app) is not None
    monkeypatch.setattr(closing, "now", lambda: start - timedelta(hours=20))
    result = runner.invoke(args=["purge"])
    assert "acme: closing account, owners told it goes tomorrow" in result.output
    warning = outbox(app)[-1]
    assert warning["To"] == "olga@example.org"
    assert "deleted tomorrow" in warning["Subject"]
    runner.invoke(args=["purge"])  # once only
    assert len(outbox(app)) == 2
    monkeypatch.setattr(closing, "now", lambda: start + timedelta(minutes=1))
    result = runner.invoke(args=["purge"])
    assert "acme: closed account deleted" in result.output
    assert _tenant(app) is None
    with app.app_context():
        left = db.session.execute(
            sa.select(sa.func.count()).select_from(Ballot), execution_options={"all_tenants": True}
        ).scalar_one()
    assert left == 0


def test_the_operator_restores_during_the_grace_period(app, make_member):
    _owner, d = _acme(app, make_member)
    from groupdecide.services import closing

    with app.app_context():
        tenant = db.session.execute(sa.select(Tenant).where(Tenant.slug == "acme")).scalar_one()
        tenant.closing_requested_at = datetime.now(UTC)
        tenant.delete_after = datetime.now(UTC) + timedelta(days=14)
        db.session.commit()
    assert Browser(app).get(f"/t/acme/d/{d['id']}").status_code == 404
    from groupdecide.services import accounts

    make_member("public", "op@example.org")
    with app.app_context():
        accounts.find_user("op@example.org").is_operator = True
        db.session.commit()
    op = Browser(app)
    assert (
        op.post(
            "/operator/login",
            data={"email": "op@example.org", "password": "correct horse battery staple"},
        ).status_code
        == 303
    )
    page = op.page("/operator/tenants/acme")
    assert "Restore the account" in page
    assert op.post("/operator/tenants/acme/restore").status_code == 303
    tenant = _tenant(app)
    assert tenant.closing_requested_at is None
    assert tenant.delete_after is None
    assert Browser(app).get(f"/t/acme/d/{d['id']}").status_code == 200
    with app.app_context():
        assert closing.run(datetime.now(UTC) + timedelta(days=30)) == {"warned": [], "deleted": []}


def test_data_page_and_privacy_page_in_german(app, make_member):
    owner, _d = _acme(app, make_member)
    text = text_of(owner.page("/t/acme/admin/data?lang=de"))
    assert "Alles exportieren" in text
    assert "Das Konto schließen" in text
    privacy = text_of(Browser(app).page("/privacy?lang=de"))
    assert "Was gespeichert wird" in privacy
    assert "14 Tage" in privacy
    english = text_of(Browser(app).page("/privacy?lang=en"))
    assert "Ballots" in english
    assert "14 days after the confirmation" in english
