"""``flask purge`` deletes decisions closed longer ago than their tenant's retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from testkit import Api

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision


def _age(app, decision_id, **times):
    with app.app_context():
        db.session.execute(
            sa.update(Decision)
            .where(Decision.id == decision_id)
            .values(**times)
            .execution_options(all_tenants=True)
        )
        db.session.commit()


def test_purge_deletes_only_what_is_past_retention(app, runner, client, make_tenant):
    keep_slug, _ = make_tenant("keeper")
    slug, _ = make_tenant("forgetful")
    with app.app_context():
        from groupdecide.services.tenants import find_tenant

        find_tenant(slug).retention_days = 30
        db.session.commit()
    api = Api(client, slug)
    now = datetime.now(UTC)
    old_closed = api.create(title="closed long ago")
    oid = old_closed["decision"]["options"][0]["id"]
    api.cast(old_closed["id"], {oid: 1})
    api.call(
        "PATCH",
        f"/decisions/{old_closed['id']}",
        {"phase": "closed"},
        token=old_closed["admin_token"],
    )
    _age(app, old_closed["id"], updated_at=now - timedelta(days=31))
    expired = api.create(title="closes_at passed long ago")
    _age(app, expired["id"], closes_at=now - timedelta(days=40))
    recent = api.create(title="closed yesterday")
    api.call(
        "PATCH", f"/decisions/{recent['id']}", {"phase": "closed"}, token=recent["admin_token"]
    )
    _age(app, recent["id"], updated_at=now - timedelta(days=1))
    running = api.create(title="still open")
    _age(
        app,
        running["id"],
        created_at=now - timedelta(days=400),
        updated_at=now - timedelta(days=400),
    )
    elsewhere = Api(client, keep_slug).create(title="no retention set")
    _age(app, elsewhere["id"], closes_at=now - timedelta(days=4000))

    dry = runner.invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0
    assert "would delete 2" in dry.output
    assert api.call("GET", f"/decisions/{old_closed['id']}").status_code == 200
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0
    assert "forgetful: deleted 2" in result.output
    gone = [old_closed, expired]
    for d in gone:
        assert api.call("GET", f"/decisions/{d['id']}").status_code == 404
    for d in (recent, running):
        assert api.call("GET", f"/decisions/{d['id']}").status_code == 200
    assert Api(client, keep_slug).call("GET", f"/decisions/{elsewhere['id']}").status_code == 200
    with app.app_context():
        left = db.session.execute(
            sa.select(sa.func.count(Ballot.id))
            .where(Ballot.decision_id == old_closed["id"])
            .execution_options(all_tenants=True)
        )
        assert left.scalar_one() == 0
