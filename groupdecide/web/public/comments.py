"""The discussion below the question (and under each proposal): adding a comment."""

from __future__ import annotations

from typing import Any

from flask import redirect, request, url_for
from werkzeug.wrappers import Response as WResponse

from groupdecide.errors import DomainError
from groupdecide.extensions import configured_limit, limiter
from groupdecide.models import Decision
from groupdecide.services import comments, decisions
from groupdecide.web import capabilities

from . import _render_participate, bp
from .vetoes import form_errors


def post_comment(
    decision: Decision, option_id: int | None = None
) -> tuple[dict[str, Any], int] | None:
    """Add the posted comment (to the discussion, or on ``option_id``) as the form's reader may:
    None when it is stored, else what the form showed and the errors by field (``name``,
    ``body``), with the status to answer."""
    data: dict[str, Any] = {"body": request.form.get("body", "")}
    if option_id is not None:
        data["option_id"] = option_id
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
        return {"name": data.get("name", ""), "body": data["body"], "errors": errors}, exc.status
    return None


@bp.post("/d/<decision_id>/comments")
@limiter.limit(configured_limit("RATELIMIT_BALLOT"))
def comment(decision_id: str) -> WResponse | tuple[str, int]:
    """Add to the discussion."""
    decision = decisions.get_decision(decision_id)
    failed = post_comment(decision)
    if failed is not None:
        form, status = failed
        form["errors"] = {f"comment_{k}": v for k, v in form["errors"].items()}
        return _render_participate(decision, status=status, comment=form)
    return redirect(
        url_for("public.participate", decision_id=decision.id, _anchor="comments"), code=303
    )
