"""Every customer is an island: proven over every route, and at the ORM choke point."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from testkit import Api

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Option
from groupdecide.services.tenants import find_tenant
from groupdecide.tenancy import TenancyError, tenant_context


@pytest.fixture
def two_tenants(client, make_tenant):
    slug_a, key_a = make_tenant("tenant-a")
    slug_b, key_b = make_tenant("tenant-b")
    a = Api(client, slug_a)
    d = a.create(labels=("One", "Two"))
    oid = d["decision"]["options"][0]["id"]
    ballot = a.cast(d["id"], {oid: 4})
    return {
        "a": slug_a,
        "b": slug_b,
        "key_a": key_a,
        "key_b": key_b,
        "decision": d,
        "option": oid,
        "ballot": ballot,
    }


def _fill(rule, ctx, token):
    values = {}
    for arg in rule.arguments:
        if arg == "tenant":
            values[arg] = ctx["b"]
        elif arg == "decision_id":
            values[arg] = ctx["decision"]["id"]
        elif arg == "token":
            values[arg] = token
        elif arg == "ballot_id":
            values[arg] = ctx["ballot"]["id"]
        elif arg == "option_id":
            values[arg] = ctx["option"]
        else:
            values[arg] = "x"
    path = rule.rule
    for k, v in values.items():
        path = re.sub(rf"<(?:[a-z]+:)?{k}>", str(v), path)
    return path


def test_every_tenant_route_answers_404_with_another_tenants_ids(app, client, two_tenants):
    ctx = two_tenants
    checked = 0
    for rule in app.url_map.iter_rules():
        if "tenant" not in rule.arguments or "decision_id" not in rule.arguments:
            continue
        for token in (ctx["decision"]["admin_token"], ctx["ballot"]["edit_token"]):
            path = _fill(rule, ctx, token)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                for bearer in (ctx["decision"]["admin_token"], ctx["key_a"], ctx["key_b"]):
                    resp = client.open(
                        path, method=method, json={}, headers={"Authorization": f"Bearer {bearer}"}
                    )
                    assert resp.status_code == 404, (method, path, resp.status_code)
                    checked += 1
    assert checked > 40  # the walk really covered the API and the pages
    # and nothing changed in tenant A
    a = Api(client, ctx["a"])
    got = a.call("GET", f"/decisions/{ctx['decision']['id']}").get_json()
    assert got["ballot_count"] == 1 and got["title"] == ctx["decision"]["decision"]["title"]


def test_unknown_tenant_is_404_on_every_tenant_route(app, client, two_tenants):
    ctx = dict(two_tenants, b="no-such-tenant")
    for rule in app.url_map.iter_rules():
        if "tenant" not in rule.arguments:
            continue
        path = _fill(rule, ctx, ctx["decision"]["admin_token"])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            assert client.open(path, method=method, json={}).status_code == 404, (method, path)


def test_api_key_of_one_tenant_is_refused_at_another(client, two_tenants):
    b = Api(client, two_tenants["b"])
    assert b.call("GET", "/decisions", token=two_tenants["key_a"]).status_code == 401
    items = b.call("GET", "/decisions", token=two_tenants["key_b"]).get_json()["items"]
    assert items == []


def test_orm_reads_are_filtered_to_the_current_tenant(app, two_tenants):
    with app.app_context():
        a, b = find_tenant(two_tenants["a"]), find_tenant(two_tenants["b"])
        with tenant_context(b):
            assert db.session.execute(sa.select(Decision)).scalars().all() == []
            assert db.session.execute(sa.select(sa.func.count(Ballot.id))).scalar_one() == 0
            assert db.session.execute(sa.select(Option)).scalars().all() == []
        with tenant_context(a):
            assert len(db.session.execute(sa.select(Decision)).scalars().all()) == 1


def test_orm_fails_closed_without_a_tenant(app, two_tenants):
    with app.app_context():
        with pytest.raises(TenancyError):
            db.session.execute(sa.select(Decision)).scalars().all()
        db.session.rollback()
        rows = (
            db.session.execute(sa.select(Decision).execution_options(all_tenants=True))
            .scalars()
            .all()
        )
        assert len(rows) == 1


def test_writes_are_guarded(app, two_tenants):
    with app.app_context():
        a, b = find_tenant(two_tenants["a"]), find_tenant(two_tenants["b"])
        with tenant_context(a):
            dec = db.session.execute(sa.select(Decision)).scalar_one()
            dec.tenant_id = b.id
            with pytest.raises(TenancyError):
                db.session.flush()
            db.session.rollback()
        with tenant_context(b):
            db.session.add(
                Option(tenant_id=a.id, decision_id=two_tenants["decision"]["id"], label="sneaky")
            )
            with pytest.raises(TenancyError):
                db.session.flush()
            db.session.rollback()
        with pytest.raises(TenancyError):
            db.session.add(Option(decision_id=two_tenants["decision"]["id"], label="nobody"))
            db.session.flush()
        db.session.rollback()
