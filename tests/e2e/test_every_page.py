"""Every method's pages, in every phase, in both languages, on a 390 px phone: nothing wider
than the screen, and no serious or critical axe-core violation.

The decisions have long labels (30 to 60 characters) and long names, as real ones do; the
wide tables (the date grid, the pairwise matrix) may scroll inside their own box, never the
page."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from testkit import Api

from groupdecide.voting.methods import KEYS

PHONE = {"width": 390, "height": 844}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
LONG = (
    "Renovate the community hall's kitchen before winter",
    "A garden on the roof, with benches and raised beds for all",
    "Keep everything as it is for another year",
)
DATES = ("2030-06-01 10:00", "2030-06-02 18:30", "2030-06-03 09:15")
NAMES = ("Maximiliane Oberhauser-Schwarzenbach", "Bo", "Anna-Lena Müller-Lüdenscheidt")

# The widest thing on the page, outside boxes that scroll on their own (a table in
# .table-scroll may be wider than the screen; the page may not).
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      const own = s.overflowX === 'auto' || s.overflowX === 'scroll';
      if (own && p.clientWidth <= width) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const s = getComputedStyle(el);
    const visible = s.overflowX === 'visible';
    // text that overflows its box (a long word) widens the page without widening the box
    const reach = visible ? Math.max(r.right, r.left + el.scrollWidth) : r.right;
    // an SVG clips what it draws; the svg element itself is measured
    if (reach > width + 1 && !scrolls(el) && !el.ownerSVGElement) {
      const name = typeof el.className === 'string' ? el.className : '';
      const text = (el.textContent || '').trim().slice(0, 30);
      out.push(`${el.tagName.toLowerCase()}.${name} right=${Math.round(reach)} "${text}"`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: out.slice(0, 5)};
}
"""


def _answers(method: str, ids: list[int], n: int) -> dict[int, int]:
    """A valid, varied ballot for each method (the n-th participant)."""
    k = len(ids)
    if method == "consensus":
        return {i: (n * 3 + j * 4) % 11 for j, i in enumerate(ids)}
    if method == "single":
        return {ids[n % k]: 1}
    if method == "multiple":
        return {ids[n % k]: 1, ids[(n + 1) % k]: 1}
    if method == "yesno":
        return {i: (n + j) % 3 - 1 for j, i in enumerate(ids)}
    if method == "schedule":
        return {i: (n + j) % 3 for j, i in enumerate(ids)}
    if method == "ranked":
        return {i: (j + n) % k + 1 for j, i in enumerate(ids)}
    if method == "score":
        return {i: (n * 2 + j * 3) % 11 for j, i in enumerate(ids)}
    if method == "judgment":
        return {i: (n + j) % 6 for j, i in enumerate(ids)}
    if method == "dots":
        return {ids[n % k]: 6, ids[(n + 1) % k]: 4}
    raise AssertionError(f"no sample ballot for {method}")


def _decisions(api: Api, method: str) -> dict[str, dict[str, Any]]:
    """One decision of ``method`` per phase: collecting, voting (with ballots), closed."""
    labels = DATES if method == "schedule" else LONG
    settings: dict[str, Any] = {"vetoes": True} if method == "consensus" else {}
    out = {}
    for phase in ("collecting", "voting", "closed"):
        extra = {"start_phase": "collecting"} if phase == "collecting" else {}
        d = api.create(method=method, labels=labels, settings={**settings, **extra})
        if phase != "collecting":
            ids = [o["id"] for o in d["decision"]["options"] if o["passive"] is not True]
            if method == "consensus":
                ids = [o["id"] for o in d["decision"]["options"]]
            for n, name in enumerate(NAMES):
                api.cast(d["id"], _answers(method, ids, n), name=name)
        if phase == "closed":
            resp = api.call(
                "PATCH", f"/decisions/{d['id']}", {"phase": "closed"}, token=d["admin_token"]
            )
            assert resp.status_code == 200, resp.get_json()
        out[phase] = d
    return out


def _problems(page: Any, axe: Axe) -> list[str]:
    found = []
    fit = page.evaluate(OVERFLOW_JS)
    if fit["scroll"] > fit["width"]:  # the list of wide elements only says where
        found.append(f"wider than {fit['width']} px ({fit['scroll']}): {fit['wide']}")
    result = axe.run(page, options=RULES)
    for v in result.response["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
            found.append(f"axe {v['id']} ({v['impact']}): {v['help']} at {targets}")
    return found


# the layout is the same on either database: run once, on SQLite
@pytest.mark.sqlite_only
@pytest.mark.parametrize("method", KEYS)
def test_every_page_fits_a_phone_and_passes_axe(live_server, browser, client, method):
    api = Api(client)
    decisions = _decisions(api, method)
    axe = Axe()
    problems: dict[str, list[str]] = {}
    for locale, lang in (("en-US", "en"), ("de-DE", "de")):
        # a participant (no cookie) sees the ballot and the results; the organizer, whose
        # admin link sets the cookie, the admin page and the pages with the organizer's parts
        for who in ("participant", "organizer"):
            ctx = browser.new_context(locale=locale, viewport=PHONE)
            try:
                page = ctx.new_page()
                for phase, d in decisions.items():
                    base = f"{live_server}/t/public/d/{d['id']}"
                    paths = ["", "/results"]
                    if who == "organizer":
                        paths = [f"/admin/{d['admin_token']}", *paths]
                    for path in paths:
                        page.goto(f"{base}{path}?lang={lang}")
                        found = _problems(page, axe)
                        if found:
                            where = path.split("/")[1] if path else "participate"
                            problems[f"{lang} {who} {phase} {where}"] = found
            finally:
                ctx.close()
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
