"""A long discussion comes in pages, on the pages and in the API, and each comment's Markdown
is rendered once (issue 9: 470 long comments made the participate and admin pages take 30 s)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from groupdecide.extensions import db


def _comments(app: Any, decision_id: str, n: int) -> None:
    from groupdecide.models import Comment, Decision, Tenant
    from groupdecide.tenancy import tenant_context

    with app.app_context():
        decision = db.session.get(Decision, decision_id, execution_options={"all_tenants": True})
        tenant = db.session.get(Tenant, decision.tenant_id)
        # written as the tenant, as the app writes (on PostgreSQL row-level security checks it)
        with tenant_context(tenant):
            for i in range(n):
                db.session.add(
                    Comment(
                        tenant_id=decision.tenant_id,
                        decision_id=decision_id,
                        name=f"P{i}",
                        body=f"Comment number {i:03d} with **bold** text",
                    )
                )
            db.session.commit()


def _shown(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"Comment number (\d{3})", page)]


def _earlier(page: str) -> str | None:
    match = re.search(r'<a href="([^"]+)">Earlier comments</a>', page)
    return match.group(1).replace("&amp;", "&") if match else None


def test_the_participate_and_admin_pages_show_the_discussion_in_pages(app, client, api):
    made = api.create("consensus")
    _comments(app, made["id"], 120)
    client.get(urlsplit(made["links"]["admin"]).path)
    for start in (f"/t/public/d/{made['id']}", f"/t/public/d/{made['id']}/admin"):
        page = client.get(start).get_data(as_text=True)
        assert _shown(page) == list(range(70, 120))  # the newest page, oldest first in it
        assert "Newest comments" not in page
        page = client.get(_earlier(page)).get_data(as_text=True)
        assert _shown(page) == list(range(20, 70))
        assert "Newest comments" in page
        page = client.get(_earlier(page)).get_data(as_text=True)
        assert _shown(page) == list(range(0, 20))
        assert _earlier(page) is None


def test_the_api_lists_comments_with_a_cursor(api):
    made = api.create("consensus")
    _comments(api.client.application, made["id"], 120)
    first = api.call("GET", f"/decisions/{made['id']}/comments?limit=100").get_json()
    assert [c["body"][15:18] for c in first["items"]] == [f"{i:03d}" for i in range(100)]
    assert first["next"]
    rest = api.call("GET", f"/decisions/{made['id']}/comments?cursor={first['next']}").get_json()
    assert len(rest["items"]) == 20
    assert rest["next"] is None
    bad = api.call("GET", f"/decisions/{made['id']}/comments?cursor=99999999999999999999")
    assert bad.status_code == 422
    assert "cursor" in bad.get_json()["error"]["fields"]
    doc = api.client.get("/api/v1/openapi.json").get_json()
    params = doc["paths"]["/t/{tenant}/api/v1/decisions/{decision_id}/comments"]["get"][
        "parameters"
    ]
    assert {"cursor", "limit"} <= {p["name"] for p in params}


def test_each_comment_is_rendered_once(app, client, api, monkeypatch):
    from groupdecide.web import markup

    made = api.create("consensus")
    _comments(app, made["id"], 10)
    markup._rendered.cache_clear()
    calls: list[str] = []
    real = markup._md.render
    monkeypatch.setattr(markup._md, "render", lambda text: calls.append(text) or real(text))
    client.get(f"/t/public/d/{made['id']}")
    rendered = len([c for c in calls if "Comment number" in c])
    assert rendered == 10
    client.get(f"/t/public/d/{made['id']}")
    assert len([c for c in calls if "Comment number" in c]) == rendered
