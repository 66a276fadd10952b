"""Limits nobody can turn against an owner: a stranger's reset requests use up only the
stranger's own quota, the owner's mailbox gets at most RESET_MAILS_PER_HOUR links an hour
whoever asks, and failed log-ins from many clients against one address are slowed down
(never refused, and never for the right password)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from web.conftest import Browser

from groupdecide.extensions import db
from groupdecide.models import AccountToken
from groupdecide.services.mail import wait_for_background
from groupdecide.web.auth import slowdown

from .conftest import PASSWORD

OWNER = "olga@example.org"


def _reset(app, email, client_ip):
    return (
        app.test_client()
        .post(
            "/t/acme/account/reset",
            data={"email": email},
            environ_base={"REMOTE_ADDR": client_ip},
        )
        .status_code
    )


# ----------------------------------------------------------------------------- resets


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True, RATELIMIT_RESET_ADDRESS="2 per hour", RATELIMIT_ACCOUNT_MAIL="50/hour"
)
def test_a_stranger_cannot_use_up_the_owners_reset_requests(app, make_member, outbox):
    make_member("acme", OWNER)
    stranger = [_reset(app, OWNER, "10.6.6.6") for _ in range(3)]
    assert stranger == [303, 303, 429]  # the stranger spends their own quota ...
    assert _reset(app, OWNER, "10.1.1.1") == 303  # ... the owner still asks for her link
    wait_for_background()
    assert [m[0] for m in outbox()] == [OWNER] * 3


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_ACCOUNT_MAIL="50/hour")
def test_reset_mails_to_one_mailbox_are_capped_whoever_asks(app, make_member, outbox):
    make_member("acme", OWNER)
    answers = [_reset(app, OWNER, f"10.0.0.{i}") for i in range(5)]
    assert answers == [303] * 5  # the same answer as for any address
    assert _reset(app, "nobody@example.org", "10.0.0.9") == 303
    wait_for_background()
    assert [m[0] for m in outbox()] == [OWNER] * 3  # RESET_MAILS_PER_HOUR
    with app.app_context():  # an hour later the owner gets a link again
        db.session.execute(
            sa.update(AccountToken).values(created_at=datetime.now(UTC) - timedelta(hours=2))
        )
        db.session.commit()
    assert _reset(app, OWNER, "10.0.0.1") == 303
    wait_for_background()
    assert len(outbox()) == 4


# ----------------------------------------------------------------------------- log-ins


SLOW = {
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_LOGIN": "100 per minute",
    "RATELIMIT_LOGIN_CLIENT": "100 per minute",
    "LOGIN_SLOWDOWN_AFTER": "3 per 15 minutes",
    "LOGIN_SLOWDOWN_SECONDS": 0.25,
}


@pytest.fixture
def sleeps(monkeypatch):
    """The delays the slow-down asked for (recorded, not waited)."""
    seen: list[float] = []
    monkeypatch.setattr(slowdown, "sleep", seen.append)
    return seen


def _log_in(app, url, password, client_ip, browser=None):
    return (browser or Browser(app)).post(
        url,
        data={"email": OWNER, "password": password},
        environ_base={"REMOTE_ADDR": client_ip},
    )


@pytest.mark.app_config(**SLOW)
def test_failed_log_ins_from_many_clients_are_slowed_down_but_never_refused(
    app, make_member, sleeps
):
    make_member("acme", OWNER)
    codes = [
        _log_in(app, "/t/acme/login", "wrong wrong", f"10.6.0.{i}").status_code for i in range(3)
    ]
    assert codes == [422] * 3
    assert sleeps == []  # up to the threshold: no delay
    codes = [
        _log_in(app, "/t/acme/login", "wrong wrong", f"10.6.1.{i}").status_code for i in range(3)
    ]
    assert codes == [422] * 3  # never a 429 on this count
    assert sleeps == [0.25] * 3  # past it: each failed answer from any client waits
    owner = Browser(app)
    resp = _log_in(app, "/t/acme/login", PASSWORD, "10.1.1.1", owner)
    assert resp.status_code == 303  # the right password is neither refused ...
    assert sleeps == [0.25] * 3  # ... nor held back
    assert owner.get("/t/acme/admin/").status_code == 200


@pytest.mark.app_config(**SLOW)
def test_failed_operator_log_ins_count_for_the_same_address(app, make_member, sleeps):
    make_member("acme", OWNER)
    for i in range(3):
        assert _log_in(app, "/operator/login", "wrong wrong", f"10.6.2.{i}").status_code == 422
    assert sleeps == []
    assert _log_in(app, "/t/acme/login", "wrong wrong", "10.6.3.1").status_code == 422
    assert sleeps == [0.25]
    assert _log_in(app, "/operator/login", "wrong wrong", "10.6.3.2").status_code == 422
    assert sleeps == [0.25, 0.25]
