"""Script injection in every text field never runs: no dialog, no script error, no CSP report."""

from __future__ import annotations

from typing import Any

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

JS_URLS = "els => els.map(e => e.getAttribute('href') ?? e.getAttribute('src'))"


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
        _assert_shown_as_text(page, payload, url)
    # the payloads were really on the pages, as text, in the fields they were typed into: the
    # title on the record, the option label and the commenter's name on the participation page
    # (the texts that are Markdown are checked by the element and link checks above)
    page.goto(closed + "/record")
    assert payload[:200] in page.inner_text("main")
    page.goto(base)
    assert page.locator(".comment").filter(has_text=payload[:100]).count() == 1
    assert payload[:300] in page.inner_text("main")
    assert watch.problems == [], watch.problems


def _assert_shown_as_text(page: Any, payload: str, url: str) -> None:
    """Each check fails when the payload is interpreted (checked by breaking the escaping)."""
    assert "<script>alert" not in page.content(), url
    # the tenant's name (the payload) is on every page, shown as text, not interpreted
    # (a template engine evaluating it would show 49 instead of {{7*7}})
    # (exactly so in the page title and the header: not evaluated, not cut, not interpreted)
    assert page.title().endswith(" · " + payload[:200]), url
    assert page.locator(".site-header .brand span").inner_text() == payload[:200].strip(), url
    # no element or attribute of the payload made it into the document
    assert page.locator("b", has_text="bold?").count() == 0, url
    assert page.locator("img[src='x'], svg[onload], iframe, [onerror], [onload]").count() == 0, url
    assert page.locator("script", has_text="alert(").count() == 0, url
    assert page.locator("style", has_text="display:none").count() == 0, url
    # and no link on the page (Markdown in the texts, the comment) runs script
    hrefs = page.eval_on_selector_all("[href], [src]", JS_URLS)
    assert not any(h.strip().lower().startswith("javascript:") for h in hrefs), (url, hrefs)
