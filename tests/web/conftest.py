"""Helpers for the web tests: a browser-like client that checks every page it gets."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
import sqlalchemy as sa

STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.I)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)
HANDLER_ATTR = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def assert_clean_html(text: str) -> None:
    """What the CSP demands of every page: no style attributes, no inline handlers, and no
    script without a source file or the nonce."""
    assert not STYLE_ATTR.search(text), "a style attribute is on the page"
    assert not HANDLER_ATTR.search(text), "an inline event handler is on the page"
    for tag in SCRIPT_TAG.findall(text):
        assert " src=" in tag or " nonce=" in tag, f"inline script without nonce: {tag}"


def field_value(page: str, field_id: str) -> str:
    """The value of the input with this id."""
    match = re.search(rf'<input[^>]*id="{re.escape(field_id)}"[^>]*value="([^"]*)"', page)
    assert match, f"no input {field_id}"
    return html.unescape(match.group(1))


def option_ids(page: str) -> list[int]:
    """The option ids of the ballot on a participation page, in page order."""
    seen: list[int] = []
    for oid in re.findall(r'name="answer-(\d+)"', page):
        if int(oid) not in seen:
            seen.append(int(oid))
    return seen


def text_of(page: str) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


class Browser:
    """A test client that keeps its cookies like a browser and checks each HTML page."""

    def __init__(self, app: Any) -> None:
        self.client = app.test_client()

    def _check(self, resp: Any) -> Any:
        if resp.mimetype == "text/html":
            assert_clean_html(resp.get_data(as_text=True))
        return resp

    def get(self, url: str, **kw: Any) -> Any:
        return self._check(self.client.get(url, **kw))

    def post(self, url: str, data: Any = None, **kw: Any) -> Any:
        return self._check(self.client.post(url, data=data, **kw))

    def page(self, url: str, status: int = 200, **kw: Any) -> str:
        resp = self.get(url, **kw)
        assert resp.status_code == status, (resp.status_code, resp.get_data(as_text=True)[:2000])
        return resp.get_data(as_text=True)


@pytest.fixture
def browser(app: Any) -> Any:
    """Make a new browser (its own cookies) per call."""
    return lambda: Browser(app)


@pytest.fixture
def count_rows(app: Any) -> Any:
    """How many rows of a model exist, over all tenants."""

    def count(model: Any) -> int:
        from groupdecide.extensions import db

        with app.app_context():
            return int(
                db.session.execute(
                    sa.select(sa.func.count()).select_from(model),
                    execution_options={"all_tenants": True},
                ).scalar_one()
            )

    return count


def create_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "method": "consensus",
        "title": "Where do we go for the team outing?",
        "description": "We have **one day** in June.",
        "conditions": "Budget: 500 euros.",
        "option": ["Hiking", "Boat trip", ""],
        "passive_label": "Everything stays as it is",
        "start_phase": "voting",
        "results": "public",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organizer(browser: Any) -> Any:
    """Create a decision through the form; returns (browser, decision id, admin link)."""

    def make(**overrides: Any) -> tuple[Browser, str, str]:
        b = browser()
        resp = b.post("/t/public/new", data=create_form(**overrides))
        assert resp.status_code == 303, resp.get_data(as_text=True)[:3000]
        share_url = resp.headers["Location"]
        decision_id = share_url.split("/d/")[1].split("/")[0]
        share = b.page(share_url)
        admin_link = field_value(share, "f-admin_link")
        return b, decision_id, admin_link

    return make
