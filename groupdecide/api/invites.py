"""``/decisions/{id}/invites``: make, list and revoke personal invite links."""

from __future__ import annotations

from typing import Any, TypedDict

from flask.views import MethodView

from groupdecide.errors import ValidationFailed
from groupdecide.links import shown_link
from groupdecide.models import Invite
from groupdecide.problems import FieldError
from groupdecide.services import anonymity, invites, notify
from groupdecide.services.times import iso
from groupdecide.web.actor import api_actor

from .blueprint import BEARER, bearer, bp, decision_of, require_admin
from .schemas import InviteCreateSchema, InviteListSchema, InviteStatusListSchema


class InviteJSON(TypedDict):
    token: str
    link: str
    id: int
    email: str | None


class InviteListJSON(TypedDict):
    items: list[InviteJSON]


class InviteStatusJSON(TypedDict):
    id: int
    email: str | None
    created_at: str | None
    used: bool | None
    used_at: str | None
    revoked: bool


class InviteStatusListJSON(TypedDict):
    items: list[InviteStatusJSON]


def invite_json(i: Invite, use_shown: bool = True) -> InviteStatusJSON:
    return {
        "id": i.id,
        "email": i.email,
        "created_at": iso(i.created_at),
        "used": (i.used_at is not None) if use_shown else None,
        "used_at": iso(i.used_at) if use_shown else None,
        "revoked": i.revoked_at is not None,
    }


@bp.route("/decisions/<decision_id>/invites")
class InviteCollection(MethodView):
    @bp.arguments(InviteCreateSchema)
    @bp.response(201, InviteListSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any], decision_id: str) -> InviteListJSON:
        """Make personal invite links; each casts one ballot (admin token). With ``emails``
        (an extension) one invite per address, mailed by the service."""
        decision = decision_of(decision_id)
        require_admin(decision)
        if "emails" in data:
            if "count" in data:
                raise ValidationFailed(
                    "Give count or emails, not both.", {"emails": FieldError("count_or_emails")}
                )
            made = notify.invite_by_mail(
                decision, invites.clean_emails(data["emails"]), api_actor(bearer())
            )
        else:
            if "count" not in data:
                raise ValidationFailed(
                    "Some fields need another look.", {"count": FieldError("missing_data")}
                )
            made = invites.make_invites(decision, count=data["count"])
        return {
            "items": [
                {
                    "token": t,
                    "link": shown_link("public.participate", decision, invite=t),
                    "id": i.id,
                    "email": i.email,
                }
                for i, t in made
            ]
        }

    @bp.response(200, InviteStatusListSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str) -> InviteStatusListJSON:
        """The invites and whether each was used (admin token; an extension). Never which
        ballot an invite cast; on an anonymous decision ``used`` is null until it closes."""
        decision = decision_of(decision_id)
        require_admin(decision)
        shown = anonymity.invite_use_shown(decision)
        return {"items": [invite_json(i, shown) for i in invites.list_invites(decision)]}


@bp.route("/decisions/<decision_id>/invites/<int:invite_id>")
class InviteItem(MethodView):
    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, decision_id: str, invite_id: int) -> None:
        """Revoke an unused invite (admin token; an extension): its link no longer casts a
        ballot. A used invite answers 409."""
        decision = decision_of(decision_id)
        require_admin(decision)
        invites.revoke_invite(decision, invites.get_invite(decision, invite_id))
