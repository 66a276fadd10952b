"""``/decisions/{id}/log``: what the organizer did."""

from __future__ import annotations

from typing import Any, TypedDict

from flask.views import MethodView

from groupdecide.services import decision_log

from .blueprint import BEARER, bp, decision_of, require_admin
from .schemas import LogSchema


class LogJSON(TypedDict):
    items: list[dict[str, Any]]  # decision_log.entry_json: at, action, detail


@bp.route("/decisions/<decision_id>/log")
class DecisionLog(MethodView):
    @bp.response(200, LogSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str) -> LogJSON:
        """What the organizer did, oldest first (admin token)."""
        decision = decision_of(decision_id)
        require_admin(decision)
        return {"items": [decision_log.entry_json(e) for e in decision_log.entries(decision)]}
