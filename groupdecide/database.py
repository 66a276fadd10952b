"""Engine set-up: SQLite made safe for many workers, row-level security on PostgreSQL, one
commit per request."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from . import rls
from .errors import Conflict, handle_domain_error, handle_server_error
from .extensions import db

# Requests whose reads come first and whose write is short: the ballot cast through the API
# and through the form. They begin with a plain ``BEGIN`` (no write lock while the tenant, the
# decision and the answers are read and checked) and take the write lock only in
# ``begin_write()``, right before the insert; the write re-checks what it relies on (the
# conditional ``UPDATE`` of the decision in ``services/ballots.py``).
READ_FIRST_ENDPOINTS = frozenset({"api.BallotCollection", "public.participate"})

# How the connection's current transaction began: "read" (plain BEGIN, will not write),
# "deferred" (plain BEGIN in a read-first request, upgraded by begin_write), "write"
# (BEGIN IMMEDIATE). Kept in the connection's info, set anew at every BEGIN.
TXN_MODE = "gd_txn_mode"

_WRITES = ("insert", "update", "delete", "replace")


def _txn_mode() -> str:
    if not has_request_context():
        return "write"
    if request.method in ("GET", "HEAD", "OPTIONS") or g.get("cannot_write", False):
        return "read"
    if g.get("committed", False) or (
        request.method == "POST" and request.endpoint in READ_FIRST_ENDPOINTS
    ):
        # read-first; or after the request's commit, where what runs (the security headers
        # read the expired tenant) only reads
        return "deferred"
    return "write"


def _upgrade(conn: Any) -> None:
    """End the read transaction (it wrote nothing) and take the write lock, waiting for it
    (busy timeout). Behind SQLAlchemy's back on purpose: for the ORM it stays one
    transaction, committed or rolled back as usual."""
    raw = conn.connection.driver_connection
    raw.execute("COMMIT")
    raw.execute("BEGIN IMMEDIATE")
    conn.info[TXN_MODE] = "write"


def _sqlite_setup(engine: Engine, busy_ms: int) -> None:
    """WAL, FULL sync, a busy timeout, and ``BEGIN IMMEDIATE`` for every transaction that may
    write. Under a plain ``BEGIN`` a transaction that reads and then writes fails at once with
    "database is locked" when another worker committed in between; ``BEGIN IMMEDIATE`` takes
    the write lock up front and waits for it (busy timeout) instead. Read-first requests
    (``READ_FIRST_ENDPOINTS``) begin with a plain ``BEGIN`` and take the lock in
    ``begin_write()``."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let us issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        mode = _txn_mode()
        conn.info[TXN_MODE] = mode
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "write" else "BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def before_write(
        conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        """A safety net: a write in a read-first transaction that did not call
        ``begin_write()`` first takes the write lock here instead of failing with
        "database is locked"."""
        if conn.info.get(TXN_MODE) == "deferred" and statement.lstrip()[:7].lower().startswith(
            _WRITES
        ):
            _upgrade(conn)


def begin_write() -> None:
    """From here on the request writes: on SQLite, a read-first transaction takes the write
    lock now (what was read before may have changed: re-check it in the write). A no-op
    elsewhere (PostgreSQL locks the rows it updates) and in a transaction that has it already."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite" and conn.info.get(TXN_MODE) == "deferred":
        _upgrade(conn)


def is_unique_violation(error: IntegrityError) -> bool:
    """A unique constraint refused the row: someone else made the same thing at the same
    moment (PostgreSQL's SQLSTATE 23505; SQLite names it in the message)."""
    orig = error.orig
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code == "23505" or "UNIQUE constraint failed" in str(orig)


def conflict_from(error: IntegrityError) -> Exception:
    """The domain error for an IntegrityError: a unique violation is the client's conflict
    (409); any other broken constraint is our bug and stays a server error."""
    if is_unique_violation(error):
        return Conflict(_("This conflicts with a change made at the same moment."))
    return error


def commit_response(response: Response) -> Response:
    """Commit a successful answer, roll back any other. A failed commit raises the domain
    error, so the caller's error handlers answer it (409 in the API's envelope, a page on
    the web) instead of the 500 an exception out of ``after_request`` becomes."""
    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise conflict_from(exc) from None
    except OperationalError:
        db.session.rollback()
        raise
    if has_request_context():
        g.committed = True
    return response


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _sqlite_setup(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        # PostgreSQL: the second wall (row-level security), see rls.py
        rls.init_engine(engine, app.config.get("PG_APP_ROLE", rls.APP_ROLE))

    view_dispatch = app.dispatch_request

    def dispatch_and_commit() -> Response:
        """The one commit of a request, inside Flask's dispatch: whatever the commit raises
        reaches the registered error handlers like an error of the view itself. It runs
        before the answer is sent, so a 201 means the write is durable."""
        response = app.make_response(view_dispatch())
        return commit_response(response)

    app.dispatch_request = dispatch_and_commit  # type: ignore[method-assign]

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError) -> Any:
        """A flush that a constraint refused: roll back, then answer as the domain error."""
        db.session.rollback()
        mapped = conflict_from(error)
        if isinstance(mapped, Conflict):
            return handle_domain_error(mapped)
        return handle_server_error(error)

    @app.after_request
    def commit(response: Response) -> Response:
        """What a ``before_request`` hook answered without a view still commits (or rolls
        back) here; after the view's commit this finds nothing left to do."""
        if response.status_code < 400:
            try:
                db.session.commit()
            except (IntegrityError, OperationalError):
                db.session.rollback()
                raise
        else:
            db.session.rollback()
        return response
