"""Every customer is an island, with accounts: a member of A gets nothing of B on any route;
A's API key is refused at B; A's export holds nothing of B; a disabled tenant says so."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from testkit import Api, log_in

B_SECRET = "Bravo confidential question"


@pytest.fixture
def world(app, client, make_member):
    make_member("alpha", "anna@example.org")
    make_member("bravo", "bert@example.org")
    make_member("bravo", "bea@example.org", role="organizer")
    a_client = app.test_client()
    log_in(a_client, "alpha", "anna@example.org")
    b = Api(app.test_client(), "bravo")
    d = b.create(title=B_SECRET)
    oid = d["decision"]["options"][0]["id"]
    ballot = b.cast(d["id"], {oid: 3}, name="Bravo voter")
    from groupdecide.extensions import db
    from groupdecide.models import ApiKey, Invitation, Membership
    from groupdecide.services import memberships
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import tenant_context

    with app.app_context():
        bravo = find_tenant("bravo")
        with tenant_context(bravo):
            memberships.invite(bravo, "newbie@example.org", "organizer", None)
            db.session.commit()
            ids = {
                "member_id": db.session.execute(db.select(Membership.id)).scalars().first(),
                "invitation_id": db.session.execute(db.select(Invitation.id)).scalar_one(),
                "key_id": db.session.execute(db.select(ApiKey.id)).scalars().first(),
            }
    return {"a": a_client, "decision": d, "option": oid, "ballot": ballot, **ids}


def _fill(rule, world, tenant):
    values = {
        "tenant": tenant,
        "decision_id": world["decision"]["id"],
        "token": "x" * 32,
        "ballot_id": world["ballot"]["id"],
        "option_id": world["option"],
        "member_id": world["member_id"],
        "invitation_id": world["invitation_id"],
        "key_id": world["key_id"],
    }
    path = rule.rule
    for arg in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{arg}>", str(values.get(arg, "x")), path)
    return path


def test_a_member_of_alpha_gets_nothing_of_bravo_on_any_route(app, world):
    """Logged in as alpha's owner, every route under /t/alpha with bravo's ids answers 404
    (or 403/a redirect to log in), and no answer carries bravo's data."""
    client = world["a"]
    checked = 0
    for rule in app.url_map.iter_rules():
        if "tenant" not in rule.arguments or rule.endpoint == "auth.logout":
            continue
        for tenant in ("alpha", "bravo"):
            path = _fill(rule, world, tenant)
            has_b_ids = any(
                a in rule.arguments for a in ("decision_id", "member_id", "invitation_id", "key_id")
            )
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if rule.endpoint.startswith("api."):
                    resp = client.open(path, method=method, json={})
                else:
                    resp = client.open(path, method=method, data={"role": "owner", "name": "x"})
                if resp.mimetype == "application/zip":  # the owner's export: its files
                    archive = zipfile.ZipFile(io.BytesIO(resp.data))
                    body = " ".join(archive.read(n).decode() for n in archive.namelist())
                else:
                    body = resp.get_data(as_text=True)
                checked += 1
                if tenant == "bravo" and rule.endpoint.startswith(("public.", "api.")):
                    continue  # bravo's participation pages are open to anyone with the link
                assert B_SECRET not in body, (method, path)
                assert "bert@example.org" not in body, (method, path)
                assert "bea@example.org" not in body
                assert "Bravo voter" not in body
                assert "newbie@example.org" not in body, (method, path)
                if tenant == "alpha" and has_b_ids:
                    assert resp.status_code == 404, (method, path, resp.status_code)
                if tenant == "bravo" and "/admin" in path and "/d/" not in path:
                    assert resp.status_code in (303, 403, 404), (method, path)
    assert checked > 80
    # and bravo is untouched
    b = Api(app.test_client(), "bravo")
    got = b.call("GET", f"/decisions/{world['decision']['id']}").get_json()
    assert got["title"] == B_SECRET
    assert got["ballot_count"] == 1
    assert got["phase"] == "voting"


def test_a_member_of_alpha_is_not_an_organizer_of_bravos_decisions(app, world):
    page = world["a"].get(f"/t/bravo/d/{world['decision']['id']}").get_data(as_text=True)
    assert f"/t/bravo/d/{world['decision']['id']}/admin" not in page
    assert world["a"].get(f"/t/bravo/d/{world['decision']['id']}/admin").status_code == 403


def test_an_api_key_of_alpha_is_refused_at_bravo(app, world, make_tenant, client):
    _slug, key = make_tenant("charlie")
    api = Api(client, "bravo")
    did = world["decision"]["id"]
    assert api.call("GET", "/decisions", token=key).status_code == 401
    assert api.call("PATCH", f"/decisions/{did}", {"title": "x"}, token=key).status_code == 401
    assert api.call("DELETE", f"/decisions/{did}", token=key).status_code == 401


def test_the_export_of_alpha_holds_nothing_of_bravo(app, runner, world):
    Api(app.test_client(), "alpha").create(title="Alpha question")
    result = runner.invoke(args=["tenant", "export", "alpha"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["title"] for d in data["decisions"]] == ["Alpha question"]
    assert [u["email"] for u in data["users"]] == ["anna@example.org"]
    text = result.output
    for secret in (
        B_SECRET,
        "bert@example.org",
        "bea@example.org",
        "newbie@example.org",
        "Bravo voter",
        world["decision"]["id"],
    ):
        assert secret not in text


def test_a_disabled_tenant_shows_a_clear_page_and_404_in_the_api(app, runner, world):
    assert runner.invoke(args=["tenant", "disable", "bravo"]).exit_code == 0
    did = world["decision"]["id"]
    page = app.test_client().get(f"/t/bravo/d/{did}")
    assert page.status_code == 404
    assert "switched off" in page.get_data(as_text=True)
    assert B_SECRET not in page.get_data(as_text=True)
    resp = app.test_client().get(f"/t/bravo/api/v1/decisions/{did}")
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"
    assert "switched off" not in resp.get_data(as_text=True)
    assert runner.invoke(args=["tenant", "enable", "bravo"]).exit_code == 0
    assert app.test_client().get(f"/t/bravo/d/{did}").status_code == 200
