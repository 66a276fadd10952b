"""The discussion below the question: adding a comment."""

from __future__ import annotations

from flask import redirect, request, url_for
from werkzeug.wrappers import Response as WResponse

from groupdecide.errors import DomainError
from groupdecide.extensions import configured_limit, limiter
from groupdecide.services import comments, decisions
from groupdecide.web import capabilities

from . import _render_participate, bp
from .vetoes import form_errors


@bp.post("/d/<decision_id>/comments")
@limiter.limit(configured_limit("RATELIMIT_BALLOT"))
def comment(decision_id: str) -> WResponse | tuple[str, int]:
    """Add to the discussion."""
    decision = decisions.get_decision(decision_id)
    data = {"body": request.form.get("body", "")}
    if not decision.rules.anonymous:
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
