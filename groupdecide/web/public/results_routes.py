"""The results around the results page: the live fragment and the printable record."""

from __future__ import annotations

from flask import Response, g, render_template, request

from groupdecide.services import decisions, results
from groupdecide.web.page_globals import locale_code

from . import _context, bp
from .results_view import record_context, results_page


@bp.get("/d/<decision_id>/results/live")
def results_live(decision_id: str) -> Response | tuple[str, int]:
    """The results as a fragment for the page's script, with an ETag: while nothing changed
    the answer is an empty 304."""
    decision = decisions.get_decision(decision_id)
    ctx = _context(decision)
    if not ctx["results_visible"]:
        return render_template(
            "public/results_hidden.html", **ctx, layout="public/_fragment.html"
        ), 403
    count = results.count(decision, as_admin=ctx["is_admin"])
    tag = results.etag(decision, count, locale_code(), ctx["is_admin"], ctx["ballot_count"])
    if tag in request.if_none_match:
        resp = Response(status=304)
    else:
        page, _status = results_page(decision, ctx, count=count, fragment=True)
        resp = Response(page, mimetype="text/html")
    resp.set_etag(tag)
    resp.headers["Cache-Control"] = "no-cache, private"
    return resp


@bp.get("/d/<decision_id>/record")
def record(decision_id: str) -> tuple[str, int]:
    """The printable record of the decision: question, conditions, proposals, passive
    solution, figures, outcome, date and number of participants."""
    decision = decisions.get_decision(decision_id)
    ctx = _context(decision)
    if not ctx["results_visible"]:
        return render_template("public/results_hidden.html", **ctx), 403
    if ctx["is_admin"]:
        g.no_store = True
    from groupdecide.services import decision_log

    return render_template(
        "public/record.html",
        **ctx,
        **record_context(decision, ctx),
        log=decision_log.entries(decision),
    ), 200


@bp.get("/d/<decision_id>/slot.ics")
def slot_ics(decision_id: str) -> Response | tuple[str, int]:
    """The best time slot of a date poll as an iCalendar file, for everyone who may see the
    results (the organizer has the export of any slot on the admin page)."""
    from urllib.parse import urlsplit

    from werkzeug.exceptions import NotFound

    from groupdecide.services import exports, notify

    decision = decisions.get_decision(decision_id)
    ctx = _context(decision)
    if not ctx["results_visible"]:
        return render_template("public/results_hidden.html", **ctx), 403
    winners = results.count(decision, as_admin=ctx["is_admin"]).get("winners") or []
    option = next((o for o in decision.options if winners and o.id == winners[0]), None)
    if option is None or option.starts_at is None:
        raise NotFound()
    link = notify.mail_link("public.participate", decision)
    text = exports.slot_ics(
        decision, option, host=urlsplit(link).hostname or "groupdecide", link=link
    )
    resp = Response(text, mimetype="text/calendar")
    resp.headers["Content-Disposition"] = f'attachment; filename="{decision.id}-{option.id}.ics"'
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp
