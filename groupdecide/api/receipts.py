"""``/decisions/{id}/receipts``: every counted ballot's receipt and answers, once closed."""

from __future__ import annotations

from typing import TypedDict

from flask.views import MethodView

from groupdecide.services import receipts, results, viewer_links
from groupdecide.services.receipts import ReceiptJSON

from .blueprint import BEARER_OR_NONE, bearer, bp, decision_of
from .rounds import reader_is_admin
from .schemas.rounds import ReceiptListSchema


class ReceiptListJSON(TypedDict):
    items: list[ReceiptJSON]


@bp.route("/decisions/<decision_id>/receipts")
class Receipts(MethodView):
    @bp.response(200, ReceiptListSchema)
    @bp.doc(security=BEARER_OR_NONE)
    def get(self, decision_id: str) -> ReceiptListJSON:
        """Where ``settings.receipts`` is on (else 403 forbidden), once the decision is closed
        (else 409) and where the results are visible (else 403 results_hidden): every counted
        online ballot of the current round as its receipt and answers, sorted by receipt, no
        names, no times. Counting them (plus the hand counts) gives the published results."""
        decision = decision_of(decision_id)
        as_admin = reader_is_admin(decision)
        viewer = not as_admin and viewer_links.resolve(decision, bearer()) is not None
        receipts.require_listable(decision)
        if not viewer:  # a viewer link reads the results whatever settings.results says
            results.require_results_visible(decision, as_admin=as_admin)
        return {"items": receipts.receipts(decision)}
