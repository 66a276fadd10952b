"""Engine set-up: SQLite made safe for many workers, one commit per request."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from .errors import Conflict
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


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _sqlite_setup(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @app.after_request
    def commit(response: Response) -> Response:
        """The one commit of a request: only for successful answers; errors roll back (teardown).
        It runs before the answer is sent, so a 201 means the write is durable."""
        if response.status_code < 400:
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                raise Conflict(_("This conflicts with a change made at the same moment.")) from None
            except OperationalError:
                db.session.rollback()
                raise
        else:
            db.session.rollback()
        return response
