"""``/decisions/{id}/results``: the count, as far as the result visibility allows."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from groupdecide.errors import Unauthorized
from groupdecide.services import auth, ballots, notify, results, viewer_links
from groupdecide.web.actor import reading

from .blueprint import BEARER_OR_NONE, bearer, bp, decision_of
from .rounds import ROUND_PARAMETER, round_result
from .schemas import ResultSchema


@bp.route("/decisions/<decision_id>/results")
class Results(MethodView):
    @bp.response(200, ResultSchema)
    @bp.doc(security=BEARER_OR_NONE, parameters=[ROUND_PARAMETER])
    def get(self, decision_id: str) -> dict[str, Any]:
        """The count, as far as the decision's result visibility allows. A valid token of
        lesser rights (the edit token of one of this decision's ballots) reads what no token
        reads, never less; a token not valid for this decision (unknown, another decision's)
        answers 401, as the contract says."""
        decision = decision_of(decision_id)
        token = bearer()
        as_admin = bool(token) and auth.is_admin(decision, token)
        viewer = bool(token) and not as_admin and viewer_links.resolve(decision, token) is not None
        if token and not (as_admin or viewer) and ballots.ballot_by_token(decision, token) is None:
            raise Unauthorized("This token is not valid for this decision.")
        notify.observe(decision, reading=reading())
        if not viewer:  # a viewer link reads the results whatever settings.results says
            results.require_results_visible(decision, as_admin=as_admin)
        return round_result(decision, as_admin)  # ?round=N: part two, Rounds
