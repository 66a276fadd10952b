"""The dashboard of all decisions, members acting as organizers, and the tenant's limits."""

from __future__ import annotations

import re

from testkit import Api
from web.conftest import Browser, text_of

from .conftest import log_in


def test_dashboard_lists_searches_filters_and_pages(app, make_member):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    log_in(b.client, "acme", "olga@example.org")
    api = Api(app.test_client(), "acme")  # created by link, without an account
    for i in range(27):
        api.create(title=f"Outing {i:02d}")
    closed = api.create(title="Budget 2031")
    api.call(
        "PATCH", f"/decisions/{closed['id']}", {"phase": "closed"}, token=closed["admin_token"]
    )
    page = b.page("/t/acme/admin/")
    assert "28 decisions" in text_of(page)
    assert "Page 1 of 2" in text_of(page)
    assert "Budget 2031" in page
    assert "Outing 00" not in page
    assert "Outing 00" in b.page("/t/acme/admin/?page=2")
    found = b.page("/t/acme/admin/?q=budget")
    assert "1 decision" in text_of(found)
    assert "Budget 2031" in found
    only_closed = b.page("/t/acme/admin/?phase=closed")
    assert "Budget 2031" in only_closed
    assert "Outing 01" not in only_closed
    assert "Budget 2031" not in b.page("/t/acme/admin/?phase=voting")


def test_members_see_my_decisions_and_open_every_admin_page(app, make_member):
    make_member("acme", "olga@example.org")
    make_member("acme", "mia@example.org", role="organizer")
    mia = Browser(app)
    log_in(mia.client, "acme", "mia@example.org")
    mine = Api(mia.client, "acme").create(title="Question of Mia")
    Api(app.test_client(), "acme").create(title="Someone elses")
    page = mia.page("/t/acme/admin/?mine=1")
    assert "Question of Mia" in page
    assert "Someone else" not in page
    everything = mia.page("/t/acme/admin/")
    assert "mia@example.org" in everything
    assert "by link" in everything
    # a member is treated as organizer of every decision of the tenant
    other = re.search(r'/t/acme/d/([\w-]+)/admin"[^>]*>Someone else', everything).group(1)
    participate = mia.page(f"/t/acme/d/{other}")
    assert f"/t/acme/d/{other}/admin" in participate
    assert mine["decision"]["id"]


def test_admin_area_needs_a_login_and_a_membership(app, make_member):
    make_member("acme", "olga@example.org")
    make_member("other", "otto@example.org")
    anonymous = Browser(app)
    resp = anonymous.get("/t/acme/admin/settings")
    assert resp.status_code == 303
    assert "/t/acme/login" in resp.headers["Location"]
    otto = Browser(app)
    log_in(otto.client, "other", "otto@example.org")
    assert otto.get("/t/acme/admin/").status_code == 403


def _limits(app, slug, **values):
    from groupdecide.extensions import db
    from groupdecide.services.tenants import find_tenant

    with app.app_context():
        tenant = find_tenant(slug)
        for k, v in values.items():
            setattr(tenant, k, v)
        db.session.commit()


def test_limits_answer_403_naming_the_limit(app, make_tenant, client, make_member):
    slug, _key = make_tenant("small")
    _limits(app, slug, max_open_decisions=2, max_ballots=1, max_members=1)
    api = Api(client, slug)
    d = api.create()
    api.create()
    resp = api.call(
        "POST",
        "/decisions",
        {"title": "third", "method": "consensus", "options": [{"label": "a"}, {"label": "b"}]},
    )
    body = resp.get_json()
    assert resp.status_code == 403
    assert body["error"]["code"] == "forbidden"
    assert "open decisions" in body["error"]["message"]
    # the web form says so too
    page = Browser(app).post(
        f"/t/{slug}/new",
        data={
            "method": "consensus",
            "title": "Third",
            "option": ["A", "B"],
            "passive_label": "Nothing",
            "start_phase": "voting",
            "results": "public",
        },
    )
    assert page.status_code in (403, 422)
    assert "open decisions" in text_of(page.get_data(as_text=True))
    # closing one frees a place
    api.call("PATCH", f"/decisions/{d['id']}", {"phase": "voting"}, token=d["admin_token"])
    oid = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {oid: 1})
    resp = api.call(
        "POST", f"/decisions/{d['id']}/ballots", {"name": "Ben", "answers": {str(oid): 2}}
    )
    assert resp.status_code == 403
    assert "ballots per decision" in resp.get_json()["error"]["message"]
    # members: one owner already fills the plan, so an invitation is refused
    make_member(slug, "olga@example.org")
    owner = Browser(app)
    log_in(owner.client, slug, "olga@example.org")
    resp = owner.post(
        f"/t/{slug}/admin/members/invite", data={"email": "x@example.org", "role": "organizer"}
    )
    assert resp.status_code == 403
    assert "members" in text_of(resp.get_data(as_text=True))


