"""``/decisions/{id}/rounds``: start another round; the rounds so far (part two)."""

from __future__ import annotations

from typing import Any, TypedDict

from flask import request
from flask.views import MethodView

from groupdecide.models import Decision
from groupdecide.services import auth, decisions, results, rounds, viewer_links
from groupdecide.services.rounds import RoundJSON

from .blueprint import BEARER, BEARER_OR_NONE, bearer, bp, decision_of, require_admin
from .decisions import DecisionJSON, decision_json
from .schemas.decisions import DecisionSchema
from .schemas.rounds import RoundListSchema, RoundStartSchema

# ``GET …/results?round=N`` (documented on the results path)
ROUND_PARAMETER = {
    "in": "query",
    "name": "round",
    "required": False,
    "schema": {"type": "integer", "minimum": 1},
    "description": "the round whose results to answer: an earlier round as it closed "
    "(labels as they were), the current one live; without it, the current round. "
    "404 for a round that never was, 422 for a value that is not an integer.",
}


class RoundListJSON(TypedDict):
    items: list[RoundJSON]


def reader_is_admin(decision: Decision) -> bool:
    """Whether the request's token has the admin rights. Any other token reads what no token
    reads (only ``…/results`` answers 401 for a token not valid here, as the contract says)."""
    token = bearer()
    return bool(token) and auth.is_admin(decision, token)


def round_result(decision: Decision, as_admin: bool) -> dict[str, Any]:
    """The results the request asks for: ``?round=N`` or the current round."""
    number = rounds.parse_round(request.args.get("round"))
    return rounds.result_of_round(decision, number, as_admin=as_admin)


@bp.route("/decisions/<decision_id>/rounds")
class Rounds(MethodView):
    @bp.arguments(RoundStartSchema)
    @bp.response(201, DecisionSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any], decision_id: str) -> DecisionJSON:
        """Start another round of a closed decision (admin token; 409 unless closed): the
        options carry over, the ballots of the round before are kept with its result, the
        new round starts with none; invites are fresh; ``closes_at`` is cleared unless
        given."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        rounds.start_round(decision, data)
        return decision_json(decision, 0)

    @bp.response(200, RoundListSchema)
    @bp.doc(security=BEARER_OR_NONE)
    def get(self, decision_id: str) -> RoundListJSON:
        """Every round, oldest first, the current one last (its ``closed_at`` null while
        open); visible where the results are (403 results_hidden otherwise)."""
        decision = decision_of(decision_id)
        as_admin = reader_is_admin(decision)
        viewer = not as_admin and viewer_links.resolve(decision, bearer()) is not None
        if not viewer:  # a viewer link reads the results whatever settings.results says
            results.require_results_visible(decision, as_admin=as_admin)
        return {"items": rounds.rounds_list(decision, as_admin=as_admin)}
