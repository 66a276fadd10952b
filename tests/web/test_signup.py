"""Sign-up: the modes, the form's checks (slug, honeypot, mail cap), the live slug check, the
confirmation and the operator's approval, in both languages, links from PUBLIC_URL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from testkit import PASSWORD

from groupdecide.extensions import db
from groupdecide.models import Membership, Plan, Signup, Tenant, User

from .conftest import Browser, text_of

PUBLIC = "https://vote.example.coop"
OPEN = pytest.mark.app_config(SIGNUP="open", PUBLIC_URL=PUBLIC)
APPROVAL = pytest.mark.app_config(SIGNUP="approval", PUBLIC_URL=PUBLIC)


@pytest.fixture
def outbox(app: Any) -> Any:
    def read() -> list[tuple[str, str, str]]:
        from groupdecide.services.mail import read_outbox

        folder = Path(app.instance_path) / "outbox"
        return [(m["To"], m["Subject"], m.get_content()) for m in read_outbox(folder)]

    return read


def form(**overrides: str) -> dict[str, str]:
    data = {
        "organisation": "Garden Club e.V.",
        "slug": "garden-club",
        "email": "Ada@Example.org",
        "password": PASSWORD,
        "website": "",
    }
    data.update(overrides)
    return data


def rows(app: Any, model: Any) -> list[Any]:
    with app.app_context():
        return list(
            db.session.execute(sa.select(model), execution_options={"all_tenants": True}).scalars()
        )


def confirm_link(body: str) -> str:
    match = re.search(r"(https?://[^/\s]+)(/signup/confirm/\S+)", body)
    assert match, body
    assert match.group(1) == PUBLIC  # from PUBLIC_URL, never the request's Host
    return match.group(2)


def test_signup_is_off_by_default(app: Any) -> None:
    b = Browser(app)
    assert b.get("/signup").status_code == 404
    assert b.post("/signup", data=form()).status_code == 404
    assert b.get("/signup/check?slug=abc").status_code == 404
    assert rows(app, Signup) == []


@OPEN
def test_open_signup_confirms_creates_the_tenant_and_logs_the_owner_in(
    app: Any, outbox: Any
) -> None:
    with app.app_context():
        db.session.add(Plan(name="Starter", max_open_decisions=3, is_default=True))
        db.session.commit()
    b = Browser(app)
    page = b.page("/signup")
    assert "Leave this empty" in page
    assert re.search(r'name="website"[^>]*tabindex="-1"[^>]*autocomplete="off"', page)
    assert 'aria-hidden="true"' in page
    resp = b.post("/signup", data=form())
    assert resp.status_code == 303
    assert "Check your mail" in b.page(resp.headers["Location"])
    (signup,) = rows(app, Signup)
    assert signup.status == "pending"
    assert signup.email == "ada@example.org"
    assert signup.password_hash.startswith("$argon2id$")
    assert PASSWORD not in signup.password_hash
    to, subject, body = outbox()[-1]
    assert to == "ada@example.org"
    assert "Garden Club e.V." in subject
    path = confirm_link(body)
    assert path.split("/")[-1] not in signup.token_hash  # only the hash is stored
    assert rows(app, Tenant)
    assert all(t.slug != "garden-club" for t in rows(app, Tenant))
    page = b.page(path)  # a mail scanner following the link changes nothing
    assert all(t.slug != "garden-club" for t in rows(app, Tenant))
    resp = b.post(path)
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith("/t/garden-club/admin/")
    page = b.page(resp.headers["Location"])
    text = text_of(page)
    assert "Set up your space" in text
    assert "Start the first decision" in text
    assert "not done yet" in text
    assert "Plan: Starter" in text
    (tenant,) = [t for t in rows(app, Tenant) if t.slug == "garden-club"]
    assert tenant.name == "Garden Club e.V."
    assert tenant.plan_id is not None
    (user,) = [u for u in rows(app, User) if u.email == "ada@example.org"]
    (member,) = [m for m in rows(app, Membership) if m.tenant_id == tenant.id]
    assert member.user_id == user.id
    assert member.role == "owner"
    # the link works once
    assert b.post(path).status_code == 404
    # the chosen password logs in
    other = Browser(app)
    resp = other.post(
        "/t/garden-club/login", data={"email": "ada@example.org", "password": PASSWORD}
    )
    assert resp.status_code == 303


@OPEN
def test_honeypot_pretends_success_and_stores_nothing(app: Any, outbox: Any) -> None:
    b = Browser(app)
    resp = b.post("/signup", data=form(website="http://spam.example"))
    assert resp.status_code == 303
    assert "Check your mail" in b.page(resp.headers["Location"])
    assert rows(app, Signup) == []
    assert outbox() == []


@OPEN
@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("admin", "reserved"),
        ("operator", "reserved"),
        ("signup", "reserved"),
        ("public", "reserved"),
        ("Bad Slug!", "Use 3 to 40 characters"),
        ("ab", "Use 3 to 40 characters"),
        ("-abc", "Use 3 to 40 characters"),
        ("a\x00bc", "Use 3 to 40 characters"),
        ("taken-one", "taken already"),
    ],
)
def test_slugs_that_cannot_be_had_are_refused_on_submit_and_live(
    app: Any, make_tenant: Any, outbox: Any, slug: str, message: str
) -> None:
    make_tenant("taken-one")
    b = Browser(app)
    resp = b.post("/signup", data=form(slug=slug))
    assert resp.status_code == 422
    assert message in text_of(resp.get_data(as_text=True))
    assert rows(app, Signup) == []
    assert outbox() == []
    live = b.client.get("/signup/check", query_string={"slug": slug})
    assert live.status_code == 200
    data = live.get_json()
    assert data["ok"] is False
    assert message in data["message"]


@OPEN
def test_live_check_says_a_free_slug_is_free(app: Any) -> None:
    data = Browser(app).client.get("/signup/check?slug=free-one").get_json()
    assert data == {"ok": True, "message": "free-one is free."}


@OPEN
def test_bad_fields_are_named_and_nothing_is_stored(app: Any) -> None:
    b = Browser(app)
    resp = b.post(
        "/signup",
        data=form(organisation="", email="not-an-address", password="password1234"),
    )
    assert resp.status_code == 422
    text = text_of(resp.get_data(as_text=True))
    assert "Give a name of 1 to 200 characters." in text
    assert "Enter an e-mail address such as name@example.org." in text
    assert "too common" in text
    assert rows(app, Signup) == []


@OPEN
def test_no_more_than_three_signup_mails_to_one_address_a_day(app: Any, outbox: Any) -> None:
    b = Browser(app)
    for n in range(5):
        resp = b.post("/signup", data=form(slug=f"club-{n}", email="ada@example.org"))
        assert resp.status_code == 303
    assert len([m for m in outbox() if m[0] == "ada@example.org"]) == 3
    assert len(rows(app, Signup)) == 3
    b.post("/signup", data=form(slug="club-9", email="bob@example.org"))
    assert outbox()[-1][0] == "bob@example.org"


@pytest.mark.app_config(SIGNUP="open", RATELIMIT_ENABLED=True, RATELIMIT_SIGNUP="2 per minute")
def test_signup_is_rate_limited(app: Any) -> None:
    b = Browser(app)
    codes = [
        b.post("/signup", data=form(slug=f"club-{n}", email=f"p{n}@example.org")).status_code
        for n in range(3)
    ]
    assert codes == [303, 303, 429]


@OPEN
def test_slug_taken_meanwhile_gets_a_clear_message(app: Any, outbox: Any, make_tenant: Any) -> None:
    b = Browser(app)
    b.post("/signup", data=form())
    path = confirm_link(outbox()[-1][2])
    make_tenant("garden-club")
    resp = b.post(path)
    assert resp.status_code == 409
    assert "was taken by someone else meanwhile" in text_of(resp.get_data(as_text=True))


@OPEN
def test_german_signup_pages_and_mail(app: Any, outbox: Any) -> None:
    b = Browser(app)
    headers = {"Accept-Language": "de"}
    page = text_of(b.page("/signup", headers=headers))
    assert "Name der Organisation" in page
    assert "Leer lassen" in page
    resp = b.post("/signup", data=form(slug="admin"), headers=headers)
    assert "für den Dienst reserviert" in text_of(resp.get_data(as_text=True))
    live = b.client.get("/signup/check?slug=frei-hier", headers=headers).get_json()
    assert live["message"] == "frei-hier ist frei."
    b.post("/signup", data=form(), headers=headers)
    _to, subject, body = outbox()[-1]
    assert "Bestätigen" in subject
    path = confirm_link(body)
    assert "Bestätigen" in text_of(b.page(path, headers=headers))


def _operator(app: Any) -> Browser:
    from groupdecide.services import accounts

    with app.app_context():
        user = accounts.ensure_user("op@example.org")
        user.is_operator = True
        accounts.set_password(user, PASSWORD)
        db.session.commit()
    b = Browser(app)
    resp = b.post("/operator/login", data={"email": "op@example.org", "password": PASSWORD})
    assert resp.status_code == 303
    return b


@APPROVAL
def test_approval_waits_for_the_operator_who_approves(app: Any, outbox: Any) -> None:
    b = Browser(app)
    b.post("/signup", data=form())
    path = confirm_link(outbox()[-1][2])
    resp = b.post(path)
    assert resp.status_code == 200
    assert "tells you by mail" in text_of(resp.get_data(as_text=True))
    assert all(t.slug != "garden-club" for t in rows(app, Tenant))
    (signup,) = rows(app, Signup)
    assert signup.status == "confirmed"
    # the slug is held while the sign-up waits
    assert b.client.get("/signup/check?slug=garden-club").get_json()["ok"] is False
    op = _operator(app)
    page = text_of(op.page("/operator/signups"))
    assert "Garden Club e.V." in page
    assert "ada@example.org" in page
    resp = op.post(f"/operator/signups/{signup.id}/approve")
    assert resp.status_code == 303
    assert "No sign-up is waiting" in text_of(op.page("/operator/signups"))
    assert any(t.slug == "garden-club" for t in rows(app, Tenant))
    to, subject, body = outbox()[-1]
    assert to == "ada@example.org"
    assert "ready" in subject
    assert f"{PUBLIC}/t/garden-club/login" in body
    resp = Browser(app).post(
        "/t/garden-club/login", data={"email": "ada@example.org", "password": PASSWORD}
    )
    assert resp.status_code == 303


@APPROVAL
def test_operator_rejects_and_the_applicant_is_told(app: Any, outbox: Any) -> None:
    b = Browser(app)
    b.post("/signup", data=form())
    b.post(confirm_link(outbox()[-1][2]))
    (signup,) = rows(app, Signup)
    op = _operator(app)
    assert op.post(f"/operator/signups/{signup.id}/reject").status_code == 303
    (signup,) = rows(app, Signup)
    assert signup.status == "rejected"
    assert signup.password_hash == ""
    assert all(t.slug != "garden-club" for t in rows(app, Tenant))
    to, _subject, body = outbox()[-1]
    assert to == "ada@example.org"
    assert "we cannot open a space" in body
    assert op.post(f"/operator/signups/{signup.id}/approve").status_code == 404


@APPROVAL
def test_approving_a_slug_taken_meanwhile_says_so(app: Any, outbox: Any, make_tenant: Any) -> None:
    b = Browser(app)
    b.post("/signup", data=form())
    b.post(confirm_link(outbox()[-1][2]))
    (signup,) = rows(app, Signup)
    make_tenant("garden-club")
    op = _operator(app)
    resp = op.post(f"/operator/signups/{signup.id}/approve")
    assert resp.status_code == 409
    assert "was taken by someone else meanwhile" in text_of(resp.get_data(as_text=True))


def test_signup_pages_need_the_operator(app: Any) -> None:
    b = Browser(app)
    assert b.get("/operator/signups").status_code in (302, 303)
    assert b.post("/operator/signups/1/approve").status_code in (302, 303)
