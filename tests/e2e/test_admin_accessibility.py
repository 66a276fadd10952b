"""axe-core over the tenant's admin area and the operator's area, logged in as a real user
would be, in both languages: no serious or critical violation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from groupdecide.services.mail import read_outbox

pytestmark = pytest.mark.sqlite_only  # the pages are the same on either database

PASSWORD = "correct horse battery staple 42"
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _link(app, to: str) -> str:
    mails = [m for m in read_outbox(Path(app.instance_path) / "outbox") if m["To"] == to]
    assert mails, f"no mail to {to}"
    return re.findall(r"https?://\S+", mails[-1].get_content())[0]


def _serious(page) -> list[str]:
    out = []
    for v in Axe().run(page, options=RULES).response["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
            out.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return out


def _set_password(page, link: str) -> None:
    page.goto(link)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password_confirm]", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()


def test_tenant_admin_and_operator_pages_pass_axe_in_both_languages(app, live_server, browser):
    app.config["PUBLIC_URL"] = live_server
    runner = app.test_cli_runner()
    made = runner.invoke(
        args=[
            "tenant",
            "create",
            "verein",
            "--name",
            "Verein",
            "--owner-email",
            "o@v.example",
            "--json",
        ]
    )
    assert made.exit_code == 0, made.output
    json.loads(made.output.strip().splitlines()[-1])
    assert runner.invoke(args=["operator", "create", "op@example.org"]).exit_code == 0
    problems: dict[str, list[str]] = {}
    for locale, lang in (("en-US", "en"), ("de-DE", "de")):
        ctx = browser.new_context(locale=locale)
        try:
            page = ctx.new_page()
            if lang == "en":
                _set_password(page, _link(app, "o@v.example"))
            else:
                page.goto(f"{live_server}/t/verein/login")
                page.fill("input[name=email]", "o@v.example")
                page.fill("input[name=password]", PASSWORD)
                with page.expect_navigation():
                    page.locator("form button[type=submit]").last.click()
            for path in (
                "/t/verein/admin/",
                "/t/verein/admin/members",
                "/t/verein/admin/settings",
                "/t/verein/admin/keys",
                "/t/verein/new",
            ):
                page.goto(f"{live_server}{path}?lang={lang}")
                assert page.url.startswith(f"{live_server}{path}"), page.url  # logged in
                found = _serious(page)
                if found:
                    problems[f"{lang} {path}"] = found
            op = ctx.new_page()
            if lang == "en":
                _set_password(op, _link(app, "op@example.org"))
            op.goto(f"{live_server}/operator/login?lang={lang}")
            found = _serious(op)
            if found:
                problems[f"{lang} /operator/login"] = found
            op.fill("input[name=email]", "op@example.org")
            op.fill("input[name=password]", PASSWORD)
            with op.expect_navigation():
                op.locator("form button[type=submit]").last.click()
            for path in ("/operator/", "/operator/tenants/verein"):
                op.goto(f"{live_server}{path}?lang={lang}")
                assert op.url.startswith(f"{live_server}{path}"), op.url
                found = _serious(op)
                if found:
                    problems[f"{lang} {path}"] = found
        finally:
            ctx.close()
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
