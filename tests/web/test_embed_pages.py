"""The embed view (``?embed=1``): only it may be framed, and only by the tenant's origins;
no header or footer, the sizing script, "Open in full"; answering inside keeps the view; the
snippets on the settings and the decision's admin page."""

from __future__ import annotations

import html
import re

from testkit import Api, log_in

from web.conftest import Browser, text_of

ORIGIN = "https://intranet.acme.example"


def _acme(app, make_member, frames=ORIGIN):
    make_member("acme", "olga@example.org")
    owner = Browser(app)
    log_in(owner.client, "acme", "olga@example.org")
    if frames is not None:
        from groupdecide.extensions import db
        from groupdecide.services.tenants import find_tenant

        with app.app_context():
            tenant = find_tenant("acme")
            tenant.frame_ancestors = frames
            db.session.commit()
    decision = Api(owner.client, "acme").create(
        "single", labels=("Tea", "Coffee"), title="Drinks?", settings={"results": "public"}
    )
    return owner, decision


def _csp(resp):
    return resp.headers["Content-Security-Policy"]


def test_only_embed_pages_may_be_framed_and_only_by_the_tenants_origins(app, make_member):
    _owner, d = _acme(app, make_member)
    visitor = Browser(app)
    for path in (f"/t/acme/d/{d['id']}?embed=1", f"/t/acme/d/{d['id']}/results?embed=1"):
        resp = visitor.get(path)
        assert resp.status_code == 200
        assert f"frame-ancestors {ORIGIN}" in _csp(resp)
        assert "X-Frame-Options" not in resp.headers
    for path in (
        f"/t/acme/d/{d['id']}",
        f"/t/acme/d/{d['id']}/results",
        "/t/acme/",
        "/t/acme/login",
        "/privacy",
        f"/t/acme/d/{d['id']}/qr.svg?embed=1",
    ):
        resp = visitor.get(path)
        assert "frame-ancestors 'none'" in _csp(resp), path
        assert resp.headers["X-Frame-Options"] == "DENY", path


def test_embed_view_without_listed_origins_is_refused_everywhere(app, make_member):
    _owner, d = _acme(app, make_member, frames=None)
    resp = Browser(app).get(f"/t/acme/d/{d['id']}?embed=1")
    assert "frame-ancestors 'none'" in _csp(resp)


def test_embed_layout_has_no_header_or_footer_and_sizes_itself(app, make_member):
    _owner, d = _acme(app, make_member)
    page = Browser(app).page(f"/t/acme/d/{d['id']}?embed=1")
    assert "site-header" not in page
    assert "site-footer" not in page
    assert "/static/js/embed.js" in page
    full = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener">Open in full</a>', page)
    assert full, page[:3000]
    assert "embed" not in html.unescape(full.group(1))
    assert f"/t/acme/d/{d['id']}" in full.group(1)
    normal = Browser(app).page(f"/t/acme/d/{d['id']}")
    assert "site-header" in normal
    assert "Open in full" not in normal
    assert "/privacy" in normal  # the footer links the retention statement


def test_answering_inside_the_frame_stays_embedded(app, make_member):
    _owner, d = _acme(app, make_member)
    tea = d["decision"]["options"][0]["id"]
    voter = Browser(app)
    page = voter.page(f"/t/acme/d/{d['id']}?embed=1")
    action = re.search(r'<form[^>]*method="post"[^>]*action="([^"]+)"', page)
    assert action, page[:3000]
    assert "embed=1" in html.unescape(action.group(1))
    resp = voter.post(html.unescape(action.group(1)), data={"name": "Ann", "choice": str(tea)})
    assert resp.status_code == 303
    thanks = resp.headers["Location"]
    assert "embed=1" in thanks
    resp = voter.get(thanks)
    assert resp.status_code == 200
    assert f"frame-ancestors {ORIGIN}" in _csp(resp)
    page = resp.get_data(as_text=True)
    assert "site-header" not in page
    results = re.search(r'href="([^"]*/results[^"]*)"', page)
    assert results
    assert "embed=1" in html.unescape(results.group(1))
    text = text_of(voter.page(html.unescape(results.group(1))))
    assert "1 person has answered." in text or "1 people have answered." in text


def test_session_cookie_in_the_embed_view_is_samesite_none_over_https(app, make_member):
    _owner, d = _acme(app, make_member)
    visitor = Browser(app)
    resp = visitor.get(f"/t/acme/d/{d['id']}?embed=1", base_url="https://gd.test")
    cookies = [c for c in resp.headers.getlist("Set-Cookie") if c.startswith("gd_session=")]
    assert cookies, resp.headers
    assert "SameSite=None" in cookies[0]
    assert "Secure" in cookies[0]
    assert "Partitioned" in cookies[0]
    resp = Browser(app).get(f"/t/acme/d/{d['id']}", base_url="https://gd.test")
    normal = [c for c in resp.headers.getlist("Set-Cookie") if c.startswith("gd_session=")]
    assert not normal or "SameSite=Lax" in normal[0]


def test_snippets_on_the_settings_and_the_admin_page(app, make_member):
    owner, d = _acme(app, make_member)
    page = owner.page("/t/acme/admin/settings")
    snippet = html.unescape(
        re.search(r'<textarea id="embed-[^"]+"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    )
    assert f'src="http://gd.test/t/acme/d/{d["id"]}?embed=1"' in snippet
    assert 'title="Drinks?"' in snippet
    assert 'loading="lazy"' in snippet
    assert '<script src="http://gd.test/static/js/embed-host.js"' in snippet
    assert ORIGIN in text_of(page)
    admin = Browser(app)
    resp = admin.get(f"/t/acme/d/{d['id']}/admin/{d['admin_token']}")
    assert resp.status_code == 303
    page = html.unescape(admin.page(resp.headers["Location"]))
    assert f'src="http://gd.test/t/acme/d/{d["id"]}/results?embed=1"' in page
    assert f'src="http://gd.test/t/acme/d/{d["id"]}?embed=1"' in page


def test_embed_pages_in_german(app, make_member):
    _owner, d = _acme(app, make_member)
    page = Browser(app).page(f"/t/acme/d/{d['id']}?embed=1&lang=de")
    assert "Vollständig öffnen" in page
