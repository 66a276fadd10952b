"""row-level security on PostgreSQL: the second wall around a tenant (see groupdecide/rls.py)

Every table with ``tenant_id`` gets the policy ``tenant_isolation`` (enabled and forced), and
the role ``groupdecide_app`` the app acts as. Nothing happens on SQLite (the ORM filter only).

Revision ID: 0005
Revises: 0004
"""

from alembic import op

from groupdecide import rls

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    rls.install(op.get_bind())


def downgrade():
    rls.uninstall(op.get_bind())
