"""Plans: the CLI, the effective limits (the tenant's own field, else its plan's), the
operator's pages (plans, a tenant's plan, own host names) and the usage per month (CSV)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
import sqlalchemy as sa
from testkit import PASSWORD, Api, log_in
from web.conftest import Browser, text_of

from groupdecide.extensions import db
from groupdecide.models import Plan, Tenant

HOOK = {"url": "https://93.184.216.34/hook", "events": ["decision.created"]}


def _tenant(app: Any, slug: str) -> Tenant:
    return db.session.execute(sa.select(Tenant).where(Tenant.slug == slug)).scalar_one()


def _plan(app: Any, runner: Any, *args: str) -> None:
    result = runner.invoke(args=["plan", "create", *args])
    assert result.exit_code == 0, result.output


def _assign(runner: Any, slug: str, plan: str) -> None:
    result = runner.invoke(args=["plan", "assign", slug, plan])
    assert result.exit_code == 0, result.output


def _new(api: Api, key: str) -> Any:
    return api.call(
        "POST",
        "/decisions",
        {"title": "More", "method": "consensus", "options": [{"label": "a"}, {"label": "b"}]},
        token=key,
    )


def test_cli_creates_lists_and_assigns_plans(app: Any, runner: Any, make_tenant: Any) -> None:
    slug, _key = make_tenant("club")
    _plan(app, runner, "Small", "--max-open-decisions", "2", "--max-webhooks", "1", "--default")
    _plan(app, runner, "Big", "--max-members", "50", "--custom-host")
    result = runner.invoke(args=["plan", "list", "--json"])
    assert result.exit_code == 0, result.output
    plans = {p["name"]: p for p in json.loads(result.output)}
    assert plans["Small"]["max_open_decisions"] == 2
    assert plans["Small"]["max_ballots"] is None
    assert plans["Small"]["default"] is True
    assert plans["Big"]["custom_host"] is True
    assert plans["Big"]["max_members"] == 50
    # a second default takes the mark from the first
    _plan(app, runner, "Other", "--default")
    plans = {
        p["name"]: p for p in json.loads(runner.invoke(args=["plan", "list", "--json"]).output)
    }
    assert plans["Small"]["default"] is False
    assert plans["Other"]["default"] is True
    # taken names, bad numbers and unknown plans or tenants are refused
    assert runner.invoke(args=["plan", "create", "Small"]).exit_code == 1
    assert runner.invoke(args=["plan", "create", "X", "--max-ballots", "-1"]).exit_code != 0
    assert runner.invoke(args=["plan", "assign", slug, "Nope"]).exit_code == 1
    assert runner.invoke(args=["plan", "assign", "no-such", "Small"]).exit_code == 1
    _assign(runner, slug, "Big")
    with app.app_context():
        tenant = _tenant(app, slug)
        assert (
            tenant.plan_id
            == db.session.execute(sa.select(Plan.id).where(Plan.name == "Big")).scalar_one()
        )
    _assign(runner, slug, "none")
    with app.app_context():
        assert _tenant(app, slug).plan_id is None


def test_the_plan_limits_where_the_tenant_sets_nothing_and_its_own_field_wins(
    app: Any, client: Any, runner: Any, make_tenant: Any
) -> None:
    slug, key = make_tenant("club")
    api = Api(client, slug)
    _plan(app, runner, "Tiny", "--max-open-decisions", "1", "--max-ballots", "1")
    _assign(runner, slug, "Tiny")
    d = api.create(token=key)
    refused = _new(api, key)
    assert refused.status_code == 403
    assert "at most 1 open decision" in refused.get_json()["error"]["message"]
    oid = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {oid: 1})
    api.cast(d["id"], {oid: 2}, name="Bert", expect=403)
    # the tenant's own field overrides its plan
    with app.app_context():
        _tenant(app, slug).max_open_decisions = 3
        db.session.commit()
    assert _new(api, key).status_code == 201


def test_max_webhooks_of_the_plan_replaces_the_setting(
    app: Any, client: Any, runner: Any, make_tenant: Any
) -> None:
    slug, key = make_tenant("club")
    api = Api(client, slug)
    _plan(app, runner, "OneHook", "--max-webhooks", "1")
    _assign(runner, slug, "OneHook")
    assert api.call("POST", "/webhooks", HOOK, token=key).status_code == 201
    second = api.call("POST", "/webhooks", {**HOOK, "url": "https://93.184.216.34/b"}, token=key)
    assert second.status_code == 403
    _assign(runner, slug, "none")  # back to WEBHOOKS_MAX (10)
    again = api.call("POST", "/webhooks", {**HOOK, "url": "https://93.184.216.34/c"}, token=key)
    assert again.status_code == 201


def test_max_mails_per_day_of_the_plan_caps_invitation_mails(
    app: Any, client: Any, runner: Any, make_tenant: Any
) -> None:
    slug, key = make_tenant("club")
    api = Api(client, slug)
    _plan(app, runner, "FewMails", "--max-mails-per-day", "2")
    _assign(runner, slug, "FewMails")
    d = api.create(token=key)
    path = f"/decisions/{d['id']}/invites"
    ok = api.call(
        "POST", path, {"emails": ["a@example.org", "b@example.org"]}, token=d["admin_token"]
    )
    assert ok.status_code == 201, ok.get_json()
    refused = api.call("POST", path, {"emails": ["c@example.org"]}, token=d["admin_token"])
    assert refused.status_code == 403
    assert "2 invitations by mail a day" in refused.get_json()["error"]["message"]


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


def test_operator_plans_pages_create_edit_and_assign(app: Any, make_tenant: Any) -> None:
    slug, _key = make_tenant("club")
    op = _operator(app)
    assert "No plan yet." in text_of(op.page("/operator/plans"))
    bad = op.post("/operator/plans", data={"name": "", "max_ballots": "²"})
    assert bad.status_code == 422
    text = text_of(bad.get_data(as_text=True))
    assert "Give the plan a name of 1 to 60 characters." in text
    assert "Give a whole number." in text
    huge = op.post("/operator/plans", data={"name": "Huge", "max_ballots": "1" + "0" * 20})
    assert huge.status_code == 422
    resp = op.post(
        "/operator/plans",
        data={"name": "Basic", "max_open_decisions": "5", "max_members": "", "is_default": "1"},
    )
    assert resp.status_code == 303
    page = text_of(op.page("/operator/plans"))
    assert "Basic (default)" in page
    with app.app_context():
        plan = db.session.execute(sa.select(Plan)).scalar_one()
        plan_id = plan.id
        assert plan.max_open_decisions == 5
        assert plan.max_members is None
    taken = op.post("/operator/plans", data={"name": "Basic"})
    assert taken.status_code == 422
    assert "A plan with this name exists already." in text_of(taken.get_data(as_text=True))
    resp = op.post(f"/operator/plans/{plan_id}", data={"name": "Basic", "max_open_decisions": "7"})
    assert resp.status_code == 303
    with app.app_context():
        assert db.session.get(Plan, plan_id).max_open_decisions == 7
    assert op.get("/operator/plans/999999").status_code == 404
    assert op.get("/operator/plans/x").status_code == 404
    # a tenant's plan, and own host names only where the plan allows them
    assert 'name="plan_id"' in op.page(f"/operator/tenants/{slug}")
    resp = op.post(f"/operator/tenants/{slug}/plan", data={"plan_id": str(plan_id)})
    assert resp.status_code == 303
    host = {"max_open_decisions": "", "max_ballots": "", "max_members": ""}
    refused = op.post(f"/operator/tenants/{slug}", data={**host, "custom_domain": "vote.club.org"})
    assert refused.status_code == 422
    assert "does not include its own host name" in text_of(refused.get_data(as_text=True))
    op.post(f"/operator/plans/{plan_id}", data={"name": "Basic", "custom_host": "1"})
    allowed = op.post(f"/operator/tenants/{slug}", data={**host, "custom_domain": "vote.club.org"})
    assert allowed.status_code == 303
    with app.app_context():
        assert _tenant(app, slug).custom_domain == "vote.club.org"


def test_operator_plan_pages_need_the_operator(app: Any, make_member: Any) -> None:
    make_member("club", "owner@example.org")
    b = Browser(app)
    log_in(b.client, "club", "owner@example.org")
    assert b.get("/operator/plans").status_code == 403
    assert b.get("/operator/usage.csv").status_code == 403


@pytest.mark.app_config(OPERATOR_EMAIL="ops@coop.example")
def test_tenant_dashboard_shows_plan_usage_and_how_to_ask(
    app: Any, runner: Any, make_member: Any
) -> None:
    make_member("club", "owner@example.org")
    _plan(app, runner, "Starter", "--max-open-decisions", "3", "--max-webhooks", "2")
    _assign(runner, "club", "Starter")
    b = Browser(app)
    log_in(b.client, "club", "owner@example.org")
    b.post(
        "/t/club/new",
        data={
            "method": "consensus",
            "title": "First",
            "option": ["A", "B"],
            "start_phase": "voting",
            "results": "public",
        },
    )
    page = b.page("/t/club/admin/")
    text = text_of(page)
    assert "Plan: Starter" in text
    assert "Open decisions 1 3" in text
    assert "Webhooks 0 2" in text
    assert "Members 1 no limit" in text
    assert 'href="mailto:ops@coop.example?subject=' in page
    assert "Invite a colleague not done yet" in text
    assert "Start the first decision done" in text


def test_tenant_dashboard_without_operator_address_says_whom_to_ask(
    app: Any, make_member: Any
) -> None:
    make_member("club", "owner@example.org")
    b = Browser(app)
    log_in(b.client, "club", "owner@example.org")
    text = text_of(b.page("/t/club/admin/"))
    assert "Plan: none" in text
    assert "For another plan, ask the operator of this service." in text


def test_usage_per_month_as_page_and_csv(app: Any, client: Any, make_tenant: Any) -> None:
    slug, key = make_tenant("club")
    api = Api(client, slug)
    d = api.create(token=key)
    oid = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {oid: 1})
    api.cast(d["id"], {oid: 2}, name="Bert")
    api.call(
        "POST",
        f"/decisions/{d['id']}/invites",
        {"emails": ["a@example.org"]},
        token=d["admin_token"],
    )
    with app.app_context():
        with_name = _tenant(app, slug)
        with_name.name = "=HYPERLINK(evil)"
        db.session.commit()
        from groupdecide.services.times import now

        month = now().strftime("%Y-%m")
    op = _operator(app)
    text = text_of(op.page(f"/operator/usage?month={month}"))
    assert "club – 1 2 1" in text
    resp = op.get(f"/operator/usage.csv?month={month}")
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    assert f"usage-{month}.csv" in resp.headers["Content-Disposition"]
    rows = {r["tenant"]: r for r in csv.DictReader(io.StringIO(resp.get_data(as_text=True)))}
    assert rows["club"] == {
        "month": month,
        "tenant": "club",
        "name": "'=HYPERLINK(evil)",
        "plan": "",
        "decisions": "1",
        "ballots": "2",
        "mails": "1",
    }
    earlier = op.get("/operator/usage.csv?month=2001-01")
    rows = {r["tenant"]: r for r in csv.DictReader(io.StringIO(earlier.get_data(as_text=True)))}
    assert rows["club"]["decisions"] == "0"
    for bad in ("2026-13", "26-01", "2026-1", "x", "2026-01\x00"):
        assert op.get("/operator/usage.csv", query_string={"month": bad}).status_code == 400
