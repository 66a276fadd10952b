"""The services run without a request: they take the tenant and the acting user as arguments.

An ``ast`` walk over ``groupdecide/services/**`` fails on any import or use of what only a
request has (``request``, ``session``, ``current_user``, ``flask.g``) or of a way to reach or
fake one (``has_request_context``, ``test_request_context``). ``db.session`` (SQLAlchemy's
session) is not Flask's ``session`` and stays allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "groupdecide" / "services"

BANNED = {"request", "session", "current_user", "has_request_context", "test_request_context", "g"}
BANNED_MODULES = {"flask_login"}
REQUEST_READERS = {"get_remote_address"}  # flask_limiter's reader of the request's address


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    flask_names: set[str] = set()  # names the module binds to flask itself (import flask as f)
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            root = module.split(".")[0]
            if root in BANNED_MODULES:
                found.append(f"{where}: imports {module}")
            found.extend(
                f"{where}: imports {a.name}" for a in node.names if a.name in REQUEST_READERS
            )
            if node.level == 0 and root in ("flask", "werkzeug"):
                found.extend(
                    f"{where}: imports {module}.{a.name}" for a in node.names if a.name in BANNED
                )
        elif isinstance(node, ast.Import):
            for a in node.names:
                root = a.name.split(".")[0]
                if root in BANNED_MODULES:
                    found.append(f"{where}: imports {a.name}")
                if a.name == "flask":
                    flask_names.add(a.asname or "flask")
        elif isinstance(node, ast.Attribute):
            if node.attr in ("has_request_context", "test_request_context", "current_user"):
                found.append(f"{where}: uses .{node.attr}")
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id in flask_names
                and node.attr in BANNED
            ):
                found.append(f"{where}: uses {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Name) and node.id in (BANNED - {"session", "g"}):
            found.append(f"{where}: uses {node.id}")
    return found


FILES = sorted(SERVICES.rglob("*.py"))


def test_the_walk_sees_the_services() -> None:
    assert len(FILES) > 10


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SERVICES)))
def test_service_reads_no_request(path: Path) -> None:
    assert _problems(path) == []


@pytest.mark.parametrize(
    "source",
    [
        "from flask import request",
        "from flask import g",
        "from flask import session as s",
        "from flask_login import current_user",
        "import flask\nflask.g.x = 1",
        "import flask as f\nf.request.method",
        "from flask import has_request_context",
        "app.test_request_context('/')",
        "if has_request_context(): pass",
        "from flask_limiter.util import get_remote_address",
    ],
)
def test_the_walk_catches(source: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.py"
    path.write_text(source, encoding="utf-8")
    assert _problems(path) != []


def test_the_walk_allows_the_database_session(tmp_path: Path) -> None:
    path = tmp_path / "good.py"
    path.write_text("from ..extensions import db\ndb.session.flush()\n", encoding="utf-8")
    assert _problems(path) == []


# ----------------------------------------------------------------------------- without a request


def _create(app: Any, slug: str, actor: Any) -> str:
    """Create a decision in ``slug`` as ``actor``, in an application context only."""
    import sqlalchemy as sa

    from groupdecide.extensions import db
    from groupdecide.models import Tenant
    from groupdecide.services import decisions
    from groupdecide.tenancy import tenant_context

    body = {"title": "Lunch", "method": "single", "options": [{"label": "A"}, {"label": "B"}]}
    with app.app_context():
        tenant = db.session.execute(
            sa.select(Tenant).where(Tenant.slug == slug).execution_options(all_tenants=True)
        ).scalar_one()
        with tenant_context(tenant):
            decision, _token = decisions.create_decision(tenant, actor, body)
            db.session.rollback()
            return str(decision.title)


def _new_tenant(policy: str = "open") -> tuple[str, str]:
    """A tenant made through the service (slug, API key); this folder's ``make_tenant`` gives
    the Tenant without its key."""
    import secrets

    from groupdecide.extensions import db
    from groupdecide.services.tenants import create_tenant

    slug = "t-" + secrets.token_hex(3)
    _tenant, key = create_tenant(slug, slug.title(), policy=policy)
    db.session.commit()
    return slug, key


def test_create_decision_runs_without_a_request(app: Any) -> None:
    slug, _key = _new_tenant()
    assert _create(app, slug, None) == "Lunch"


def test_members_only_policy_is_the_services(app: Any) -> None:
    from groupdecide.errors import Forbidden, Unauthorized
    from groupdecide.services.actors import Actor

    slug, key = _new_tenant(policy="members")
    with pytest.raises(Forbidden, match="Only members of"):
        _create(app, slug, None)
    with pytest.raises(Unauthorized, match="needs an API key of this tenant"):
        _create(app, slug, Actor(via_api=True, api_key="not-a-key"))
    assert _create(app, slug, Actor(via_api=True, api_key=key)) == "Lunch"
