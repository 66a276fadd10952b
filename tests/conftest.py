"""Shared fixtures: an app on a throwaway database (SQLite by default, PostgreSQL with
``GROUPDECIDE_TEST_DB=postgres``), clients, and factories for tenants, decisions and ballots."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from testkit import Api, make_app, member_factory

from groupdecide.extensions import db

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get(
    "GROUPDECIDE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _pg_reachable() -> str | None:
    try:
        engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One throwaway database for the whole run."""
    kind = os.environ.get("GROUPDECIDE_TEST_DB", "sqlite")
    if kind == "postgres":
        problem = _pg_reachable()
        if problem:
            if IN_CI:
                pytest.fail(f"PostgreSQL is required under CI=true but unreachable: {problem}")
            pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {problem}")
        name = "gd_test_" + secrets.token_hex(6)
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
        yield url
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


# The slowest tests (a minute of fuzzing, real gunicorn servers, a checkout built and served):
# `make test-fast` leaves them out, `make test` runs them. Named by file and test, not by path,
# so that a file moving to another folder keeps its mark.
SLOW = {
    ("test_form_fuzz.py", "test_no_form_field_or_query_parameter_answers_5xx"),
    ("test_fuzz.py", "test_api_never_errs_and_matches_its_document"),
    ("test_logs.py", "test_gunicorn_access_log_has_no_tokens"),
    ("test_packaging.py", "test_a_plain_checkout_serves_german_without_compiling_first"),
    ("test_cli_and_migrations.py", "test_flask_db_upgrade_from_the_command_line"),
    ("test_isolation_walk.py", "test_tenant_b_sees_nothing_of_tenant_a_on_any_page_or_route"),
    ("test_transfer.py", "test_export_delete_import_restores_the_tenant_exactly"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = getattr(item, "originalname", None) or item.name
        if (item.path.name, name) in SLOW:
            item.add_marker(pytest.mark.slow)


_schema_made: set[str] = set()


def _clear(url: str) -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if url.startswith("postgresql"):
            names = ", ".join(t.name for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture(autouse=True)
def _background_mail_done() -> Iterator[None]:
    """Mail jobs run in threads after the commit (password resets): none may outlive its test
    and touch the database the next test clears."""
    yield
    from groupdecide.services.mail import wait_for_background

    wait_for_background()


@pytest.fixture
def app(database_url: str, tmp_path: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    overrides = getattr(request, "param", None) or {}
    marker = request.node.get_closest_marker("app_config")
    if marker:
        overrides = {**overrides, **marker.kwargs}
    application = make_app(database_url, tmp_path, **overrides)
    with application.app_context():
        if database_url not in _schema_made:
            db.create_all()
            if database_url.startswith("postgresql"):
                from groupdecide import rls

                with db.engine.begin() as conn:
                    rls.install(conn)  # the same DDL as migration 0005
            from flask_migrate import stamp

            stamp()  # create_all made the head's schema (test_cli_and_migrations checks it)
            _schema_made.add(database_url)
        _clear(database_url)
        from groupdecide.cli import ensure_default_tenant

        ensure_default_tenant(application)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def runner(app: Any) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def make_tenant(app: Any) -> Any:
    """Create a tenant; returns (slug, api_key)."""

    def make(
        slug: str | None = None, *, policy: str = "open", locale: str = "en"
    ) -> tuple[str, str]:
        from groupdecide.services.tenants import create_tenant

        slug = slug or "t-" + secrets.token_hex(3)
        with app.app_context():
            _tenant, key = create_tenant(slug, slug.title(), policy=policy, locale=locale)
            db.session.commit()
        return slug, key

    return make


@pytest.fixture
def api(client: Any) -> Api:
    return Api(client)


@pytest.fixture
def make_member(app: Any) -> Any:
    """``make_member(slug, email, role="owner", *, policy="open", password=PASSWORD)``: a member
    with a password in a tenant (created if needed); returns the e-mail."""
    return member_factory(app)
