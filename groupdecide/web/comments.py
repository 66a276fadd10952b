"""The discussion on the participation and the admin page: one page of it at a time (470 long
comments on one page took 30 s), with links to earlier and to the newest comments."""

from __future__ import annotations

from typing import Any

from flask import request

from groupdecide import parsing
from groupdecide.models import Decision
from groupdecide.services import comments


def comment_page(decision: Decision, on: bool = True) -> dict[str, Any]:
    """The page that ``?comments_before=<id>`` asks for (the newest without it): ``comments``,
    ``comments_earlier`` (the id for the link to earlier ones, or None) and
    ``comments_paged`` (not the newest page: a link back to it)."""
    if not on:
        return {"comments": [], "comments_earlier": None, "comments_paged": False}
    before = parsing.parse_id(request.args.get("comments_before"))
    rows, earlier = comments.comment_page(decision, before=before)
    return {"comments": rows, "comments_earlier": earlier, "comments_paged": before is not None}
