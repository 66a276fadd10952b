"""Headers, cookies, CSRF, error pages and tokens at rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import session
from testkit import Api


def _pages(api):
    d = api.create()
    oid = d["decision"]["options"][0]["id"]
    b = api.cast(d["id"], {oid: 2})
    return (
        d,
        b,
        [
            "/",
            "/t/public/new",
            f"/t/public/d/{d['id']}",
            f"/t/public/d/{d['id']}/results",
            "/t/public/api/v1/decisions/" + d["id"],
            "/api/v1/openapi.json",
            "/no-such-page",
            f"/t/public/api/v1/decisions/{d['id']}/results",
        ],
    )


def test_every_response_has_the_security_headers(client, api):
    _, _, pages = _pages(api)
    for path in pages:
        resp = client.get(path)
        csp = resp.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp, path
        assert "unsafe-eval" not in csp, path
        assert "frame-ancestors" in csp
        assert "default-src 'self'" in csp
        assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'", csp)
        assert resp.headers["Referrer-Policy"] == "same-origin"
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert "Strict-Transport-Security" not in resp.headers  # plain HTTP


def test_hsts_over_https(client):
    resp = client.get("/", base_url="https://gd.test")
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")


def test_csp_nonce_differs_per_response(client):
    a = client.get("/").headers["Content-Security-Policy"]
    b = client.get("/").headers["Content-Security-Policy"]
    assert a != b


@pytest.mark.app_config(SECURE_COOKIES=True)
def test_secure_session_cookie_over_https(app, client):
    @app.get("/_set")
    def _set():
        session["x"] = 1
        return "ok"

    resp = client.get("/_set", base_url="https://gd.test")
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith("__Host-gd_session=")
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Domain" not in cookie


def test_session_cookie_flags_over_http(app, client):
    @app.get("/_set")
    def _set():
        session["x"] = 1
        return "ok"

    cookie = client.get("/_set").headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)
def test_500_page_tells_nothing_of_the_inside(app, client):
    @app.get("/_boom")
    def _boom():
        raise RuntimeError("SELECT secret FROM sqlalchemy_table -- Traceback werkzeug")

    @app.get("/api/v1/_boom")
    def _api_boom():
        raise RuntimeError("SELECT secret FROM sqlalchemy_table")

    for path in ("/_boom", "/api/v1/_boom"):
        resp = client.get(path)
        assert resp.status_code == 500
        text = resp.get_data(as_text=True)
        for leak in ("Traceback", "SELECT", "sqlalchemy", "werkzeug", "Flask", "RuntimeError"):
            assert leak not in text, (path, leak)
    assert client.get("/api/v1/_boom").get_json()["error"]["code"] == "server_error"


def test_debug_is_off(app):
    assert app.debug is False


@pytest.mark.sqlite_only  # reads the database file; test_tokens_are_never_stored_raw_sql below
def test_tokens_are_never_stored_raw(app, client, make_tenant, database_url):  # covers both
    slug, key = make_tenant("vault")
    api = Api(client, slug)
    d = api.create(settings={"access": "invite"})
    oid = d["decision"]["options"][0]["id"]
    invites = api.call(
        "POST", f"/decisions/{d['id']}/invites", {"count": 3}, token=d["admin_token"]
    ).get_json()["items"]
    b = api.cast(d["id"], {oid: 1}, invite=invites[0]["token"])
    tokens = [key, d["admin_token"], b["edit_token"]] + [i["token"] for i in invites]
    path = Path(database_url.removeprefix("sqlite:///"))
    blob = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    for tok in tokens:
        assert tok.encode() not in blob


def test_tokens_are_never_stored_raw_sql(app, client, make_tenant):
    import sqlalchemy as sa

    from groupdecide.extensions import db

    slug, key = make_tenant("vault-sql")
    api = Api(client, slug)
    d = api.create(settings={"access": "invite"})
    oid = d["decision"]["options"][0]["id"]
    invites = api.call(
        "POST", f"/decisions/{d['id']}/invites", {"count": 2}, token=d["admin_token"]
    ).get_json()["items"]
    b = api.cast(d["id"], {oid: 1}, invite=invites[0]["token"])
    tokens = [key, d["admin_token"], b["edit_token"]] + [i["token"] for i in invites]
    with app.app_context():
        dump = []
        with db.engine.connect() as conn:
            for table in db.metadata.sorted_tables:
                dump += [str(row) for row in conn.execute(sa.select(table))]
        text = "\n".join(dump)
    for tok in tokens:
        assert tok not in text


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_every_form_route_refuses_a_post_without_csrf_token(app, client, api):
    d = api.create()
    oid = d["decision"]["options"][0]["id"]
    b = api.cast(d["id"], {oid: 2})
    # hold the admin and edit cookies, as the organizer and participant would
    client.get(f"/t/public/d/{d['id']}/admin/{d['admin_token']}")
    client.get(f"/t/public/d/{d['id']}/ballot/{b['edit_token']}")
    before = api.call("GET", f"/decisions/{d['id']}").get_json()
    posted = 0
    for rule in app.url_map.iter_rules():
        if "/api/" in rule.rule or not (rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            continue
        if rule.endpoint == "public.unsubscribe_post":
            continue  # exempt: mail clients' one-click POST; its signed token authorizes it
        path = rule.rule.replace("<tenant>", "public").replace("<decision_id>", d["id"])
        path = re.sub(r"<(?:int:)?option_id>", str(oid), path)
        path = re.sub(r"<[^>]+>", "x", path)
        for method in rule.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            resp = client.open(
                path,
                method=method,
                data={"title": "Hacked", "phase": "closed", "label": "Hacked", "name": "Hacked"},
            )
            assert resp.status_code == 400, (method, path, resp.status_code)
            posted += 1
    assert posted >= 3
    after = api.call("GET", f"/decisions/{d['id']}").get_json()
    assert after == before


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_LOOKUP="3 per minute")
def test_looking_up_capability_links_is_rate_limited(client, api):
    d = api.create()
    for path in (
        f"/t/public/d/{d['id']}/admin/guess{{}}AAAAAAAAAAAAAAAAAAAAAAAAA",
        f"/t/public/d/{d['id']}/ballot/guess{{}}AAAAAAAAAAAAAAAAAAAAAAAAA",
    ):
        statuses = [client.get(path.format(i)).status_code for i in range(4)]
        assert statuses[:3] != [429] * 3, (path, statuses)
        assert statuses[3] == 429, (path, statuses)
        resp = client.get(path.format(9))
        assert resp.status_code == 429
        assert int(resp.headers["Retry-After"]) > 0
