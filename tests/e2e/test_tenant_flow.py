"""A customer sets up its space, as a new user would, in a real browser: the operator creates
the tenant from the CLI, the owner follows the set-up link from the outbox, brands the space,
invites a member; the member starts a decision; participants see the branding."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from PIL import Image

from groupdecide.services.mail import read_outbox

PASSWORD = "correct horse battery staple 42"


def _links(app, to: str) -> list[str]:
    mails = [m for m in read_outbox(Path(app.instance_path) / "outbox") if m["To"] == to]
    return re.findall(r"https?://\S+", mails[-1].get_content()) if mails else []


HEADER_CONTRAST_JS = """
() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.querySelectorAll('header a, header button, header span')) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(`${el.tagName} "${el.textContent.trim()}" ${ratio.toFixed(2)}`);
  }
  return low;
}
"""


def test_customer_sets_up_and_runs_its_space(app, live_server, new_page, tmp_path):
    app.config["PUBLIC_URL"] = live_server
    result = app.test_cli_runner().invoke(
        args=[
            "tenant",
            "create",
            "verein",
            "--name",
            "Verein e.V.",
            "--owner-email",
            "owner@verein.example",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    created = json.loads(result.output.strip().splitlines()[-1])
    setup = _links(app, "owner@verein.example")
    assert setup
    assert setup[0] == created["setup_link"]

    owner, watch = new_page()
    owner.goto(setup[0])
    owner.fill("input[name=password]", PASSWORD)
    owner.fill("input[name=password_confirm]", PASSWORD)
    owner.locator("form button[type=submit]").last.click()
    owner.wait_for_load_state("load")
    assert "/t/verein/" in owner.url

    owner.goto(f"{live_server}/t/verein/admin/settings")
    owner.fill("input[name=name]", "Turnverein Musterstadt")
    owner.fill("input[name=brand_color]", "#5b2a86")
    owner.select_option("select[name=locale]", "de")
    owner.get_by_role("button", name=re.compile("Save the settings")).click()
    owner.wait_for_load_state("load")
    logo = tmp_path / "logo.png"
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (91, 42, 134)).save(buf, format="PNG")
    logo.write_bytes(buf.getvalue())
    owner.goto(f"{live_server}/t/verein/admin/settings")
    owner.set_input_files("input[name=logo]", str(logo))
    owner.locator("form", has=owner.locator("input[name=logo]")).locator(
        "button[type=submit]"
    ).first.click()  # the space speaks German now
    owner.wait_for_load_state("load")

    # every control in the branded header stays readable (brand colour on brand colour made
    # the "Log out" button vanish): text against the background it stands on, WCAG 4.5:1
    owner.goto(f"{live_server}/t/verein/")
    low = owner.evaluate(HEADER_CONTRAST_JS)
    assert low == [], low
    assert owner.locator("header button", has_text=re.compile("Abmelden|Log out")).count() == 1

    owner.goto(f"{live_server}/t/verein/admin/members")
    owner.fill("input[name=email]", "mia@verein.example")
    owner.locator("form", has=owner.locator("input[name=email]")).locator(
        "button[type=submit]"
    ).click()
    owner.wait_for_load_state("load")
    invitation = _links(app, "mia@verein.example")
    assert invitation, "no invitation mail in the outbox"
    assert watch.problems == []

    member, mwatch = new_page()
    member.goto(invitation[0])
    member.fill("input[name=password]", PASSWORD + "!")
    member.fill("input[name=password_confirm]", PASSWORD + "!")
    member.locator("form button[type=submit]").last.click()
    member.wait_for_load_state("load")
    member.goto(f"{live_server}/t/verein/new")
    member.fill("#f-title", "Sommerfest: wohin?")
    rows = member.locator("input[name=option]")
    rows.nth(0).fill("Am See")
    rows.nth(1).fill("Im Park")
    member.locator("form button[type=submit]").filter(
        has_text=re.compile("Create the decision|Entscheidung")
    ).last.click()
    member.wait_for_url(re.compile(r"/share$"))
    participate = member.locator("input[readonly]").first.input_value()
    assert mwatch.problems == []

    guest, gwatch = new_page(locale="en-US")  # the space speaks its own language
    guest.goto(participate)
    header = guest.locator("header").first.inner_text()
    # accounts are for the members: a participant's header has no "Log in" (the footer has)
    assert "Anmelden" not in header
    assert "Log in" not in header
    assert guest.locator("footer a[href$='/t/verein/login']").count() == 1
    assert "Turnverein Musterstadt" in header
    assert guest.locator("header img[src*='/t/verein/logo']").count() == 1
    css = guest.locator("link[href*='/t/verein/brand.css']")
    assert css.count() == 1
    brand = guest.request.get(live_server + css.first.get_attribute("href")).text()
    assert "#5b2a86" in brand.lower()
    assert guest.locator("html").get_attribute("lang") == "de"
    assert "Wie funktioniert das?" in guest.inner_text("main")  # pages in German
    assert "Am See" in guest.inner_text("main")
    assert gwatch.problems == []
    # the owner sees the member's decision on the dashboard
    owner.goto(f"{live_server}/t/verein/admin/")
    assert "Sommerfest: wohin?" in owner.inner_text("main")
