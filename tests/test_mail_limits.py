"""Mail as a weapon: invitations by mail are capped per request, per decision, per tenant and
per client, and the open default tenant mails them only for a logged-in member."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from testkit import Api, log_in, member_factory

from groupdecide.extensions import db
from groupdecide.models import MailRecord
from groupdecide.services.mail import read_outbox


def outbox(app):
    return read_outbox(Path(app.instance_path) / "outbox")


def _invite(api, made, emails, **kw):
    return api.call(
        "POST",
        f"/decisions/{made['id']}/invites",
        {"emails": emails},
        token=made["admin_token"],
        **kw,
    )


def addresses(n, start=0):
    return [f"p{i}@example.org" for i in range(start, start + n)]


@pytest.mark.app_config(MAIL_INVITES_PER_REQUEST=5)
def test_one_request_mails_at_most_the_cap_and_names_the_field(api, app):
    made = api.create(settings={"access": "invite"})
    resp = _invite(api, made, addresses(6))
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert "5" in error["fields"]["emails"]
    assert outbox(app) == []
    assert _invite(api, made, addresses(5)).status_code == 201
    assert len(outbox(app)) == 5


@pytest.mark.app_config(MAIL_INVITES_PER_DECISION=4, MAIL_INVITES_PER_TENANT_DAY=6)
def test_mails_per_decision_and_per_tenant_are_limited(api, app):
    first = api.create(settings={"access": "invite"})
    assert _invite(api, first, addresses(3)).status_code == 201
    refused = _invite(api, first, addresses(2, 3))
    assert refused.status_code == 403
    assert "emails" in refused.get_json()["error"]["fields"]
    assert _invite(api, first, addresses(1, 3)).status_code == 201
    second = api.create(settings={"access": "invite"})
    assert _invite(api, second, addresses(2, 10)).status_code == 201
    refused = _invite(api, second, addresses(1, 20))  # 7 in a day for the tenant
    assert refused.status_code == 403
    assert "a day" in refused.get_json()["error"]["message"]
    assert len(outbox(app)) == 6


@pytest.mark.app_config(MAIL_INVITES_PER_DECISION=10, MAIL_INVITES_PER_TENANT_DAY=4)
def test_deleting_decisions_gives_no_mails_back_to_the_tenants_day(api, app):
    first = api.create(settings={"access": "invite"})
    assert _invite(api, first, addresses(3)).status_code == 201
    gone = api.call("DELETE", f"/decisions/{first['id']}", token=first["admin_token"])
    assert gone.status_code == 204
    second = api.create(settings={"access": "invite"})
    assert _invite(api, second, addresses(1, 10)).status_code == 201  # 4 in a day: the cap
    api.call("DELETE", f"/decisions/{second['id']}", token=second["admin_token"])
    third = api.create(settings={"access": "invite"})
    refused = _invite(api, third, addresses(1, 20))
    assert refused.status_code == 403
    assert "a day" in refused.get_json()["error"]["message"]
    assert len(outbox(app)) == 4


def _age_mail_records(app, **delta):
    with app.app_context():
        db.session.execute(
            sa.update(MailRecord)
            .values(created_at=datetime.now(UTC) - timedelta(**delta))
            .execution_options(all_tenants=True)
        )
        db.session.commit()


def _mail_records(app):
    with app.app_context():
        return db.session.execute(
            sa.select(sa.func.count(MailRecord.id)).execution_options(all_tenants=True)
        ).scalar_one()


@pytest.mark.app_config(MAIL_INVITES_PER_TENANT_DAY=3)
def test_purge_forgets_old_mail_records_but_not_todays(api, app, runner):
    made = api.create(settings={"access": "invite"})
    assert _invite(api, made, addresses(2)).status_code == 201
    _age_mail_records(app, days=8)
    assert _invite(api, made, addresses(3, 2)).status_code == 201  # yesterday's cap is over
    _age_mail_records(app, hours=2)  # both batches: today (5 > 3)
    assert _invite(api, made, addresses(1, 9)).status_code == 403
    _age_mail_records(app, days=8)  # now both are old enough to go
    assert runner.invoke(args=["purge"]).exit_code == 0
    assert _mail_records(app) == 0
    assert _invite(api, made, addresses(3, 10)).status_code == 201
    assert runner.invoke(args=["purge"]).exit_code == 0  # today's batch stays and counts
    assert _mail_records(app) == 1
    assert _invite(api, made, addresses(1, 20)).status_code == 403


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_INVITE_MAILS="4 per hour")
def test_mails_per_client_are_rate_limited_with_retry_after(api, app):
    one = api.create(settings={"access": "invite"})
    two = api.create(settings={"access": "invite"})
    assert _invite(api, one, addresses(3)).status_code == 201
    resp = _invite(api, two, addresses(2, 5))
    assert resp.status_code == 429
    assert resp.get_json()["error"]["code"] == "rate_limited"
    assert int(resp.headers["Retry-After"]) > 0
    # another client still may
    other = _invite(api, two, addresses(1, 9), environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 201
    assert len(outbox(app)) == 4


@pytest.mark.app_config(MAIL_INVITES_OPEN_DEFAULT="members")
def test_the_open_default_tenant_mails_invites_only_for_a_logged_in_member(
    app, client, make_tenant
):
    api = Api(client)
    made = api.create(settings={"access": "invite"})
    resp = _invite(api, made, ["victim@example.org"])
    assert resp.status_code == 403
    assert "emails" in resp.get_json()["error"]["fields"]
    assert outbox(app) == []
    # invite links without mail still work
    links = api.call(
        "POST", f"/decisions/{made['id']}/invites", {"count": 2}, token=made["admin_token"]
    )
    assert links.status_code == 201
    # a member of the default tenant (a confirmed address) may mail
    member_factory(app)("public", "org@example.org", "organizer")
    log_in(client, "public", "org@example.org")
    assert _invite(api, made, ["friend@example.org"]).status_code == 201
    assert [m["To"] for m in outbox(app)] == ["friend@example.org"]
    # a customer's space (not open to all) mails invites without a log-in
    slug, key = make_tenant("acme")
    acme = Api(app.test_client(), slug)
    theirs = acme.create(settings={"access": "invite"}, token=key)
    assert _invite(acme, theirs, ["a@example.org"]).status_code == 201
