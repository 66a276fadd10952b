"""Script injection in every text field never runs: no dialog, no script error, no CSP report."""

from __future__ import annotations

import pytest
from testkit import Api

CORPUS = [
    "<script>alert('t1')</script>",
    "\"><img src=x onerror=alert('t2')>",
    "<svg onload=alert('t3')>",
    "[click](javascript:alert('t4'))",
    "</textarea><script>alert('t5')</script>",
    "'-alert('t6')-'",
    "{{7*7}}${7*7}<b>bold?</b>",
    "<iframe src=javascript:alert('t8')></iframe>",
    "<a href=\"javascript:alert('t9')\">x</a><style>body{display:none}</style>",
]


@pytest.mark.parametrize("payload", CORPUS)
def test_payload_in_every_field_never_runs(app, live_server, new_page, client, payload):
    from groupdecide.extensions import db
    from groupdecide.services.tenants import find_tenant

    with app.app_context():  # the tenant's name is shown on every page of the tenant
        find_tenant("public").name = payload[:200]
        db.session.commit()
    api = Api(client)
    body = {
        "title": payload[:200],
        "description": payload,
        "conditions": payload,
        "method": "consensus",
        "options": [
            {"label": payload[:300]},
            {"label": "Plain"},
            {"label": payload[:290] + " (passive)", "passive": True},
        ],
        "settings": {"start_phase": "collecting", "allow_proposals": True},
    }
    d = api.call("POST", "/decisions", body).get_json()
    assert "id" in d, d
    tok = d["admin_token"]
    # a participant proposes with the payload, then voting opens and they answer with it as name
    api.call("POST", f"/decisions/{d['id']}/options", {"label": payload[:280] + " 2"})
    api.call("PATCH", f"/decisions/{d['id']}", {"phase": "voting"}, token=tok)
    oid = d["decision"]["options"][0]["id"]
    r = api.call(
        "POST", f"/decisions/{d['id']}/ballots", {"name": payload[:100], "answers": {str(oid): 3}}
    )
    assert r.status_code == 201
    edit = live_server + "/" + r.get_json()["links"]["edit"].split("/", 3)[3]
    r = api.call("POST", f"/decisions/{d['id']}/comments", {"name": payload[:100], "body": payload})
    assert r.status_code == 201, r.get_json()
    # a second, closed decision with the payload as its outcome statement
    c = api.call("POST", "/decisions", {**body, "settings": {}}).get_json()
    api.call("PATCH", f"/decisions/{c['id']}", {"phase": "closed"}, token=c["admin_token"])
    r = api.call("PATCH", f"/decisions/{c['id']}", {"outcome": payload}, token=c["admin_token"])
    assert r.status_code == 200, r.get_json()
    closed = f"{live_server}/t/public/d/{c['id']}"
    base = f"{live_server}/t/public/d/{d['id']}"
    page, watch = new_page()
    for url in (
        base,
        base + "/results",
        f"{base}/admin/{tok}",
        base + "/share",
        edit,
        closed,
        closed + "/results",
        closed + "/record",
        live_server + "/t/public/",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        text = page.content()
        assert "<script>alert" not in text
        # the tenant's name (the payload) is on every page, shown as text, not interpreted
        # (a template engine evaluating it would show 49 instead of {{7*7}})
        assert payload[:200] in page.inner_text("body"), url
        # and no element of the payload made it into the document
        assert page.locator("b", has_text="bold?").count() == 0, url
        assert page.locator("img[src='x'], svg[onload], iframe").count() == 0, url
    # the payloads were really on the pages, as text: the title on the record, the commenter's
    # name in the comment
    page.goto(closed + "/record")
    assert payload[:200] in page.inner_text("main")
    page.goto(base)
    assert page.locator(".comment").filter(has_text=payload[:100]).count() == 1
    # every clickable link with the payload is harmless
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not any(h.strip().lower().startswith("javascript:") for h in hrefs)
    page.goto(base + "/results")
    assert watch.problems == [], watch.problems
