"""The meeting room: a projector view of a decision for the organizer (admin cookie): the
question, a large QR code of the participation link, the link in large type and the live
result, without the organizer's controls. The result is the results page's own fragment,
refreshed by the page script as the results page is (``data-live-url``)."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request, url_for
from markupsafe import Markup

from groupdecide.models import Decision
from groupdecide.services import results
from groupdecide.web.methods import web_method
from groupdecide.web.page_globals import locale_code
from groupdecide.web.public import _context
from groupdecide.web.public.results_view import _participation

from . import _admin, bp

# The room refreshes faster than the results page: people watch the count go up.
ROOM_REFRESH_MS = 3000


def _room_results(decision: Decision, ctx: dict[str, Any], count: dict[str, Any]) -> Markup:
    """The results page's fragment for this count, without its own live region's refresh
    (the room's region refreshes it) and without names beside answers (a projector)."""
    extra = _participation(decision, ctx, count, True)
    extra["live_url"] = None
    extra["answer_table"] = None
    method = web_method(decision.method)
    page = render_template(
        method.results_page,
        **ctx,
        **extra,
        **method.results_context(decision, count, ctx["settings"], names=False),
    )
    # the page's last paragraph links back to the decision and the admin page: not here
    back = '<p><a href="' + url_for("public.participate", decision_id=decision.id) + '">'
    head, found, _links = page.rpartition(back)
    return Markup(head if found else page)  # noqa: S704 - a rendered (autoescaped) template


def _live_context(decision: Decision) -> tuple[dict[str, Any], dict[str, Any]]:
    ctx = _context(decision)
    count = results.count(decision, as_admin=True)
    return ctx, {
        "count": count,
        "room_results": _room_results(decision, ctx, count),
        "room_live_url": url_for("organizer.room_live", decision_id=decision.id)
        if ctx["phase"] != "closed"
        else None,
        "room_refresh": ROOM_REFRESH_MS,
    }


@bp.get("/d/<decision_id>/room")
def room(decision_id: str) -> str:
    """The projector view (admin cookie, as the admin page)."""
    decision, _token = _admin(decision_id)
    ctx, live = _live_context(decision)
    return render_template(
        "organizer/room.html",
        **ctx,
        **live,
        participate_url=url_for("public.participate", decision_id=decision.id, _external=True),
    )


@bp.get("/d/<decision_id>/room/live")
def room_live(decision_id: str) -> Response:
    """The room's live region alone, with an ETag: while nothing changed an empty 304."""
    decision, _token = _admin(decision_id)
    ctx, live = _live_context(decision)
    tag = results.etag(decision, live["count"], locale_code(), "room", ctx["ballot_count"])
    if tag in request.if_none_match:
        resp = Response(status=304)
    else:
        page = render_template("organizer/_room_live.html", **ctx, **live)
        resp = Response(page, mimetype="text/html")
    resp.set_etag(tag)
    return resp
