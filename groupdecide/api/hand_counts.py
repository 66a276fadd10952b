"""``/decisions/{id}/hand-counts``: a meeting room's answers (admin token)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from groupdecide.services import decisions, hand_counts

from .blueprint import BEARER, bp, decision_of, require_admin
from .schemas.hand_counts import HandCountInSchema, HandCountListSchema, HandCountSchema


@bp.route("/decisions/<decision_id>/hand-counts")
class HandCountCollection(MethodView):
    @bp.response(200, HandCountListSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str) -> dict[str, Any]:
        """The hand counts of the current round, oldest first (admin token; an extension)."""
        decision = decision_of(decision_id)
        require_admin(decision)
        return {"items": [hand_counts.hand_count_json(hc) for hc in hand_counts.current(decision)]}

    @bp.arguments(HandCountInSchema)
    @bp.response(201, HandCountSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any], decision_id: str) -> dict[str, Any]:
        """Add a room's count (admin token; phase voting, else 409): counted exactly as
        ``people`` ballots, at once. Every problem is named (422): ``counts.17.11`` for an
        answer value 11 the method does not take, ``people``, ``ballots.0.answers.17``."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        return hand_counts.hand_count_json(hand_counts.add_hand_count(decision, data))


@bp.route("/decisions/<decision_id>/hand-counts/<int:hand_count_id>")
class HandCountItem(MethodView):
    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, decision_id: str, hand_count_id: int) -> None:
        """Remove a hand count of the current round (admin token; phase voting, else 409)."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        hand_counts.remove_hand_count(decision, hand_counts.get_hand_count(decision, hand_count_id))
