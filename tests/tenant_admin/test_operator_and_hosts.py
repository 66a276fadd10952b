"""The operator's web area and CLI, and tenants on their own host names."""

from __future__ import annotations

import re

from testkit import Api
from web.conftest import Browser, text_of

from .conftest import link_in


def _operator(app, runner, outbox):
    result = runner.invoke(args=["operator", "create", "op@example.org"])
    assert result.exit_code == 0, result.output
    path = link_in(outbox()[-1][2])
    b = Browser(app)
    token = path.split("token=")[1]
    resp = b.post(
        "/t/public/account/set-password",
        data={
            "token": token,
            "password": "operator passphrase",
            "password_confirm": "operator passphrase",
        },
    )
    assert resp.status_code == 303
    assert "/operator/login" in resp.headers["Location"]
    resp = b.post(
        "/operator/login", data={"email": "op@example.org", "password": "operator passphrase"}
    )
    assert resp.status_code == 303
    return b


def test_operator_area_lists_usage_creates_disables_and_sets_limits(
    app, runner, outbox, make_tenant
):
    slug, _key = make_tenant("busy")
    api = Api(app.test_client(), slug)
    d = api.create()
    api.cast(d["id"], {d["decision"]["options"][0]["id"]: 1})
    op = _operator(app, runner, outbox)
    page = op.page("/operator/")
    assert re.search(
        r">busy</a>.*?<td class=\"num\">1</td><td class=\"num\">1</td>"
        r"<td class=\"num\">0</td>",
        page,
        re.S,
    )
    resp = op.post(
        "/operator/tenants",
        data={
            "slug": "fresh",
            "name": "Fresh e.V.",
            "policy": "members",
            "owner_email": "fred@example.org",
        },
    )
    assert resp.status_code == 201
    assert "set-password?token=" in resp.get_data(as_text=True)
    assert outbox()[-1][0] == "fred@example.org"
    bad = op.post("/operator/tenants", data={"slug": "Bad!", "name": "", "policy": "open"})
    assert bad.status_code == 422
    resp = op.post(
        f"/operator/tenants/{slug}",
        data={
            "max_open_decisions": "1",
            "max_ballots": "",
            "max_members": "5",
            "custom_domain": "",
        },
    )
    assert resp.status_code == 303
    refused = api.call(
        "POST",
        "/decisions",
        {"title": "more", "method": "consensus", "options": [{"label": "a"}, {"label": "b"}]},
    )
    assert refused.status_code == 403
    assert op.post(f"/operator/tenants/{slug}/state", data={"disabled": "1"}).status_code == 303
    assert app.test_client().get(f"/t/{slug}/d/{d['id']}").status_code == 404
    # not for anyone else
    assert Browser(app).get("/operator/").status_code == 303
    make_member_page = Browser(app).post(
        "/operator/login", data={"email": "fred@example.org", "password": "whatever whatever"}
    )
    assert make_member_page.status_code == 422


def test_cli_list_disable_enable(app, runner, make_tenant):
    make_tenant("acme")
    runner.invoke(args=["tenant", "disable", "acme"])
    assert "acme\tAcme\topen\ten (disabled)" in runner.invoke(args=["tenant", "list"]).output
    runner.invoke(args=["tenant", "enable", "acme"])
    assert "(disabled)" not in runner.invoke(args=["tenant", "list"]).output
    missing = runner.invoke(args=["tenant", "disable", "nope-nope"])
    assert missing.exit_code != 0


def test_a_tenant_on_its_own_host_name(app, make_tenant):
    from groupdecide.extensions import db
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import forget_hosts

    slug, _key = make_tenant("acme")
    with app.app_context():
        find_tenant(slug).custom_domain = "vote.acme.example"
        db.session.commit()
    forget_hosts()
    client = app.test_client()
    host = {"base_url": "https://vote.acme.example"}
    resp = client.post(
        "/api/v1/decisions",
        json={
            "title": "On our own host",
            "method": "consensus",
            "options": [{"label": "A"}, {"label": "B"}],
        },
        **host,
    )
    assert resp.status_code == 201, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["links"]["participate"] == f"https://vote.acme.example/d/{body['id']}"
    page = client.get(f"/d/{body['id']}", **host)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "On our own host" in text
    # links are generated without the prefix (the language switch keeps request.path, which
    # works as well: prefixed paths are served on the own host too)
    links = re.findall(r'(?:href|action|src)="(/[^"]*)"', text)
    assert any(x.startswith(f"/d/{body['id']}") for x in links)
    assert [x for x in links if x.startswith("/t/")] == [
        x for x in links if x.startswith("/t/acme/d/") and "lang=" in x
    ]
    static = client.get("/static/css/app.css", **host)
    assert static.status_code == 200
    static.close()
    home = client.get("/", **host)
    assert home.status_code == 200
    assert "Acme" in text_of(home.get_data(as_text=True))
    # the prefixed address works there too, and the main host is unchanged
    assert client.get(f"/t/acme/d/{body['id']}", **host).status_code == 200
    assert client.get(f"/t/acme/d/{body['id']}").status_code == 200
    assert client.get(f"/d/{body['id']}").status_code == 404
    # another tenant's decision is not reachable through this host
    other = Api(app.test_client(), "public").create()
    assert client.get(f"/d/{other['id']}", **host).status_code == 404
    assert client.get(f"/t/public/d/{other['id']}", **host).status_code == 404
