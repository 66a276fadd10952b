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
    assert got["ballot_count"] == 1
    assert got["title"] == ctx["decision"]["decision"]["title"]


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
        db.session.add(Option(decision_id=two_tenants["decision"]["id"], label="nobody"))
        with pytest.raises(TenancyError):
            db.session.flush()
        db.session.rollback()


def test_the_dashboard_and_its_search_count_only_the_tenants_own_decisions(app, client):
    """A new customer space read "32 decisions": the count was a subquery the filter missed."""
    from testkit import log_in, member_factory

    make = member_factory(app)
    make("tenant-a", "anna@example.org")
    make("tenant-b", "bert@example.org")
    a = Api(client, "tenant-a")
    for n in range(3):
        a.create(title=f"Budget round {n}")
    Api(client, "tenant-b").create(title="Budget of B")
    browser = app.test_client()
    log_in(browser, "tenant-b", "bert@example.org")
    page = browser.get("/t/tenant-b/admin/").get_data(as_text=True)
    assert ">1 decision<" in page
    assert "Budget round" not in page
    found = browser.get("/t/tenant-b/admin/?q=Budget+round").get_data(as_text=True)
    assert ">0 decisions<" in found
    found = browser.get("/t/tenant-b/admin/?q=Budget").get_data(as_text=True)
    assert ">1 decision<" in found
    assert "Budget of B" in found


def test_every_query_shape_is_filtered_or_refused(app, two_tenants):
    """Subqueries, CTEs, exists, unions, aliases and joins are filtered at any depth; shapes
    the filter cannot reach (Core tables, text()) fail closed; all_tenants stays explicit."""
    from sqlalchemy.orm import aliased

    from groupdecide.models import Tenant

    did = two_tenants["decision"]["id"]
    with app.app_context():
        b = find_tenant(two_tenants["b"])
        filtered = {
            "count of a subquery": sa.select(sa.func.count()).select_from(
                sa.select(Decision).subquery()
            ),
            "scalar subquery": sa.select(sa.select(sa.func.count(Ballot.id)).scalar_subquery()),
            "exists": sa.select(sa.exists().where(Decision.id == did)),
            "cte": sa.select(sa.func.count()).select_from(sa.select(Option).cte()),
            "union": sa.select(sa.func.count()).select_from(
                sa.union(sa.select(Decision.id), sa.select(Ballot.decision_id)).subquery()
            ),
            "alias": sa.select(sa.func.count(aliased(Decision).id)),
            "correlated per tenant": sa.select(
                sa.func.sum(
                    sa.select(sa.func.count(Decision.id))
                    .where(Decision.tenant_id == Tenant.id)
                    .scalar_subquery()
                )
            ),
            "outer join": sa.select(sa.func.count(Decision.id))
            .select_from(Tenant)
            .outerjoin(Decision, Decision.tenant_id == Tenant.id),
        }
        refused = {
            "core table": sa.select(sa.func.count()).select_from(Decision.__table__),
            "core column": sa.select(Decision.__table__.c.title),
            "core alias": sa.select(Ballot.__table__.alias().c.id),
            "lightweight table": sa.select(sa.func.count()).select_from(sa.table("ballots")),
            "text": sa.text("SELECT count(*) FROM decisions"),
            "text fragment": sa.select(sa.text("count(*)")).select_from(sa.text("options")),
        }
        with tenant_context(b):
            for name, stmt in filtered.items():
                assert db.session.execute(stmt).scalar() in (0, False, None), name
            for name, stmt in refused.items():
                with pytest.raises(TenancyError):
                    db.session.execute(stmt)
                db.session.rollback()
            assert db.session.execute(sa.text("SELECT 1")).scalar() == 1
        everything = sa.select(sa.func.count()).select_from(sa.select(Decision).subquery())
        assert db.session.execute(everything.execution_options(all_tenants=True)).scalar() == 1


def test_session_get_never_hands_out_another_tenants_row(app, two_tenants):
    """``Session.get`` answers from the identity map without SQL: it must still say no."""
    did = two_tenants["decision"]["id"]
    with app.app_context():
        a, b = find_tenant(two_tenants["a"]), find_tenant(two_tenants["b"])
        with tenant_context(a):
            mine = db.session.get(Decision, did)
            assert mine is not None
        with tenant_context(b):  # same session: the row sits in the identity map
            assert db.session.get(Decision, did) is None
            with pytest.raises(sa.exc.NoResultFound):
                db.session.get_one(Decision, did)
        with pytest.raises(TenancyError):
            db.session.get(Decision, did)


def test_core_sql_on_the_sessions_connection_is_refused(app, two_tenants):
    """``db.session.connection().execute`` skips the ORM events: it is guarded all the same."""
    with app.app_context():
        b = find_tenant(two_tenants["b"])
        with tenant_context(b):
            conn = db.session.connection()
            for stmt in (
                sa.select(sa.func.count()).select_from(Decision.__table__),
                sa.select(Ballot.__table__.c.name),
                sa.text("SELECT count(*) FROM options"),
            ):
                with pytest.raises(TenancyError):
                    conn.execute(stmt)
            assert conn.execute(sa.text("SELECT 2")).scalar() == 2
            assert db.session.execute(sa.select(sa.func.count(Decision.id))).scalar() == 0
