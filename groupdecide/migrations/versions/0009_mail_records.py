"""mail records: what was mailed per tenant, for the daily cap (no link to decisions)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from groupdecide import rls

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    # no foreign key to decisions on purpose: deleting a decision must not undo its mails
    op.create_table(
        "mail_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_mail_records_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_records")),
    )
    with op.batch_alter_table("mail_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_records_tenant_id"), ["tenant_id"])
        batch_op.create_index("ix_mail_records_tenant_id_created_at", ["tenant_id", "created_at"])
    # a new tenant-scoped table gets the policy of 0005 (PostgreSQL; nothing on SQLite)
    rls.install(op.get_bind(), ["mail_records"])


def downgrade():
    with op.batch_alter_table("mail_records", schema=None) as batch_op:
        batch_op.drop_index("ix_mail_records_tenant_id_created_at")
        batch_op.drop_index(batch_op.f("ix_mail_records_tenant_id"))
    op.drop_table("mail_records")
