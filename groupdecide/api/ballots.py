"""``/decisions/{id}/ballots``: cast, list, read, change and withdraw ballots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, NotRequired, TypedDict, cast

from flask import url_for
from flask.views import MethodView

from groupdecide.extensions import configured_limit, limiter
from groupdecide.models import Ballot
from groupdecide.services import auth, ballots, decision_log, results
from groupdecide.services.serialize import BallotJSON, ballot_json, is_anonymous

from .blueprint import BEARER, bearer, bp, decision_of, require_admin
from .schemas import (
    BallotCreatedSchema,
    BallotEditSchema,
    BallotInSchema,
    BallotListSchema,
    BallotSchema,
)


class EditLinkJSON(TypedDict):
    edit: str


class BallotCreatedJSON(TypedDict):
    id: int
    edit_token: str
    links: EditLinkJSON
    receipt: NotRequired[str]


class OwnBallotJSON(BallotJSON):
    receipt: NotRequired[str]


def own_ballot_json(ballot: Ballot, anonymous: bool) -> OwnBallotJSON:
    """One's own ballot, with its receipt where the decision gives receipts."""
    data = cast(OwnBallotJSON, dict(ballot_json(ballot, anonymous)))
    if ballot.receipt:
        data["receipt"] = ballot.receipt
    return data


class BallotListJSON(TypedDict):
    items: list[BallotJSON]


@bp.route("/decisions/<decision_id>/ballots")
class BallotCollection(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [
        limiter.limit(configured_limit("RATELIMIT_BALLOT"), methods=["POST"])
    ]

    @bp.arguments(BallotInSchema)
    @bp.response(201, BallotCreatedSchema)
    def post(self, data: dict[str, Any], decision_id: str) -> BallotCreatedJSON:
        """Cast a ballot. A 201 means it is durably stored."""
        decision = decision_of(decision_id)
        ballot, token = ballots.cast_ballot(decision, data)
        created: BallotCreatedJSON = {
            "id": ballot.id,
            "edit_token": token,
            "links": {
                "edit": url_for(
                    "public.edit_link", decision_id=decision.id, token=token, _external=True
                )
            },
        }
        if ballot.receipt:  # settings.receipts
            created["receipt"] = ballot.receipt
        return created

    @bp.response(200, BallotListSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str) -> BallotListJSON:
        """Every ballot of the decision (admin token); names only where
        ``individual_answers`` lets the organizer see them."""
        decision = decision_of(decision_id)
        require_admin(decision)
        hidden = not results.names_shown(decision, as_admin=True)
        return {"items": [ballot_json(b, hidden) for b in ballots.list_ballots(decision)]}


@bp.route("/decisions/<decision_id>/ballots/<int:ballot_id>")
class BallotItem(MethodView):
    @bp.response(200, BallotSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str, ballot_id: int) -> OwnBallotJSON:
        """One's own ballot (edit token; an extension of the contract)."""
        decision = decision_of(decision_id)
        ballot = ballots.get_ballot(decision, ballot_id, bearer())
        ballots.require_edit_token(ballot, bearer())
        return own_ballot_json(ballot, is_anonymous(decision))

    @bp.arguments(BallotEditSchema)
    @bp.response(200, BallotSchema)
    @bp.doc(security=BEARER)
    def put(self, data: dict[str, Any], decision_id: str, ballot_id: int) -> OwnBallotJSON:
        """Change one's ballot while voting (edit token); an edit token of an earlier round
        answers 409."""
        decision = decision_of(decision_id)
        ballot = ballots.get_ballot(decision, ballot_id, bearer())
        ballots.require_edit_token(ballot, bearer())
        ballots.update_ballot(decision, ballot, data)
        return own_ballot_json(ballot, is_anonymous(decision))

    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, decision_id: str, ballot_id: int) -> None:
        """Withdraw one's ballot while voting (edit token), or remove it as the organizer
        (admin token; written to the decision's log)."""
        decision = decision_of(decision_id)
        token = bearer()
        ballot = ballots.get_ballot(decision, ballot_id, token)
        if token and auth.is_admin(decision, token):
            removed = ballot.id
            ballots.withdraw_ballot(decision, ballot)
            decision_log.record(decision, "ballot_removed", ballot=removed)
            return
        ballots.require_edit_token(ballot, token)
        ballots.withdraw_ballot(decision, ballot)
