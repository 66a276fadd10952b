"""``/templates``: the tenant's decision templates (tenant API key): list, save a decision as
one, start a decision from one, delete."""

from __future__ import annotations

from typing import Any, ClassVar

from flask.views import MethodView

from groupdecide.errors import Unauthorized
from groupdecide.extensions import configured_limit, limiter
from groupdecide.services import auth, templates
from groupdecide.services.decisions import get_decision
from groupdecide.tenancy import current_tenant
from groupdecide.web.actor import api_actor

from .blueprint import BEARER, bearer, bp
from .decisions import DecisionCreatedJSON, decision_json, links
from .schemas.integrations import CopyCreatedSchema
from .schemas.templates import (
    TemplateCreateSchema,
    TemplateDecisionSchema,
    TemplateListSchema,
    TemplateSchema,
)


def _require_key() -> None:
    if not auth.api_key_valid(current_tenant(), bearer()):
        raise Unauthorized("Templates need an API key of this tenant.")


@bp.route("/templates")
class TemplateCollection(MethodView):
    @bp.response(200, TemplateListSchema)
    @bp.doc(security=BEARER)
    def get(self) -> dict[str, Any]:
        """The tenant's templates, by name."""
        _require_key()
        return {"items": [templates.template_json(t) for t in templates.list_templates()]}

    @bp.arguments(TemplateCreateSchema)
    @bp.response(201, TemplateSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Save a decision of the tenant as a template: its title, description, method,
        settings without ``closes_at`` and ``voting_starts_at``, and options."""
        _require_key()
        decision = get_decision(data["decision_id"])
        tpl = templates.save_template(decision, data["name"])
        return templates.template_json(tpl)


@bp.route("/templates/<template_id>")
class TemplateItem(MethodView):
    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, template_id: str) -> None:
        """Delete a template (the decisions made from it stay)."""
        _require_key()
        templates.delete_template(templates.get_template(template_id))


@bp.route("/templates/<template_id>/decisions")
class TemplateDecisions(MethodView):
    decorators: ClassVar[list[Any]] = [
        limiter.limit(configured_limit("RATELIMIT_CREATE"), methods=["POST"])
    ]

    @bp.arguments(TemplateDecisionSchema)
    @bp.response(201, CopyCreatedSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any], template_id: str) -> DecisionCreatedJSON:
        """Start a decision from the template (``{}``, or ``{"title": "…", "start_phase":
        "voting"}``). Answers like a create."""
        _require_key()
        tpl = templates.get_template(template_id)
        made, token = templates.create_from_template(
            current_tenant(), api_actor(bearer()), tpl, data
        )
        return {
            "id": made.id,
            "admin_token": token,
            "links": links(made, token),
            "decision": decision_json(made, 0),
        }
