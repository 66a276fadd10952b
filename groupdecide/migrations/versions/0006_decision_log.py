"""decision log and option integrity: the log table; option description, variant_of, hidden

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from groupdecide import rls

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

JSONB = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    with op.batch_alter_table("options", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("variant_of", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_options_variant_of_options"),
            "options",
            ["variant_of"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "decision_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=24), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", JSONB, nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_log_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_decision_log_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_log")),
    )
    with op.batch_alter_table("decision_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_log_decision_id"), ["decision_id"])
        batch_op.create_index(batch_op.f("ix_decision_log_tenant_id"), ["tenant_id"])
    # a new tenant-scoped table gets the policy of 0005 (PostgreSQL; nothing on SQLite)
    rls.install(op.get_bind(), ["decision_log"])


def downgrade():
    with op.batch_alter_table("decision_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_log_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_decision_log_decision_id"))
    op.drop_table("decision_log")
    with op.batch_alter_table("options", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_options_variant_of_options"), type_="foreignkey")
        batch_op.drop_column("hidden")
        batch_op.drop_column("variant_of")
        batch_op.drop_column("description")
