"""Odd input and a storage that cannot be written answer with specific 4xx and 503 answers,
never a 500 (issue 9, "No input ever produces a 5xx"; issue 10, "Names and labels")."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from groupdecide.extensions import db


def _read_only(app: Any) -> Any:
    """Every transaction from now on is read-only, as on a read-only file or replica."""

    def begin(conn: Any) -> None:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA query_only = ON")
        else:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")

    with app.app_context():
        event.listen(db.engine, "begin", begin)
    return begin


def _writable(app: Any, begin: Any) -> None:
    with app.app_context():
        event.remove(db.engine, "begin", begin)
        db.engine.dispose()  # query_only is a setting of each pooled connection


def test_a_read_only_database_answers_503_on_the_api_and_the_pages(app, client, api):
    made = api.create("consensus")
    did = made["decision"]["id"]
    oid = made["decision"]["options"][0]["id"]
    begin = _read_only(app)
    try:
        resp = api.call(
            "POST", f"/decisions/{did}/ballots", {"name": "Ann", "answers": {str(oid): 2}}
        )
        assert resp.status_code == 503, resp.get_data(as_text=True)[:500]
        assert resp.get_json()["error"]["code"] == "unavailable"
        assert resp.headers["Retry-After"]
        page = client.post(f"/t/public/d/{did}", data={f"answer-{oid}": "2", "name": "Ann"})
        assert page.status_code == 503
        assert "storage is full or read-only" in page.get_data(as_text=True)
    finally:
        _writable(app, begin)
    assert api.call("GET", f"/decisions/{did}").get_json()["ballot_count"] == 0


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)  # as in production: the commit fails late
def test_a_full_disk_answers_503(app, api, monkeypatch):
    made = api.create("consensus")
    did = made["decision"]["id"]
    oid = made["decision"]["options"][0]["id"]

    def full(*_a: Any, **_k: Any) -> None:
        raise sa.exc.OperationalError(
            "COMMIT", {}, sqlite3.OperationalError("database or disk is full")
        )

    monkeypatch.setattr(db.session, "commit", full)
    resp = api.call("POST", f"/decisions/{did}/ballots", {"name": "Ann", "answers": {str(oid): 2}})
    assert resp.status_code == 503
    assert resp.get_json()["error"]["code"] == "unavailable"


def _crafted_import(app, runner, tmp_path, **tenant_fields: Any) -> Any:
    """Export a fresh tenant, change its settings as an attacker would, delete it and import
    the crafted file."""
    import json

    from groupdecide.services.tenants import create_tenant

    with app.app_context():
        create_tenant("crafted", "Crafted")
        db.session.commit()
    path = tmp_path / "crafted.json"
    assert runner.invoke(args=["tenant", "export", "crafted", "-o", str(path)]).exit_code == 0
    data = json.loads(path.read_text())
    data["tenant"].update(tenant_fields)
    path.write_text(json.dumps(data))
    assert runner.invoke(args=["tenant", "delete", "crafted", "--yes"]).exit_code == 0
    return runner.invoke(args=["tenant", "import", str(path)])


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {
                "logo": __import__("base64").b64encode(b"<script>alert(1)</script>").decode(),
                "logo_type": "text/html",
            },
            "tenant.logo",
        ),
        ({"brand_color": "red;}body{display:none"}, "tenant.brand_color"),
        ({"frame_ancestors": "'self'; script-src 'unsafe-inline'"}, "tenant.frame_ancestors"),
        ({"name": "\u202e\u200b"}, "tenant.name"),
        ({"custom_domain": "evil example"}, "tenant.custom_domain"),
    ],
)
def test_tenant_import_runs_the_settings_checks(app, runner, tmp_path, client, fields, field):
    result = _crafted_import(app, runner, tmp_path, **fields)
    assert result.exit_code == 1, result.output
    assert field in result.output
    # nothing of it was kept: no tenant, no logo served as a page, no rule in brand.css
    assert client.get("/t/crafted/logo").status_code == 404
    assert client.get("/t/crafted/brand.css").status_code == 404


def test_tenant_import_keeps_a_real_logo_as_an_image(app, runner, tmp_path, client):
    import base64
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, format="PNG")
    logo = base64.b64encode(out.getvalue()).decode()
    result = _crafted_import(app, runner, tmp_path, logo=logo, logo_type="text/html")
    assert result.exit_code == 0, result.output
    resp = client.get("/t/crafted/logo")
    assert resp.status_code == 200
    assert resp.mimetype == "image/png"
