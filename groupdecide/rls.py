"""The second wall around a tenant, on PostgreSQL: row-level security.

Every tenant-scoped table has the policy ``tenant_isolation``: a row is visible and writable
only when its ``tenant_id`` equals the transaction's ``groupdecide.tenant_id`` setting, or when
``groupdecide.all_tenants`` is ``on`` (set only for statements marked ``all_tenants=True``,
the operator's narrow way through). Nothing set means nothing visible: it fails closed.

Superusers and (without ``FORCE``) table owners bypass row-level security, and the tests and
many installations connect as one. So every session transaction acts as the role
``groupdecide_app`` (``SET LOCAL ROLE``; no BYPASSRLS, only row privileges), and the tables
``FORCE`` row-level security as well. Migrations, ``db.create_all()`` and the tests' clean-up
use engine connections of their own and keep the connecting role.

The settings follow the tenant, statement by statement: before each statement of a session
transaction, ``before_cursor_execute`` sets them (``set_config(..., true)``, i.e. ``SET
LOCAL``) when the current tenant or the all-tenants mark differs from what the connection has.
That covers ORM queries, flushes, ``text()`` and Core statements on the session's connection.

``install`` is the one place of the DDL: migration 0005 and the PostgreSQL test set-up (after
``db.create_all()``) both call it. A later migration that adds a tenant-scoped table calls
``install(op.get_bind(), ["that_table"])``.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

APP_ROLE = "groupdecide_app"
POLICY = "tenant_isolation"
TENANT_SETTING = "groupdecide.tenant_id"
ALL_SETTING = "groupdecide.all_tenants"
_KEY = "groupdecide_rls"  # in Connection.info: what the transaction's settings are now
_FRESH = ("fresh",)

log = logging.getLogger(__name__)

RULE = (
    f"current_setting('{ALL_SETTING}', true) = 'on' OR "
    f"tenant_id = NULLIF(current_setting('{TENANT_SETTING}', true), '')::integer"
)


def tenant_tables(conn: Connection) -> list[str]:
    """Every table of the current schema with a ``tenant_id`` column."""
    inspector = sa.inspect(conn)
    return sorted(
        t
        for t in inspector.get_table_names()
        if any(c["name"] == "tenant_id" for c in inspector.get_columns(t))
    )


def install(conn: Connection, tables: Iterable[str] | None = None, role: str = APP_ROLE) -> None:
    """Create the application role (once per cluster), give it row privileges, and put the
    policy on ``tables`` (default: every table with ``tenant_id``). PostgreSQL only; idempotent."""
    if conn.dialect.name != "postgresql":
        return
    names = sorted(tables) if tables is not None else tenant_tables(conn)
    quoted = conn.dialect.identifier_preparer.quote
    r = quoted(role)
    # CREATE ROLE is cluster-wide and races between databases made at the same moment
    conn.exec_driver_sql(
        "DO $$ BEGIN "
        f"CREATE ROLE {r} NOLOGIN NOSUPERUSER NOBYPASSRLS; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )
    # whoever runs the app (the migrating user, or the superuser) may act as the role
    conn.exec_driver_sql(
        "DO $$ BEGIN "
        f"EXECUTE format('GRANT {r} TO %%I', current_user); "
        "EXCEPTION WHEN duplicate_object OR unique_violation OR invalid_grant_operation "
        "THEN NULL; END $$"
    )
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {r}")
    conn.exec_driver_sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}"
    )
    conn.exec_driver_sql(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}")
    # tables and sequences of later migrations (made by the same user) get the same rights
    conn.exec_driver_sql(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}"
    )
    conn.exec_driver_sql(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}"
    )
    for name in names:
        t = quoted(name)
        conn.exec_driver_sql(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {t}")
        conn.exec_driver_sql(f"CREATE POLICY {POLICY} ON {t} USING ({RULE}) WITH CHECK ({RULE})")


def uninstall(conn: Connection, tables: Iterable[str] | None = None, role: str = APP_ROLE) -> None:
    """Undo ``install`` in this database (the role stays: other databases may use it)."""
    if conn.dialect.name != "postgresql":
        return
    names = sorted(tables) if tables is not None else tenant_tables(conn)
    quoted = conn.dialect.identifier_preparer.quote
    r = quoted(role)
    for name in names:
        t = quoted(name)
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {t}")
        conn.exec_driver_sql(f"ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {t} DISABLE ROW LEVEL SECURITY")
    if conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
        conn.exec_driver_sql(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            f"REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {r}"
        )
        conn.exec_driver_sql(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            f"REVOKE USAGE, SELECT, UPDATE ON SEQUENCES FROM {r}"
        )
        conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {r}")
        conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {r}")
        conn.exec_driver_sql(f"REVOKE USAGE ON SCHEMA public FROM {r}")


# ----------------------------------------------------------------------------- at run time

_active: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def _installed(conn: Connection, role: str) -> bool:
    """Whether this database has the policies and the connecting user may act as the role
    (before migration 0005 it has neither: the app then runs on the ORM filter alone)."""
    row = conn.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = current_schema() "
        "AND policyname = %(p)s) AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %(r)s "
        "AND pg_has_role(current_user, oid, 'MEMBER'))",
        {"p": POLICY, "r": role},
    ).scalar()
    return bool(row)


def _wanted() -> tuple[str, str]:
    from .tenancy import across_tenants, current_tenant_id

    tid = current_tenant_id()
    return ("" if tid is None else str(int(tid)), "on" if across_tenants() else "off")


def _after_begin(_session: Session, _transaction: Any, conn: Connection) -> None:
    """A session transaction begins: act as the application role, so the policies apply."""
    engine = conn.engine
    if engine not in _active:
        return
    conn.info.pop(_KEY, None)
    role = _active[engine]
    if not conn.info.get("groupdecide_rls_ok"):
        if not _installed(conn, role):
            log.warning("row-level security is not installed (run flask db upgrade)")
            return
        conn.info["groupdecide_rls_ok"] = True
    conn.exec_driver_sql("SELECT set_config('role', %(r)s, true)", {"r": role})
    conn.info[_KEY] = _FRESH


def _before_cursor(conn: Connection, cursor: Any, *_args: Any) -> None:
    """Bring the transaction's tenant settings in line with the current tenant."""
    have = conn.info.get(_KEY)
    if have is None:
        return
    want = _wanted()
    if have == want:
        return
    cur = cursor.connection.cursor()
    try:
        cur.execute(
            f"SELECT set_config('{TENANT_SETTING}', %s, true), "
            f"set_config('{ALL_SETTING}', %s, true)",
            want,
        )
    finally:
        cur.close()
    conn.info[_KEY] = want


def _transaction_end(conn: Connection, *_args: Any) -> None:
    """SET LOCAL ends with the transaction: forget what it had."""
    conn.info.pop(_KEY, None)


def _checked_in(_dbapi_conn: Any, record: Any) -> None:
    """Back in the pool: nothing of this transaction may leak into the next checkout."""
    record.info.pop(_KEY, None)


def _savepoint_rolled_back(conn: Connection, *_args: Any) -> None:
    """A rollback to a savepoint undoes the settings made after it: set them again."""
    if conn.info.get(_KEY) is not None:
        conn.info[_KEY] = _FRESH


_listening = False


def init_engine(engine: Engine, role: str = APP_ROLE) -> None:
    """Make the session transactions on this PostgreSQL engine subject to the policies."""
    global _listening
    if engine.dialect.name != "postgresql" or not role:
        return
    _active[engine] = role
    event.listen(engine, "before_cursor_execute", _before_cursor)
    event.listen(engine, "commit", _transaction_end)
    event.listen(engine, "rollback", _transaction_end)
    event.listen(engine, "rollback_savepoint", _savepoint_rolled_back)
    event.listen(engine, "checkin", _checked_in)
    if not _listening:
        event.listen(Session, "after_begin", _after_begin)
        _listening = True
