"""Migration 0008: subscriptions of anonymous decisions written before it, numbered in the
order of the ballots beside them, get random ids; the digest counter of anonymous decisions
becomes a count (their new ballot ids are random)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import upgrade
from test_schema_upgrade import blank_app  # noqa: F401 (the fixture)

from groupdecide.extensions import db
from groupdecide.security import hash_token


def test_0008_renumbers_the_subscriptions_of_anonymous_decisions(blank_app):  # noqa: F811
    app = blank_app
    now = datetime.now(UTC).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    with app.app_context():
        upgrade(revision="0007")
        with db.engine.begin() as conn:
            tid = conn.execute(sa.text("select id from tenants where slug='public'")).scalar_one()
            for did, anonymous in (("anonymous001", True), ("named0000001", False)):
                conn.execute(
                    sa.text(
                        "insert into decisions (id, tenant_id, title, description, conditions,"
                        " method, phase, settings, admin_token_hash, created_at, updated_at,"
                        " digest_ballot_id) values (:d, :t, 'Q', '', '', 'consensus', 'voting',"
                        " :s, :h, :n, :n, :top)"
                    ),
                    {
                        "d": did,
                        "t": tid,
                        "s": json.dumps({"anonymous": anonymous}),
                        "h": hash_token(f"admin-{did}"),
                        "n": now,
                        "top": 0,
                    },
                )
            ids = {}
            for did in ("anonymous001", "named0000001"):
                ids[did] = []
                for i in range(3):
                    ids[did].append(
                        conn.execute(
                            sa.text(
                                "insert into ballots (tenant_id, decision_id, answers,"
                                " edit_token_hash, created_at, updated_at)"
                                " values (:t, :d, :a, :h, :n, :n) returning id"
                            ),
                            {"t": tid, "d": did, "a": "{}", "h": hash_token(f"{did}{i}"), "n": now},
                        ).scalar_one()
                    )
                    conn.execute(
                        sa.text(
                            "insert into subscriptions (tenant_id, decision_id, email, created_at)"
                            " values (:t, :d, :e, :n)"
                        ),
                        {"t": tid, "d": did, "e": f"p{i}@{did}.example", "n": now},
                    )
            # the last digest reported the first two ballots of the anonymous decision
            conn.execute(
                sa.text("update decisions set digest_ballot_id = :top where id = 'anonymous001'"),
                {"top": ids["anonymous001"][1]},
            )
            before = dict(conn.execute(sa.text("select email, id from subscriptions")).all())
        upgrade(revision="0008")
        with db.engine.begin() as conn:
            after = dict(conn.execute(sa.text("select email, id from subscriptions")).all())
            digest = conn.execute(
                sa.text("select digest_ballot_id from decisions where id = 'anonymous001'")
            ).scalar_one()
    anonymous = [e for e in after if "anonymous001" in e]
    named = [e for e in after if "named0000001" in e]
    assert len(anonymous) == len(named) == 3
    assert all(after[e] >= 2**30 for e in anonymous)  # random, no longer 1, 2, 3 in order
    assert all(after[e] == before[e] for e in named)  # named decisions are left alone
    assert digest == 2  # two ballots were reported
