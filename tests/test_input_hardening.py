"""Odd input and a storage that cannot be written answer with specific 4xx and 503 answers,
never a 500 (issue 9, "No input ever produces a 5xx"; issue 10, "Names and labels")."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from groupdecide.extensions import db

PASSWORD = "correct horse battery staple"


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


# ----------------------------------------------------------------------------- numbers and ids


def _error_of(page: str, key: str) -> str:
    import re

    match = re.search(rf'id="f-{re.escape(key)}-error">(.*?)</p>', page, re.S)
    assert match, f"no error beside {key}"
    return re.sub(r"<[^>]+>", "", match.group(1))


def test_a_superscript_digit_on_the_ballot_and_the_own_ballot_is_an_error_beside_it(
    app, client, api
):
    made = api.create("consensus")
    did = made["decision"]["id"]
    oid = made["decision"]["options"][0]["id"]
    resp = client.post(f"/t/public/d/{did}", data={f"answer-{oid}": "²", "name": "Ann"})
    assert resp.status_code == 422
    assert "0 to 10" in _error_of(resp.get_data(as_text=True), f"answers-{oid}")
    client.post(f"/t/public/d/{did}", data={f"answer-{oid}": "2", "name": "Ann"})
    resp = client.post(f"/t/public/d/{did}/ballot", data={f"answer-{oid}": "²", "name": "Ann"})
    assert resp.status_code == 422
    assert "0 to 10" in _error_of(resp.get_data(as_text=True), f"answers-{oid}")


def test_an_invite_count_of_superscript_digits_is_an_error_beside_it(app, client, api):
    from urllib.parse import urlsplit

    made = api.create("consensus", settings={"access": "invite"})
    client.get(urlsplit(made["links"]["admin"]).path)
    resp = client.post(f"/t/public/d/{made['id']}/admin/invites", data={"count": "²"})
    assert resp.status_code == 422
    assert "whole number" in _error_of(resp.get_data(as_text=True), "count")


@pytest.mark.parametrize("bad", ["99999999999999999999", "3000000000"])
def test_ids_beyond_the_column_answer_404_in_the_tenant_admin(app, make_member, bad):
    from tenant_admin.conftest import log_in

    make_member("acme", "olga@example.org", "owner")
    owner = app.test_client()
    log_in(owner, "acme", "olga@example.org")
    for path in (
        f"/t/acme/admin/members/{bad}/role",
        f"/t/acme/admin/members/{bad}/remove",
        f"/t/acme/admin/keys/{bad}/revoke",
        f"/t/acme/admin/invitations/{bad}/revoke",
    ):
        resp = owner.post(path, data={"role": "owner"})
        assert resp.status_code == 404, (path, resp.status_code)


def test_a_next_with_a_line_break_stays_on_the_site(app, make_member):
    make_member("acme", "olga@example.org", "owner")
    browser = app.test_client()
    resp = browser.post(
        "/t/acme/login",
        data={"email": "olga@example.org", "password": PASSWORD, "next": "/\r//evil.example"},
    )
    assert resp.status_code == 303
    assert "evil.example" not in resp.headers["Location"]
    assert resp.headers["Location"].endswith("/t/acme/admin/")


# ----------------------------------------------------------------------------- text and JSON


@pytest.mark.parametrize("bad", ["\ud800", "a\x00b"])
def test_a_lone_surrogate_or_nul_is_a_field_error_in_the_api(api, bad):
    made = api.create("consensus")
    did = made["decision"]["id"]
    oid = str(made["decision"]["options"][0]["id"])
    body = {"title": bad, "method": "consensus", "options": [{"label": "a"}, {"label": "b"}]}
    cases = [
        ("/decisions", body, "title"),
        (f"/decisions/{did}/ballots", {"name": bad, "answers": {oid: 1}}, "name"),
        (f"/decisions/{did}/ballots", {"name": "A", "email": bad, "answers": {oid: 1}}, "email"),
        (f"/decisions/{did}/comments", {"name": "A", "body": bad}, "body"),
    ]
    for path, sent, field in cases:
        resp = api.call("POST", path, sent)
        assert resp.status_code == 422, (path, resp.get_data(as_text=True)[:300])
        assert field in resp.get_json()["error"]["fields"]
    assert api.call("GET", f"/decisions/{did}").get_json()["ballot_count"] == 0


def test_json_nested_deep_or_with_a_5000_digit_number_is_a_bad_request(client, api):
    made = api.create("consensus")
    oid = made["decision"]["options"][0]["id"]
    url = f"/t/public/api/v1/decisions/{made['id']}/ballots"
    for body in (
        "[" * 5000 + "]" * 5000,
        '{"name": "A", "answers": {"' + str(oid) + '": ' + "9" * 5000 + "}}",
    ):
        resp = client.post(url, data=body, content_type="application/json")
        assert resp.status_code == 400, resp.get_data(as_text=True)[:300]
        assert resp.get_json()["error"]["code"] == "bad_request"


def test_a_nul_in_the_ballot_email_on_the_page_is_an_error_beside_it(client, api):
    made = api.create("consensus")
    oid = made["decision"]["options"][0]["id"]
    resp = client.post(
        f"/t/public/d/{made['id']}",
        data={f"answer-{oid}": "2", "name": "Ann", "email": "a\x00@example.org"},
    )
    assert resp.status_code == 422
    assert _error_of(resp.get_data(as_text=True), "email")
    assert api.call("GET", f"/decisions/{made['id']}").get_json()["ballot_count"] == 0


# ----------------------------------------------------------------------------- names and labels


@pytest.mark.parametrize("invisible", ["\u200b\u2060", "\u202e\u202c", "\ufeff ", "\u3164"])
def test_names_titles_and_labels_of_nothing_visible_are_refused(api, invisible):
    made = api.create("consensus")
    did = made["decision"]["id"]
    oid = str(made["decision"]["options"][0]["id"])
    resp = api.call("POST", f"/decisions/{did}/ballots", {"name": invisible, "answers": {oid: 1}})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"]["name"] == "is required"
    body = {"title": invisible, "method": "consensus", "options": [{"label": "a"}]}
    body["options"].append({"label": invisible})
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 422
    assert {"title", "options.1.label"} <= set(resp.get_json()["error"]["fields"])


def test_direction_overrides_are_taken_out_of_names_and_titles(api):
    made = api.create(
        "consensus", title="Team \u202eouting\u202c?", labels=("\u2067Boat\u2069", "Hike")
    )
    assert made["decision"]["title"] == "Team outing?"
    assert made["decision"]["options"][0]["label"] == "Boat"
    oid = str(made["decision"]["options"][0]["id"])
    ballot = api.cast(made["id"], {oid: 1}, name="\u202egnA")
    mine = api.call(
        "GET", f"/decisions/{made['id']}/ballots/{ballot['id']}", token=ballot["edit_token"]
    )
    assert mine.get_json()["name"] == "gnA"


def test_a_long_name_on_the_ballot_is_an_error_beside_it_never_cut(client, api):
    made = api.create("consensus")
    oid = made["decision"]["options"][0]["id"]
    page = client.get(f"/t/public/d/{made['id']}").get_data(as_text=True)
    import re

    name_input = re.search(r'<input[^>]*id="f-name"[^>]*>', page).group(0)
    assert "maxlength" not in name_input  # a browser cuts pasted text silently at maxlength
    resp = client.post(f"/t/public/d/{made['id']}", data={f"answer-{oid}": "2", "name": "N" * 101})
    assert resp.status_code == 422
    assert "100" in _error_of(resp.get_data(as_text=True), "name")


def test_a_long_proposer_name_is_an_error_beside_it_never_cut(client, api):
    made = api.create("consensus", settings={"start_phase": "collecting", "allow_proposals": True})
    resp = client.post(
        f"/t/public/d/{made['id']}/propose", data={"label": "Picnic", "name": "N" * 101}
    )
    assert resp.status_code == 422
    assert "100" in _error_of(resp.get_data(as_text=True), "proposer")
    labels = [o["label"] for o in api.call("GET", f"/decisions/{made['id']}").get_json()["options"]]
    assert "Picnic" not in labels


def test_a_nul_in_the_log_in_address_or_a_decision_id_is_no_server_error(app, client, make_member):
    make_member("acme", "olga@example.org", "owner")
    resp = client.post("/t/acme/login", data={"email": "olga\x00@example.org", "password": "x"})
    assert resp.status_code == 422  # the page says the address or password is not right
    assert client.get("/t/acme/d/ab%00cd").status_code == 404
    assert client.get("/t/public/api/v1/decisions/ab%00cd").status_code == 404


def test_a_5000_digit_choice_on_the_single_choice_ballot_is_an_error(client, api):
    made = api.create("single")
    resp = client.post(f"/t/public/d/{made['id']}", data={"choice": "9" * 5000, "name": "Ann"})
    assert resp.status_code == 422
    assert api.call("GET", f"/decisions/{made['id']}").get_json()["ballot_count"] == 0
