"""A customer's own site embeds a ballot (Chromium): the site is served by a tiny http.server
on another origin; the participant answers inside the frame and sees the result there. The
same page from an origin the tenant does not list gets no ballot: the browser refuses the
frame (a CSP ``frame-ancestors`` violation) and the frame shows none of the page.

The origins: the app on ``http://localhost:PORT``, the customer's sites on
``http://127.0.0.1:PORT2`` (listed) and ``http://127.0.0.1:PORT3`` (not listed). localhost and
127.0.0.1 are different sites for the browser, so the frame is cross-site as on the real web:
its session cookie (which holds the CSRF token of the ballot form) only comes back because the
embed view sets it ``SameSite=None; Secure; Partitioned`` (Chromium accepts Secure cookies from
http://localhost, a secure context; it blocks third-party cookies, and without ``Partitioned``
(CHIPS) the cookie is dropped and the answer fails its CSRF check: seen in this test).
CSRF protection is on in this test."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from testkit import Api
from werkzeug.serving import make_server

from groupdecide.extensions import db


class _Site:
    """A customer's page on its own origin (one static HTML page)."""

    def __init__(self) -> None:
        self.html = b""
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(site.html)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.origin = f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def sites() -> Iterator[tuple[_Site, _Site]]:
    listed, unlisted = _Site(), _Site()
    yield listed, unlisted
    listed.close()
    unlisted.close()


@pytest.fixture
def app_on_localhost(app: Any) -> Iterator[str]:
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def _setup(app: Any, allowed_origin: str) -> dict[str, Any]:
    from groupdecide.services.tenants import create_tenant

    with app.app_context():
        tenant, _key = create_tenant("acme", "Acme")
        tenant.frame_ancestors = allowed_origin
        db.session.commit()
    return Api(app.test_client(), "acme").create(
        "single", labels=("Tea", "Coffee"), title="Drinks at the party?"
    )


def _page(snippet: str) -> bytes:
    return (
        "<!doctype html><html><head><title>Acme intranet</title></head><body>"
        f"<h1>Our intranet</h1>{snippet}</body></html>"
    ).encode()


@pytest.mark.app_config(ALLOWED_HOSTS="localhost 127.0.0.1", WTF_CSRF_ENABLED=True)
def test_a_listed_site_embeds_the_ballot_and_an_unlisted_one_is_refused(
    app, app_on_localhost, sites, new_page
):
    listed, unlisted = sites
    d = _setup(app, listed.origin)
    base = app_on_localhost
    snippet = (
        f'<iframe src="{base}/t/acme/d/{d["id"]}?embed=1" title="Drinks" loading="lazy" '
        f'data-groupdecide width="100%" height="150"></iframe>'
        f'<script src="{base}/static/js/embed-host.js" async></script>'
    )
    listed.html = unlisted.html = _page(snippet)

    page, watch = new_page()
    page.goto(listed.origin + "/")
    frame = page.frame_locator("iframe[data-groupdecide]")
    frame.get_by_role("heading", name="Drinks at the party?").wait_for()
    # the frame sized itself to its page (the host script set the height it was told)
    page.wait_for_function(
        "() => parseInt(document.querySelector('iframe').style.height || '0') > 150"
    )
    assert frame.locator("header.site-header").count() == 0
    assert frame.get_by_role("link", name="Open in full").get_attribute("target") == "_blank"
    frame.get_by_label("Tea").check()
    frame.locator("#f-name").fill("Ann")
    frame.locator("form:has(#f-name) button[type=submit]").first.click()
    frame.get_by_role("heading", name="Thank you, your answer is saved").wait_for()
    frame.get_by_role("link", name="See the results so far").click()
    frame.get_by_text("1 person has answered").first.wait_for()
    assert "embed=1" in page.frames[1].url
    # the frame's cookie is the partitioned one of this embedding site (CHIPS)
    (cookie,) = page.context.cookies()
    assert cookie["sameSite"] == "None"
    assert cookie["secure"]
    assert watch.problems == []

    # the same page from an origin the tenant does not list: refused
    other, _watch = new_page()
    with other.expect_console_message(
        lambda m: "frame-ancestors" in m.text, timeout=15000
    ) as refused:
        other.goto(unlisted.origin + "/")
    assert "violates" in refused.value.text
    assert f"frame-ancestors {listed.origin}" in refused.value.text
    assert other.frame_locator("iframe").get_by_text("Drinks at the party?").count() == 0
