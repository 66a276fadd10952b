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


def _sqlite_setup(engine: Engine, busy_ms: int) -> None:
    """WAL, FULL sync, a busy timeout, and ``BEGIN IMMEDIATE`` for every transaction that may
    write. Under a plain ``BEGIN`` a transaction that reads and then writes fails at once with
    "database is locked" when another worker committed in between; ``BEGIN IMMEDIATE`` takes
    the write lock up front and waits for it (busy timeout) instead."""

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
        read_only = has_request_context() and (
            request.method in ("GET", "HEAD", "OPTIONS") or g.get("cannot_write", False)
        )
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


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
