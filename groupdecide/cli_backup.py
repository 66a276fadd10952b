"""``flask backup [TARGET] [--out DIR]`` and ``flask restore FILE --yes``.

SQLite: SQLite's online backup API, a consistent snapshot even while the service writes, to a
new file (0600); restoring copies it back the same way. PostgreSQL: ``pg_dump
--format=custom`` to a new file, restored with ``pg_restore --clean --if-exists --no-owner
--single-transaction`` (the tables are replaced whole, or nothing changes). The password, if
the database URL has one, goes to pg_dump/pg_restore in ``PGPASSWORD``, never on the command
line. Stop the web server and the webhook sender before a restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import URL

from .config import private_file
from .extensions import db


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI for ``url`` without its password, and the environment with it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        click.echo(f"error: {name} is not installed (PostgreSQL's client tools)", err=True)
        sys.exit(2)
    return path


def _target(target: str | None, out: str | None, suffix: str) -> Path:
    if target and out:
        click.echo("error: give TARGET or --out DIR, not both", err=True)
        sys.exit(2)
    if target:
        path = Path(target)
    else:
        folder = Path(out or ".")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = folder / f"groupdecide-{stamp}{suffix}"
    if path.exists():
        click.echo(f"error: {path} exists already; choose a new file", err=True)
        sys.exit(1)
    return path


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, writable=True))
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Write groupdecide-<UTC time>.sqlite3 (or .dump on PostgreSQL) into this folder.",
)
@with_appcontext
def backup_cmd(target: str | None, out: str | None) -> None:
    """Back the database up to TARGET (or into --out DIR) while the service runs."""
    url = db.engine.url
    if db.engine.dialect.name == "postgresql":
        path = _target(target, out, ".dump")
        private_file(path)
        uri, env = _libpq(url)
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [_tool("pg_dump"), "--format=custom", f"--file={path}", f"--dbname={uri}"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            path.unlink(missing_ok=True)
            click.echo(f"error: pg_dump failed: {done.stderr.strip()}", err=True)
            sys.exit(1)
        click.echo(f"backed up {url.database} to {path}")
        return
    if db.engine.dialect.name != "sqlite":
        click.echo(f"error: no backup for {db.engine.dialect.name} databases", err=True)
        sys.exit(2)
    path = _target(target, out, ".sqlite3")
    private_file(path)  # 0600, like the database it copies
    source = sqlite3.connect(f"file:{url.database}?mode=ro", uri=True)
    dest = sqlite3.connect(path)
    try:
        with dest:
            source.backup(dest)
    finally:
        dest.close()
        source.close()
    click.echo(f"backed up {url.database} to {path}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Yes, replace the whole database with the backup.")
@with_appcontext
def restore_cmd(source: str, yes: bool) -> None:
    """Replace the database with the backup SOURCE (made by flask backup). Stop the service
    first."""
    if not yes:
        click.echo("error: this replaces every row of the database; confirm with --yes", err=True)
        sys.exit(2)
    url = db.engine.url
    db.session.remove()
    db.engine.dispose()
    if db.engine.dialect.name == "postgresql":
        uri, env = _libpq(url)
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={uri}",
                source,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            click.echo(f"error: pg_restore failed: {done.stderr.strip()}", err=True)
            sys.exit(1)
    elif db.engine.dialect.name == "sqlite":
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if backup.execute("pragma integrity_check").fetchone() != ("ok",):
                click.echo(f"error: {source} is not a sound SQLite database", err=True)
                sys.exit(1)
            live = sqlite3.connect(str(url.database))
            try:
                backup.backup(live)
            finally:
                live.close()
        except sqlite3.DatabaseError as exc:
            click.echo(f"error: {source} is not a SQLite database: {exc}", err=True)
            sys.exit(1)
        finally:
            backup.close()
    else:
        click.echo(f"error: no restore for {db.engine.dialect.name} databases", err=True)
        sys.exit(2)
    click.echo(f"restored {url.database} from {source}")
