"""A viewer link opened in a browser is exchanged for a cookie (``session["viewers"]``: a
decision id to its viewer token), like the admin link; the results pages then show the
results whatever ``settings.results`` says, read-only."""

from __future__ import annotations

from flask import session

from groupdecide.models import Decision
from groupdecide.services import viewer_links

from .capabilities import _forget, _remember

VIEWERS_MAX = 20


def remember_viewer(decision_id: str, token: str) -> None:
    _remember("viewers", decision_id, token, VIEWERS_MAX)


def forget_viewer(decision_id: str) -> None:
    _forget("viewers", decision_id)


def is_viewer(decision: Decision) -> bool:
    """This browser holds a live viewer link of the decision."""
    token = (session.get("viewers") or {}).get(decision.id)
    return isinstance(token, str) and viewer_links.resolve(decision, token) is not None
