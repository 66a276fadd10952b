"""plans and accounts: plans (named limits) and a tenant's plan, sign-ups, closing an account
(requested, deleted after a grace period), decision templates, mail opt-outs

The new tenant-scoped tables get the row-level policy of 0005 on PostgreSQL; ``plans`` and
``signups`` are the operator's (no tenant yet).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from groupdecide import rls

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

JSONB = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

NEW_TENANT_TABLES = ["decision_templates", "mail_opt_outs"]


def upgrade():
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("max_open_decisions", sa.Integer(), nullable=True),
        sa.Column("max_ballots", sa.Integer(), nullable=True),
        sa.Column("max_members", sa.Integer(), nullable=True),
        sa.Column("max_mails_per_day", sa.Integer(), nullable=True),
        sa.Column("max_webhooks", sa.Integer(), nullable=True),
        sa.Column("custom_host", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("name", name=op.f("uq_plans_name")),
    )
    op.create_table(
        "decision_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("settings", JSONB, nullable=False),
        sa.Column("options", JSONB, nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_decision_templates_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_decision_templates_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_templates")),
    )
    with op.batch_alter_table("decision_templates", schema=None) as batch_op:
        batch_op.create_index("ix_decision_templates_tenant_id", ["tenant_id"], unique=False)

    op.create_table(
        "mail_opt_outs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_mail_opt_outs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_opt_outs")),
        sa.UniqueConstraint("tenant_id", "email_hash", name="uq_mail_opt_outs_tenant_email"),
    )
    op.create_table(
        "signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_tenant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_tenant_id"],
            ["tenants.id"],
            name=op.f("fk_signups_created_tenant_id_tenants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signups")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_signups_token_hash")),
    )
    with op.batch_alter_table("signups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signups_email"), ["email"], unique=False)

    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("closing_requested_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("delete_after", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_tenants_plan_id_plans"),
            "plans",
            ["plan_id"],
            ["id"],
            ondelete="SET NULL",
        )

    rls.install(op.get_bind(), NEW_TENANT_TABLES)


def downgrade():
    rls.uninstall(op.get_bind(), NEW_TENANT_TABLES)
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_tenants_plan_id_plans"), type_="foreignkey")
        batch_op.drop_column("delete_after")
        batch_op.drop_column("closing_requested_at")
        batch_op.drop_column("plan_id")

    with op.batch_alter_table("signups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signups_email"))

    op.drop_table("signups")
    op.drop_table("mail_opt_outs")
    with op.batch_alter_table("decision_templates", schema=None) as batch_op:
        batch_op.drop_index("ix_decision_templates_tenant_id")

    op.drop_table("decision_templates")
    op.drop_table("plans")
