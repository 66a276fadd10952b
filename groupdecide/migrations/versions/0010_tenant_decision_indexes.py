"""tenant indexes: (tenant_id, parent key) composites; the tenant-only indexes they cover go

The tenant filter adds ``tenant_id = ?`` to every query of a tenant-scoped table. With one
index on ``tenant_id`` and another on ``decision_id``, SQLite without statistics (a fresh
database has none, and nothing here runs ANALYZE) used the tenant's: every per-decision
query read all of the tenant's rows (28 to 37 ms at 148,000 ballots). A composite index that
starts with ``tenant_id`` and goes on with the key the query selects by matches both
predicates, so it is the planner's choice with or without statistics, on both databases.

No ANALYZE here: on a fresh database the tables are empty, and statistics taken now would
go stale as they fill (SQLite never refreshes them by itself); the schema alone must make
the right plan the obvious one (``tests/test_query_plans.py`` checks it without statistics).

The composites serve every query the tenant-only indexes served (listings, counts, the
tenant's export and delete, the ON DELETE CASCADE from ``tenants``), so those are dropped:
one index fewer to write per row. Kept: the ``decision_id`` indexes (the ON DELETE CASCADE
from ``decisions`` looks children up by ``decision_id`` alone), the tenant-only indexes of
``invitations`` and ``api_keys`` (looked up by unique token hashes or listed per tenant).
``memberships`` is served by its unique (tenant_id, user_id), ``mail_records`` by its
(tenant_id, created_at). New: ``options.variant_of`` (deleting an option sets its variants'
``variant_of`` to NULL, which scanned the whole table once per deleted option).

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# (table, name, columns) created by this migration
CREATED = [
    ("decisions", "ix_decisions_tenant_id_created_at", ["tenant_id", "created_at", "id"]),
    ("options", "ix_options_tenant_id_decision_id", ["tenant_id", "decision_id"]),
    ("options", "ix_options_variant_of", ["variant_of"]),
    ("ballots", "ix_ballots_tenant_id_decision_id", ["tenant_id", "decision_id"]),
    ("invites", "ix_invites_tenant_id_decision_id", ["tenant_id", "decision_id"]),
    ("decision_log", "ix_decision_log_tenant_id_decision_id", ["tenant_id", "decision_id"]),
    ("comments", "ix_comments_tenant_id_decision_id", ["tenant_id", "decision_id"]),
    ("subscriptions", "ix_subscriptions_tenant_id_decision_id", ["tenant_id", "decision_id"]),
]

# the tenant-only indexes an index above (or a unique constraint) starts with
DROPPED = [
    "decisions",
    "options",
    "ballots",
    "invites",
    "decision_log",
    "comments",
    "subscriptions",
    "memberships",
    "mail_records",
]


def upgrade():
    # the new ones first: no moment without an index that starts with tenant_id
    for table, name, columns in CREATED:
        op.create_index(name, table, columns)
    for table in DROPPED:
        op.drop_index(f"ix_{table}_tenant_id", table_name=table)


def downgrade():
    for table in DROPPED:
        op.create_index(f"ix_{table}_tenant_id", table, ["tenant_id"])
    for table, name, _columns in reversed(CREATED):
        op.drop_index(name, table_name=table)
