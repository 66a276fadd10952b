"""Markdown to safe HTML: markdown-it-py with raw HTML switched off, then nh3 as the wall."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

# Only what Markdown produces; no images (they would load from other hosts, which the CSP
# refuses anyway) and no attribute that could carry style or script.
TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str | None) -> Markup:
    """``text`` as sanitized HTML; links get rel="noopener noreferrer nofollow"."""
    if not text:
        return Markup("")
    return _rendered(text)


# Rendering and sanitizing is the slow part of a page with a long discussion; a text renders
# the same every time (comments are never edited), so each is rendered once per worker.
@lru_cache(maxsize=4096)
def _rendered(text: str) -> Markup:
    html = _md.render(text)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitized by nh3 just above
