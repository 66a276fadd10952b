"""rounds and meetings: earlier rounds, retired ballots, hand counts, viewer links, support
marks, receipts, comments per proposal, merged proposals; webhooks and their deliveries

Every new table carries ``tenant_id`` and gets the row-level policy of 0005 on PostgreSQL.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from groupdecide import rls

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

JSONB = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

NEW_TABLES = [
    "decision_rounds",
    "hand_counts",
    "retired_ballots",
    "supports",
    "viewer_links",
    "webhook_deliveries",
    "webhooks",
]


def upgrade():
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("events", JSONB, nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_webhooks_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhooks")),
    )
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.create_index("ix_webhooks_tenant_id", ["tenant_id"], unique=False)

    op.create_table(
        "decision_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=24), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ballot_count", sa.Integer(), nullable=False),
        sa.Column("winners", JSONB, nullable=False),
        sa.Column("result", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_rounds_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_decision_rounds_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_rounds")),
        sa.UniqueConstraint("decision_id", "round", name="uq_decision_rounds_decision_round"),
    )
    with op.batch_alter_table("decision_rounds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_rounds_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(
            "ix_decision_rounds_tenant_id_decision_id", ["tenant_id", "decision_id"], unique=False
        )

    op.create_table(
        "hand_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=24), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("counts", JSONB, nullable=True),
        sa.Column("ballots", JSONB, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_hand_counts_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_hand_counts_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hand_counts")),
    )
    with op.batch_alter_table("hand_counts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hand_counts_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(
            "ix_hand_counts_tenant_id_decision_id", ["tenant_id", "decision_id"], unique=False
        )

    op.create_table(
        "retired_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=24), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("answers", JSONB, nullable=False),
        sa.Column("vetoes", JSONB, nullable=True),
        sa.Column("receipt", sa.String(length=32), nullable=True),
        sa.Column("edit_token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_retired_ballots_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_retired_ballots_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retired_ballots")),
        sa.UniqueConstraint("edit_token_hash", name=op.f("uq_retired_ballots_edit_token_hash")),
    )
    with op.batch_alter_table("retired_ballots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retired_ballots_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(
            "ix_retired_ballots_tenant_id_decision_id", ["tenant_id", "decision_id"], unique=False
        )

    op.create_table(
        "viewer_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=24), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_viewer_links_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_viewer_links_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_viewer_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_viewer_links_token_hash")),
    )
    with op.batch_alter_table("viewer_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_viewer_links_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(
            "ix_viewer_links_tenant_id_decision_id", ["tenant_id", "decision_id"], unique=False
        )

    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_webhook_deliveries_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["webhook_id"],
            ["webhooks.id"],
            name=op.f("fk_webhook_deliveries_webhook_id_webhooks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_deliveries_status_next_try_at", ["status", "next_try_at"], unique=False
        )
        batch_op.create_index(
            "ix_webhook_deliveries_tenant_id_webhook_id", ["tenant_id", "webhook_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_webhook_deliveries_webhook_id"), ["webhook_id"], unique=False
        )

    op.create_table(
        "supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=24), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("marker", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_supports_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["options.id"],
            name=op.f("fk_supports_option_id_options"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_supports_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supports")),
        sa.UniqueConstraint("option_id", "marker", name="uq_supports_option_marker"),
    )
    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supports_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(
            "ix_supports_tenant_id_decision_id", ["tenant_id", "decision_id"], unique=False
        )

    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt", sa.String(length=32), nullable=True))

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("option_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_comments_option_id"), ["option_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_comments_option_id_options"),
            "options",
            ["option_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(
            sa.Column("support_applied", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("options", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch_op.create_index("ix_options_merged_into", ["merged_into"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_options_merged_into_options"),
            "options",
            ["merged_into"],
            ["id"],
            ondelete="SET NULL",
        )

    # the new tenant-scoped tables get the policy of 0005 (PostgreSQL; nothing on SQLite)
    rls.install(op.get_bind(), NEW_TABLES)


def downgrade():
    rls.uninstall(op.get_bind(), NEW_TABLES)
    with op.batch_alter_table("options", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_options_merged_into_options"), type_="foreignkey")
        batch_op.drop_index("ix_options_merged_into")
        batch_op.drop_column("merged_into")

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("support_applied")
        batch_op.drop_column("round")

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_comments_option_id_options"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_comments_option_id"))
        batch_op.drop_column("option_id")

    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_column("receipt")

    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.drop_index("ix_supports_tenant_id_decision_id")
        batch_op.drop_index(batch_op.f("ix_supports_decision_id"))

    op.drop_table("supports")
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_deliveries_webhook_id"))
        batch_op.drop_index("ix_webhook_deliveries_tenant_id_webhook_id")
        batch_op.drop_index("ix_webhook_deliveries_status_next_try_at")

    op.drop_table("webhook_deliveries")
    with op.batch_alter_table("viewer_links", schema=None) as batch_op:
        batch_op.drop_index("ix_viewer_links_tenant_id_decision_id")
        batch_op.drop_index(batch_op.f("ix_viewer_links_decision_id"))

    op.drop_table("viewer_links")
    with op.batch_alter_table("retired_ballots", schema=None) as batch_op:
        batch_op.drop_index("ix_retired_ballots_tenant_id_decision_id")
        batch_op.drop_index(batch_op.f("ix_retired_ballots_decision_id"))

    op.drop_table("retired_ballots")
    with op.batch_alter_table("hand_counts", schema=None) as batch_op:
        batch_op.drop_index("ix_hand_counts_tenant_id_decision_id")
        batch_op.drop_index(batch_op.f("ix_hand_counts_decision_id"))

    op.drop_table("hand_counts")
    with op.batch_alter_table("decision_rounds", schema=None) as batch_op:
        batch_op.drop_index("ix_decision_rounds_tenant_id_decision_id")
        batch_op.drop_index(batch_op.f("ix_decision_rounds_decision_id"))

    op.drop_table("decision_rounds")
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.drop_index("ix_webhooks_tenant_id")

    op.drop_table("webhooks")
