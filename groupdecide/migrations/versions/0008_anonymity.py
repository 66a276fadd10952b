"""anonymity: data only, no schema change

Outcome subscriptions of anonymous decisions were numbered in the order of the ballots cast
beside them, so their ids matched ballots to addresses. They get random ids now (new ones
are written that way, see ``services.ballots``), and the digest counter of anonymous
decisions becomes a count of ballots (their new ballot ids are random, not increasing).

Revision ID: 0008
Revises: 0007
"""

import json
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# the range of services.ballots.RANDOM_ID_RANGE (a migration does not import the app)
LOW, HIGH = 2**30, 2**31 - 2**28


def _anonymous_decisions(bind):
    rows = bind.execute(sa.text("SELECT id, settings, digest_ballot_id FROM decisions")).all()
    out = []
    for decision_id, settings, digest in rows:
        if isinstance(settings, str):
            try:
                settings = json.loads(settings)
            except ValueError:
                settings = {}
        if isinstance(settings, dict) and settings.get("anonymous") is True:
            out.append((decision_id, digest or 0))
    return out


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # 0005 forces row-level security, which binds a table owner too: this data pass is the
        # operator's, across every tenant (reset at the end of upgrade)
        bind.execute(sa.text("SELECT set_config('groupdecide.all_tenants', 'on', true)"))
    taken = {r[0] for r in bind.execute(sa.text("SELECT id FROM subscriptions")).all()}
    for decision_id, digest in _anonymous_decisions(bind):
        ids = [
            r[0]
            for r in bind.execute(
                sa.text("SELECT id FROM subscriptions WHERE decision_id = :d"), {"d": decision_id}
            ).all()
        ]
        for old in ids:
            new = LOW + secrets.randbelow(HIGH - LOW)
            while new in taken:
                new = LOW + secrets.randbelow(HIGH - LOW)
            taken.add(new)
            bind.execute(
                sa.text("UPDATE subscriptions SET id = :new WHERE id = :old"),
                {"new": new, "old": old},
            )
        reported = bind.execute(
            sa.text("SELECT count(*) FROM ballots WHERE decision_id = :d AND id <= :top"),
            {"d": decision_id, "top": digest},
        ).scalar_one()
        bind.execute(
            sa.text("UPDATE decisions SET digest_ballot_id = :n WHERE id = :d"),
            {"n": int(reported), "d": decision_id},
        )
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("SELECT set_config('groupdecide.all_tenants', 'off', true)"))


def downgrade():
    # Random ids stay valid ids and nothing can restore the old order (that is the point);
    # the digest counter of anonymous decisions stays a count.
    pass