def test_member_steers_a_decision_without_its_admin_link(app, make_member):
    make_member("acme", "olga@example.org")
    created = Api(app.test_client(), "acme").create(title="Made by link")
    did = created["id"]
    stranger = Browser(app)
    assert stranger.get(f"/t/acme/d/{did}/admin").status_code == 403
    olga = Browser(app)
    log_in(olga.client, "acme", "olga@example.org")
    page = olga.page(f"/t/acme/d/{did}/admin")
    assert "Made by link" in page
    assert created["admin_token"] not in page  # only its hash is kept; no link to show
    resp = olga.client.post(f"/t/acme/d/{did}/admin/phase", data={"phase": "closed"})
    assert resp.status_code in (200, 303)
    got = Api(app.test_client(), "acme").call("GET", f"/decisions/{did}").get_json()
    assert got["phase"] == "closed"


def test_members_policy_lets_members_create_on_the_web(app, make_member):
    make_member("closed-shop", "olga@example.org", policy="members")
    outsider = Browser(app)
    assert outsider.get("/t/closed-shop/new").status_code == 403
    olga = Browser(app)
    log_in(olga.client, "closed-shop", "olga@example.org")
    assert olga.get("/t/closed-shop/new").status_code == 200
    resp = olga.client.post(
        "/t/closed-shop/new",
        data={
            "method": "consensus",
            "title": "Members only",
            "option": ["A", "B"],
            "passive_label": "Nothing changes",
            "start_phase": "voting",
            "results": "public",
        },
    )
    assert resp.status_code == 303, text_of(resp.get_data(as_text=True))[:500]


def test_create_form_starts_from_the_tenants_defaults(app, make_member):
    make_member("acme", "olga@example.org")
    _limits(app, "acme", default_results="after_close", default_anonymous=True)
    page = Browser(app).page("/t/acme/new")
    assert re.search(r'<option value="after_close"\s+selected', page) or re.search(
        r'value="after_close" selected', page
    )
    assert re.search(r'name="anonymous" value="1"\s*checked', page)


def test_dashboard_filters_by_the_phase_a_decision_reads(app, make_member):
    from datetime import UTC, datetime, timedelta

    from groupdecide.extensions import db
    from groupdecide.models import Decision
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import tenant_context

    make_member("acme", "olga@example.org")
    api = Api(app.test_client(), "acme")
    started = api.create(title="Started by itself", settings={"start_phase": "collecting"})
    waiting = api.create(title="Still collecting", settings={"start_phase": "collecting"})
    with app.app_context(), tenant_context(find_tenant("acme")):
        past = datetime.now(UTC) - timedelta(minutes=5)
        db.session.get(Decision, started["id"]).voting_starts_at = past
        db.session.get(Decision, waiting["id"]).voting_starts_at = past + timedelta(days=2)
        db.session.commit()
    b = Browser(app)
    log_in(b.client, "acme", "olga@example.org")
    voting = b.page("/t/acme/admin/?phase=voting")
    collecting = b.page("/t/acme/admin/?phase=collecting")
    assert "Started by itself" in voting
    assert "Started by itself" not in collecting
    assert "Still collecting" in collecting
    assert "Still collecting" not in voting
