"""Participation pages around the ballot: the discussion, the decision record and the live
results fragment."""

from __future__ import annotations

from flask import Response, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WResponse

from ...errors import DomainError
from ...extensions import configured_limit, limiter
from ...services import comments, decisions, results
from .. import capabilities
from ..helpers import locale_code
from . import _context, _render_participate, bp
from .results_view import record_context, results_page
from .vetoes import form_errors


@bp.post("/d/<decision_id>/comments")
@limiter.limit(configured_limit("RATELIMIT_BALLOT"))
def comment(decision_id: str) -> WResponse | tuple[str, int]:
    """Add to the discussion."""
    decision = decisions.get_decision(decision_id)
    data = {"body": request.form.get("body", "")}
    if not decisions.effective_settings(decision).get("anonymous"):
        data["name"] = request.form.get("name", "")
    try:
        comments.add_comment(
            decision,
            {**data, "invite": capabilities.invite_token(decision) or ""},
            ballot=capabilities.own_ballot(decision),
            as_admin=capabilities.is_admin(decision),
        )
    except DomainError as exc:
        errors = (
            form_errors(exc.fields, decision.method) if exc.status == 422 else {"body": exc.message}
        )
        return _render_participate(
            decision,
            status=exc.status,
            comment={
                "name": data.get("name", ""),
                "body": data["body"],
                "errors": {f"comment_{k}": v for k, v in errors.items()},
            },
        )
    return redirect(
        url_for("public.participate", decision_id=decision.id, _anchor="comments"), code=303
    )


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
    from ...services import decision_log

    return render_template(
        "public/record.html",
        **ctx,
        **record_context(decision, ctx),
        log=decision_log.entries(decision),
    ), 200
