"""``/decisions/{id}/copy``: a new decision with the same question, settings and options."""

from __future__ import annotations

from typing import Any, ClassVar

from flask.views import MethodView

from groupdecide.extensions import configured_limit, limiter
from groupdecide.services import copies
from groupdecide.tenancy import current_tenant
from groupdecide.web.actor import api_actor

from .blueprint import BEARER, bearer, bp, decision_of, require_admin
from .decisions import DecisionCreatedJSON, decision_json, links
from .schemas.integrations import CopyCreatedSchema, CopySchema


@bp.route("/decisions/<decision_id>/copy")
class DecisionCopy(MethodView):
    decorators: ClassVar[list[Any]] = [
        limiter.limit(configured_limit("RATELIMIT_CREATE"), methods=["POST"])
    ]

    @bp.arguments(CopySchema)
    @bp.response(201, CopyCreatedSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any], decision_id: str) -> DecisionCreatedJSON:
        """Copy the decision (admin token or tenant API key): the same title, description,
        method, settings and options (hidden ones stay hidden), no ballots; the phase is
        ``start_phase`` unless the body says otherwise (``{}`` for none, as every body of
        this API is required; or ``{"title": "…", "start_phase": "collecting"}``). Answers
        like a create."""
        decision = decision_of(decision_id)
        require_admin(decision)
        copy, token = copies.copy_decision(current_tenant(), api_actor(bearer()), decision, data)
        return {
            "id": copy.id,
            "admin_token": token,
            "links": links(copy, token),
            "decision": decision_json(copy, 0),
        }
