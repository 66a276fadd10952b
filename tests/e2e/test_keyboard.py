"""A keyboard-only walk: create, answer and read the results of a consensus decision, a ranked
one and a date poll with Tab, arrows, Space and Enter only. Every control is reachable, the
focused one is visibly marked, and Tab never gets stuck (no trap)."""

from __future__ import annotations

from typing import Any

import pytest
from testkit import Api

pytestmark = pytest.mark.sqlite_only  # the pages are the same on either database

# What the focused element is, and whether it shows a focus mark (an outline or a ring).
FOCUSED_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const marked = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
    || (s.boxShadow && s.boxShadow !== 'none');
  let mark = marked;
  // a visually hidden radio or checkbox marks its label instead (the scale's buttons)
  if (!mark && el.id) {
    const label = document.querySelector(`label[for="${el.id}"]`);
    if (label) {
      const l = getComputedStyle(label);
      mark = (l.outlineStyle !== 'none' && parseFloat(l.outlineWidth) > 0)
        || (l.boxShadow && l.boxShadow !== 'none');
    }
  }
  const key = el.id || el.name || el.getAttribute('href') || el.textContent.trim().slice(0, 40);
  return {key: `${el.tagName.toLowerCase()}:${key}`, marked: mark};
}
"""

# Every control a keyboard user must reach (visible, enabled, not inert), one per radio group.
CONTROLS_JS = """
() => {
  const seen = new Set();
  const out = [];
  for (const el of document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')) {
    if (el.disabled || el.type === 'hidden' || el.tabIndex < 0) continue;
    if (el.closest('[hidden], [inert]')) continue;
    const box = el.getBoundingClientRect();
    const radio = el.type === 'radio';
    const label = el.id && document.querySelector(`label[for="${el.id}"]`);
    const visible = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    const shown = visible || (label && label.getBoundingClientRect().width > 0);
    if (!shown) continue;
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    if (radio) {
      if (seen.has(el.name)) continue;
      seen.add(el.name);
      out.push(`radio-group:${el.name}`);
      continue;
    }
    const key = el.id || el.name || el.getAttribute('href') || el.textContent.trim().slice(0, 40);
    out.push(`${el.tagName.toLowerCase()}:${key}`);
  }
  return out;
}
"""


RADIO_GROUP_JS = """
() => {
  const e = document.activeElement;
  return e.type === 'radio' ? 'radio-group:' + e.name : null;
}
"""


def _tab_walk(page: Any, limit: int = 400) -> tuple[list[str], list[str]]:
    """Tab from the top of the page until focus comes round again. Returns the focused keys
    in order (radio groups as one) and the ones without a visible focus mark."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    order: list[str] = []
    unmarked: list[str] = []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED_JS)
        if now is None:
            if order:
                break  # left the page: the walk came round
            continue
        name = page.evaluate(RADIO_GROUP_JS)
        key = name or now["key"]
        if first is None:
            first = key
        elif key == first:
            break
        if not order or order[-1] != key:
            order.append(key)
        if not now["marked"] and key not in unmarked:
            unmarked.append(key)
    else:
        raise AssertionError(f"Tab never came round after {limit} presses: a trap? {order[-5:]}")
    return order, unmarked


def _check_page(page: Any) -> None:
    controls = page.evaluate(CONTROLS_JS)
    order, unmarked = _tab_walk(page)
    missing = [c for c in controls if c not in order]
    assert missing == [], f"not reachable by Tab: {missing}"
    assert unmarked == [], f"no visible focus: {unmarked}"


def _focus(page: Any, selector: str, limit: int = 300) -> None:
    """Tab (only Tab) until ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached by Tab")


@pytest.fixture
def kb_page(browser: Any) -> Any:
    ctx = browser.new_context(locale="en-US")
    yield ctx.new_page()
    ctx.close()


def test_create_a_consensus_decision_answer_and_read_the_results_by_keyboard(live_server, kb_page):
    page = kb_page
    page.goto(f"{live_server}/t/public/new")
    _check_page(page)
    _focus(page, "#f-title")
    page.keyboard.type("Where do we eat?")
    _focus(page, "input[name=option]")
    page.keyboard.type("Curry")
    page.keyboard.press("Tab")
    page.keyboard.type("Pizza")
    _focus(page, "form button[type=submit].primary, form button[type=submit][name=create]")
    with page.expect_navigation(url="**/share"):
        page.keyboard.press("Enter")
    _check_page(page)
    participate = page.locator("input[readonly]").first.input_value()

    page.goto(participate)
    _check_page(page)
    # the first proposal: Tab into its scale, arrows to 3
    _focus(page, "fieldset.proposal .scale-input")
    for _ in range(4):  # not rated -> 0 -> 1 -> 2 -> 3
        page.keyboard.press("ArrowRight")
    checked = page.evaluate("() => document.activeElement.value")
    assert checked == "3"
    _focus(page, "#f-name")
    page.keyboard.type("Kim")
    _focus(page, "form.js-ballot button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Thank you, your answer is saved" in page.inner_text("main")

    page.goto(participate.rstrip("/") + "/results")
    _check_page(page)
    assert "1 person has answered." in page.inner_text("main")


@pytest.mark.parametrize("method", ["ranked", "schedule"])
def test_answer_ranked_and_date_polls_by_keyboard(live_server, client, kb_page, method):
    api = Api(client)
    labels = ("2030-06-01 10:00", "2030-06-02 10:00") if method == "schedule" else ("A", "B", "C")
    d = api.create(method=method, labels=labels)
    page = kb_page
    base = f"{live_server}/t/public/d/{d['id']}"
    page.goto(f"{base}/admin/{d['admin_token']}")
    _check_page(page)
    page.goto(base)
    _check_page(page)
    if method == "schedule":
        _focus(page, "input[type=radio]")
        page.keyboard.press("ArrowRight")  # the slot's next answer
    else:
        _focus(page, "select")
        page.keyboard.press("ArrowDown")
    _focus(page, "#f-name")
    page.keyboard.type("Kim")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ballots = api.call("GET", f"/decisions/{d['id']}/ballots", token=d["admin_token"]).get_json()
    assert [b["name"] for b in ballots["items"]] == ["Kim"], page.inner_text("main")[:1500]
    page.goto(f"{base}/results")
    _check_page(page)


def test_the_record_prints_on_a4_and_saves_as_pdf(live_server, client, browser):
    api = Api(client)
    d = api.create(labels=("Lake", "Park"))
    ids = [o["id"] for o in d["decision"]["options"]]
    api.cast(d["id"], {ids[0]: 2, ids[1]: 6})
    for locale, lang, words in (
        ("en-US", "en", "Save as PDF"),
        ("de-DE", "de", "Als PDF speichern"),
    ):
        ctx = browser.new_context(locale=locale)
        try:
            page = ctx.new_page()
            page.goto(f"{live_server}/t/public/d/{d['id']}/admin/{d['admin_token']}")
            page.goto(f"{live_server}/t/public/d/{d['id']}/record?lang={lang}")
            assert words in page.inner_text("main")
            pdf = page.pdf(prefer_css_page_size=True)
            assert pdf.startswith(b"%PDF")
            # A4 is 595 x 842 points
            assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf
        finally:
            ctx.close()
