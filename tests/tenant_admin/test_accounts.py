"""Accounts as a person meets them: set-up link from the operator, log-in, log-out, password
rules, reset, invitations; log-ins that end everywhere."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from web.conftest import Browser, text_of

from groupdecide.extensions import db
from groupdecide.models import User, UserSession

from .conftest import PASSWORD, link_in, log_in


def test_operator_creates_a_tenant_and_the_owner_sets_up_from_the_outbox(app, runner, outbox):
    result = runner.invoke(
        args=[
            "tenant",
            "create",
            "acme",
            "--name",
            "Acme e.V.",
            "--owner-email",
            "Olga@Example.org",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["slug"] == "acme"
    assert out["api_key"]
    assert "setup_link" in out
    mails = outbox()
    assert len(mails) == 1
    to, subject, body = mails[0]
    assert to == "olga@example.org"
    assert "Acme e.V." in subject
    path = link_in(body)
    assert path in out["setup_link"]
    b = Browser(app)
    page = b.page(path)
    assert "olga@example.org" in page
    token = path.split("token=")[1]
    resp = b.post(
        "/t/acme/account/set-password",
        data={
            "token": token,
            "password": "a long and fine passphrase",
            "password_confirm": "a long and fine passphrase",
        },
    )
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith("/t/acme/admin/")
    assert "All decisions" in b.page("/t/acme/admin/")
    # the link works once
    assert b.get(path).status_code == 404
    # and the password works for logging in anew
    other = Browser(app)
    log_in(other.client, "acme", "olga@example.org", "a long and fine passphrase")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short1", "at least 10"),
        ("x" * 129, "at most 128"),
        ("password123", "too common"),
        ("iloveyou2024!", "too common"),
        ("aaaaaaaaaaaa", "too common"),
    ],
)
def test_weak_passwords_are_refused_beside_the_field(app, runner, outbox, password, problem):
    runner.invoke(
        args=["tenant", "create", "acme", "--name", "Acme", "--owner-email", "olga@example.org"]
    )
    path = link_in(outbox()[0][2])
    b = Browser(app)
    resp = b.post(
        "/t/acme/account/set-password",
        data={"token": path.split("token=")[1], "password": password, "password_confirm": password},
    )
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert problem in text_of(page)
    assert 'id="f-password-error"' in page


def test_login_wrong_password_and_non_member_get_the_same_answer(app, make_member):
    make_member("acme", "olga@example.org")
    make_member("other", "otto@example.org")
    b = Browser(app)
    wrong = b.post("/t/acme/login", data={"email": "olga@example.org", "password": "nope" * 3})
    stranger = b.post("/t/acme/login", data={"email": "otto@example.org", "password": PASSWORD})
    assert wrong.status_code == stranger.status_code == 422
    assert "is not right" in text_of(wrong.get_data(as_text=True))
    assert b.get("/t/acme/admin/").status_code == 303  # still not logged in


def test_logout_ends_the_session_even_for_a_copied_cookie(app, make_member):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    log_in(b.client, "acme", "olga@example.org")
    cookie = next(c for c in b.client._cookies.values() if c.key == "gd_session")
    thief = app.test_client()
    thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    assert thief.get("/t/acme/admin/").status_code == 200
    b.post("/t/acme/logout")
    resp = thief.get("/t/acme/admin/")
    assert resp.status_code == 303
    assert "/t/acme/login" in resp.headers["Location"]


def test_changing_the_password_ends_other_sessions(app, make_member):
    make_member("acme", "olga@example.org")
    laptop, phone = Browser(app), Browser(app)
    log_in(laptop.client, "acme", "olga@example.org")
    log_in(phone.client, "acme", "olga@example.org")
    resp = laptop.post(
        "/t/acme/account/password",
        data={
            "current": PASSWORD,
            "new": "another fine passphrase",
            "new_confirm": "another fine passphrase",
        },
    )
    assert resp.status_code == 303
    assert laptop.get("/t/acme/admin/").status_code == 200
    assert phone.get("/t/acme/admin/").status_code == 303
    bad = laptop.post(
        "/t/acme/account/password",
        data={
            "current": "wrong wrong wrong",
            "new": "yet another passphrase",
            "new_confirm": "yet another passphrase",
        },
    )
    assert bad.status_code == 422
    assert "not your current password" in bad.get_data(as_text=True)


def test_sessions_are_stored_server_side_as_hashes(app, make_member):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    log_in(b.client, "acme", "olga@example.org")
    with app.app_context():
        rows = db.session.execute(sa.select(UserSession)).scalars().all()
        user = db.session.execute(sa.select(User)).scalar_one()
        assert len(rows) == 1
        assert len(rows[0].id_hash) == 64
        assert user.password_hash.startswith("$argon2id$")


def test_password_reset_by_mail(app, make_member, outbox):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    resp = b.post("/t/acme/account/reset", data={"email": "olga@example.org"})
    assert resp.status_code == 303
    unknown = b.post("/t/acme/account/reset", data={"email": "nobody@example.org"})
    assert unknown.status_code == 303  # the same answer: nothing to learn about addresses
    from groupdecide.services.mail import wait_for_background

    wait_for_background()  # the link is issued and mailed after the answer
    mails = outbox()
    assert [m[0] for m in mails] == ["olga@example.org"]
    path = link_in(mails[0][2])
    token = path.split("token=")[1]
    resp = b.post(
        "/t/acme/account/set-password",
        data={
            "token": token,
            "password": "brand new passphrase",
            "password_confirm": "brand new passphrase",
        },
    )
    assert resp.status_code == 303
    fresh = Browser(app)
    log_in(fresh.client, "acme", "olga@example.org", "brand new passphrase")
    assert (
        fresh.post(
            "/t/acme/account/set-password",
            data={
                "token": token,
                "password": "brand new passphrase 2",
                "password_confirm": "brand new passphrase 2",
            },
        ).status_code
        == 404
    )


def test_invite_a_member_who_accepts_and_can_be_removed(app, make_member, outbox):
    make_member("acme", "olga@example.org")
    owner = Browser(app)
    log_in(owner.client, "acme", "olga@example.org")
    resp = owner.post(
        "/t/acme/admin/members/invite", data={"email": "mia@example.org", "role": "organizer"}
    )
    assert resp.status_code == 303
    assert "mia@example.org" in owner.page("/t/acme/admin/members")
    path = link_in(outbox()[-1][2])
    mia = Browser(app)
    assert "Join Acme" in mia.page(path)
    token = path.split("token=")[1]
    resp = mia.post(
        "/t/acme/account/invitation",
        data={
            "token": token,
            "password": "mias own passphrase",
            "password_confirm": "mias own passphrase",
        },
    )
    assert resp.status_code == 303
    assert mia.get("/t/acme/admin/").status_code == 200
    # an organizer sees the decisions, not the members or settings
    assert mia.get("/t/acme/admin/members").status_code == 403
    assert mia.get("/t/acme/admin/settings").status_code == 403
    # the link works once
    assert Browser(app).get(path).status_code == 404
    # the owner removes her: her live session ends at once
    page = owner.page("/t/acme/admin/members")
    import re

    member_id = re.search(
        r'/t/acme/admin/members/(\d+)/remove"[^<]*>\s*<input[^>]*>\s*'
        r"<button[^>]*>Remove mia@example.org",
        page,
    ).group(1)
    assert owner.post(f"/t/acme/admin/members/{member_id}/remove").status_code == 303
    assert mia.get("/t/acme/admin/").status_code == 303
    assert "mia@example.org" not in owner.page("/t/acme/admin/members")


def test_the_last_owner_cannot_be_removed_or_demoted(app, make_member):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    log_in(b.client, "acme", "olga@example.org")
    import re

    member_id = re.search(r"/members/(\d+)/role", b.page("/t/acme/admin/members")).group(1)
    resp = b.post(f"/t/acme/admin/members/{member_id}/role", data={"role": "organizer"})
    assert resp.status_code == 409
    assert "at least one owner" in resp.get_data(as_text=True)
    resp = b.post(f"/t/acme/admin/members/{member_id}/remove")
    assert resp.status_code == 409


def test_mail_is_not_sent_when_the_request_fails(app, make_member, outbox):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    log_in(b.client, "acme", "olga@example.org")
    resp = b.post(
        "/t/acme/admin/members/invite", data={"email": "olga@example.org", "role": "organizer"}
    )
    assert resp.status_code == 409  # a member already
    resp = b.post(
        "/t/acme/admin/members/invite", data={"email": "not an address", "role": "organizer"}
    )
    assert resp.status_code == 422
    assert 'id="f-email-error"' in resp.get_data(as_text=True)
    assert outbox() == []


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
def test_login_attempts_are_rate_limited(app, make_member):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    codes = [
        b.post(
            "/t/acme/login", data={"email": "olga@example.org", "password": "wrong wrong"}
        ).status_code
        for _ in range(4)
    ]
    assert codes == [422, 422, 422, 429]


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_login_and_logout_need_the_csrf_token(app, make_member):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    resp = b.post("/t/acme/login", data={"email": "olga@example.org", "password": PASSWORD})
    assert resp.status_code == 400
