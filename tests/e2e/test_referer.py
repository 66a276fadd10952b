"""The admin token never reaches another origin in a Referer."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from testkit import Api


def test_admin_token_not_sent_to_other_origin(live_server, new_page, client):
    seen: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path.startswith("/landing"):
                seen.append(self.headers.get("Referer"))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<!doctype html><title>elsewhere</title>elsewhere")

        def log_message(self, *args):
            pass

    other = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    elsewhere = f"http://localhost:{other.server_port}/landing"
    try:
        d = Api(client).create(description=f"See [the other site]({elsewhere}) first.")
        tok = d["admin_token"]
        page, _ = new_page()
        page.goto(f"{live_server}/t/public/d/{d['id']}/admin/{tok}")
        assert tok not in page.url  # exchanged for a cookie at once
        page.goto(f"{live_server}/t/public/d/{d['id']}")
        page.click("a[href*='localhost:']")
        page.wait_for_load_state("load")
        page.goto(f"{live_server}/t/public/d/{d['id']}/admin")
        link = page.locator("a[href*='localhost:']")
        if link.count():
            link.first.click()
            page.wait_for_load_state("load")
        assert seen, "the other site was not reached"
        for referer in seen:
            assert referer is None or tok not in referer
            assert referer is None  # Referrer-Policy: same-origin sends none across origins
    finally:
        other.shutdown()
