"""Proposals in the collecting phase (extensions of the contract's part two): support marks
(``settings.support_threshold``) and merging two proposals."""

from __future__ import annotations

from typing import Any, TypedDict

from flask.views import MethodView

from groupdecide.services import decisions, options, proposals, supports
from groupdecide.services.serialize import OptionJSON, option_json
from groupdecide.web.participant_id import browser_id

from .blueprint import BEARER, BEARER_OR_NONE, bearer, bp, require_admin
from .schemas.options import OptionSchema
from .schemas.proposals import MergeSchema, SupportSchema


class SupportJSON(TypedDict):
    option_id: int
    support: int
    marked: bool


def _participant(decision: Any) -> str:
    invite = bearer() if decision.rules.access == "invite" else None
    return supports.participant_for(
        decision,
        invite_token=invite,
        browser_id=None if decision.rules.access == "invite" else browser_id(),
    )


@bp.route("/decisions/<decision_id>/options/<int:option_id>/support")
class OptionSupport(MethodView):
    @bp.response(201, SupportSchema)
    @bp.alt_response(  # type: ignore[untyped-decorator]
        200, schema=SupportSchema, description="the mark was there already"
    )
    @bp.doc(security=BEARER_OR_NONE)
    def post(self, decision_id: str, option_id: int) -> tuple[SupportJSON, int]:
        """Mark a proposal you want on the ballot (while collecting, where the decision has a
        ``support_threshold``; else 409). One mark per participant: the invite token as Bearer
        where access is by invitation, else the browser (the cookie ``gd_pid``, set with the
        answer). 201 with the count, 200 when it was marked already (an extension)."""
        decision = decisions.get_decision_for_update(decision_id)
        option = options.get_option(decision, option_id)
        created, count = supports.mark(decision, option, _participant(decision))
        body: SupportJSON = {"option_id": option.id, "support": count, "marked": True}
        return body, 201 if created else 200

    @bp.response(204)
    @bp.doc(security=BEARER_OR_NONE)
    def delete(self, decision_id: str, option_id: int) -> None:
        """Take your mark back (while collecting; an extension)."""
        decision = decisions.get_decision_for_update(decision_id)
        option = options.get_option(decision, option_id)
        supports.unmark(decision, option, _participant(decision))


@bp.route("/decisions/<decision_id>/options/<int:option_id>/merge")
class OptionMerge(MethodView):
    @bp.arguments(MergeSchema)
    @bp.response(200, OptionSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any], decision_id: str, option_id: int) -> OptionJSON:
        """Merge this proposal into another (admin token, while collecting; else 409): it
        leaves the ballot (``hidden``, ``merged_into``), its support marks, comments and
        variants move to the other; logged ``option_merged`` (an extension)."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        option = options.get_option(decision, option_id)
        return option_json(proposals.merge_option(decision, option, data["into"]))
