"""The floor of the write bench: a bare Flask app that parses the same JSON ballot and does one
INSERT with the same durability setting as the product, nothing else.

``FLOOR_DB`` is a SQLite file path (WAL, ``synchronous=FULL``, ``BEGIN IMMEDIATE``, the
product's settings in ``groupdecide/database.py``) or a PostgreSQL URL (``postgresql://``;
the server's default ``synchronous_commit=on``, as the product runs). One connection per
worker process (gunicorn's sync workers serve one request at a time). Served by the same
gunicorn command as the product (``bench/bench_writes.py``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from typing import Any

from flask import Flask, request

app = Flask(__name__)
DB = os.environ["FLOOR_DB"]
IS_PG = DB.startswith("postgresql")
_conn: Any = None


def conn() -> Any:
    global _conn
    if _conn is None:
        if IS_PG:
            import psycopg

            _conn = psycopg.connect(DB.replace("postgresql+psycopg://", "postgresql://"))
        else:
            _conn = sqlite3.connect(DB, isolation_level=None, timeout=15)
            _conn.execute("PRAGMA busy_timeout = 15000")
            _conn.execute("PRAGMA journal_mode = WAL")
            _conn.execute("PRAGMA synchronous = FULL")
    return _conn


@app.get("/")
def ready() -> Any:
    return {"ok": True}


@app.post("/ballots")
def cast() -> Any:
    body = request.get_json()
    c = conn()
    row = (body["name"], json.dumps(body["answers"]))
    if IS_PG:
        with c.cursor() as cur:
            cur.execute(
                "INSERT INTO floor_ballots (name, answers) VALUES (%s, %s) RETURNING id", row
            )
            new_id = cur.fetchone()[0]
        c.commit()
    else:
        c.execute("BEGIN IMMEDIATE")
        cur = c.execute("INSERT INTO floor_ballots (name, answers) VALUES (?, ?)", row)
        new_id = cur.lastrowid
        c.execute("COMMIT")
    return {"id": new_id}, 201
