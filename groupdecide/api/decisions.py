"""``/decisions`` and ``/decisions/{id}``: create, list, read, change and delete decisions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypedDict

from flask import url_for
from flask.views import MethodView

from groupdecide.errors import Unauthorized
from groupdecide.extensions import configured_limit, limiter
from groupdecide.models import Decision
from groupdecide.services import auth, decision_changes, decisions, notify
from groupdecide.services.serialize import OptionJSON, SettingsJSON, option_json, settings_json
from groupdecide.services.times import iso
from groupdecide.tenancy import current_tenant
from groupdecide.web.actor import api_actor, reading

from .blueprint import BEARER, BEARER_OR_NONE, bearer, bp, decision_of, require_admin
from .schemas import (
    DecisionCreatedSchema,
    DecisionCreateSchema,
    DecisionListSchema,
    DecisionPatchSchema,
    DecisionSchema,
    ListQuerySchema,
)


class DecisionJSON(TypedDict):
    id: str
    title: str
    description: str
    conditions: str
    method: str
    phase: str
    settings: SettingsJSON
    options: list[OptionJSON]
    ballot_count: int
    created_at: str | None
    closes_at: str | None
    outcome: str
    outcome_at: str | None
    time_zone: str
    round: int


class LinksJSON(TypedDict):
    participate: str
    results: str
    admin: str


class DecisionCreatedJSON(TypedDict):
    id: str
    admin_token: str
    links: LinksJSON
    decision: DecisionJSON


class ListQuery(TypedDict):
    limit: int
    cursor: str | None


class DecisionListJSON(TypedDict):
    items: list[DecisionJSON]
    next: str | None


def decision_json(decision: Decision, count: int | None = None) -> DecisionJSON:
    settings = settings_json(decision)
    return {
        "id": decision.id,
        "title": decision.title,
        "description": decision.description,
        "conditions": decision.conditions,
        "method": decision.method,
        "phase": decision.current_phase,
        "settings": settings,
        "options": [option_json(o, bool(settings.get("anonymous"))) for o in decision.options],
        "ballot_count": decisions.ballot_count(decision) if count is None else count,
        "created_at": iso(decision.created_at),
        "closes_at": iso(decision.closes_at),
        "outcome": decision.outcome or "",
        "outcome_at": iso(decision.outcome_at),
        "time_zone": decision.time_zone or current_tenant().time_zone or "UTC",
        "round": decision.round,
    }


def links(decision: Decision, admin_token: str) -> LinksJSON:
    return {
        "participate": url_for("public.participate", decision_id=decision.id, _external=True),
        "results": url_for("public.results", decision_id=decision.id, _external=True),
        "admin": url_for(
            "organizer.enter", decision_id=decision.id, token=admin_token, _external=True
        ),
    }


@bp.route("/decisions")
class DecisionCollection(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [
        limiter.limit(configured_limit("RATELIMIT_CREATE"), methods=["POST"])
    ]

    @bp.arguments(DecisionCreateSchema)
    @bp.response(201, DecisionCreatedSchema)
    @bp.doc(security=BEARER_OR_NONE)
    def post(self, data: dict[str, Any]) -> DecisionCreatedJSON:
        """Create a decision; the admin token is shown once, here."""
        decision, token = decisions.create_decision(current_tenant(), api_actor(bearer()), data)
        return {
            "id": decision.id,
            "admin_token": token,
            "links": links(decision, token),
            "decision": decision_json(decision, 0),
        }

    @bp.arguments(ListQuerySchema, location="query")
    @bp.response(200, DecisionListSchema)
    @bp.doc(security=BEARER)
    def get(self, query: ListQuery) -> DecisionListJSON:
        """The tenant's decisions, newest first (tenant API key)."""
        tenant = current_tenant()
        if not auth.api_key_valid(tenant, bearer()):
            raise Unauthorized("Listing decisions needs an API key of this tenant.")
        rows, next_cursor = decisions.list_decisions(query["limit"], query["cursor"])
        counts = decisions.ballot_counts([d.id for d in rows])
        return {
            "items": [decision_json(d, counts.get(d.id, 0)) for d in rows],
            "next": next_cursor,
        }


@bp.route("/decisions/<decision_id>")
class DecisionItem(MethodView):
    @bp.response(200, DecisionSchema)
    def get(self, decision_id: str) -> DecisionJSON:
        """A decision with its options and settings."""
        decision = decision_of(decision_id)
        notify.observe(decision, reading=reading())
        return decision_json(decision)

    @bp.arguments(DecisionPatchSchema)
    @bp.response(200, DecisionSchema)
    @bp.doc(security=BEARER)
    def patch(self, data: dict[str, Any], decision_id: str) -> DecisionJSON:
        """Change texts, closing time, phase or result visibility (admin token)."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        decision_changes.update_decision(decision, data)
        return decision_json(decision)

    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, decision_id: str) -> None:
        """Delete the decision with everything in it (admin token)."""
        decision = decision_of(decision_id)
        require_admin(decision)
        decisions.delete_decision(decision)
