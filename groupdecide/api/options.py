"""``/decisions/{id}/options``: add, change and remove options."""

from __future__ import annotations

from typing import Any, TypedDict

from flask.views import MethodView

from groupdecide.errors import Unauthorized
from groupdecide.services import auth, decisions, option_input, options
from groupdecide.services.serialize import OptionJSON, option_json

from .blueprint import BEARER, BEARER_OR_NONE, bearer, bp, require_admin
from .schemas import ConfirmQuerySchema, OptionCreateSchema, OptionPatchSchema, OptionSchema


class ConfirmQuery(TypedDict):
    confirm: bool


@bp.route("/decisions/<decision_id>/options")
class OptionCollection(MethodView):
    @bp.arguments(OptionCreateSchema)
    @bp.response(201, OptionSchema)
    @bp.doc(security=BEARER_OR_NONE)
    def post(self, data: dict[str, Any], decision_id: str) -> OptionJSON:
        """Add an option: the organizer any time before closing; participants while collecting,
        where proposals are allowed."""
        decision = decisions.get_decision_for_update(decision_id)
        token = bearer()
        as_admin = False
        if token:
            if not auth.is_admin(decision, token):
                raise Unauthorized("This token is not valid for this decision.")
            as_admin = True
        author = options.proposal_author(decision, data.get("name"), as_admin=as_admin)
        option = option_input.add_option(
            decision,
            data["label"],
            as_admin=as_admin,
            proposed_by=author,
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            extras={k: data[k] for k in ("description", "variant_of", "hidden") if k in data},
        )
        return option_json(option)


@bp.route("/decisions/<decision_id>/options/<int:option_id>")
class OptionItem(MethodView):
    @bp.arguments(OptionPatchSchema)
    @bp.response(200, OptionSchema)
    @bp.doc(security=BEARER)
    def patch(self, data: dict[str, Any], decision_id: str, option_id: int) -> OptionJSON:
        """Change an option's label, description or hidden (admin token). Renaming an option
        that has answers needs ``"confirm": true`` (else 409) and is logged."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        option = options.get_option(decision, option_id)
        return option_json(options.patch_option(decision, option, data))

    @bp.arguments(ConfirmQuerySchema, location="query")
    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, query: ConfirmQuery, decision_id: str, option_id: int) -> None:
        """Remove an option (admin token). While voting, one that has answers needs
        ``?confirm=true`` (else 409), and at least 2 options keep taking answers; the removal
        is logged with the number of answers it had."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        option = options.get_option(decision, option_id)
        options.remove_option(decision, option, confirm=bool(query["confirm"]))
