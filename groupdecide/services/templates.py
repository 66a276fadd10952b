"""Decision templates (issue 13): a decision's question, method, settings without times and
options, saved under a name for the tenant, and new decisions started from one. A decision
made from a template is made by ``create_decision`` (the tenant's policy and limits apply)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide.errors import ValidationFailed, not_found
from groupdecide.extensions import db
from groupdecide.models import Decision, DecisionTemplate, Tenant
from groupdecide.parsing import clean_text
from groupdecide.problems import FieldError

from .actors import Actor
from .copies import copy_body
from .decisions import create_decision

NAME_MAX = 200
# settings that are moments in time: a template is for later, they would be past by then
TIMES = ("closes_at", "voting_starts_at")
CREATE_FIELDS = ("title", "start_phase")


def clean_name(raw: Any) -> str:
    errors: dict[str, FieldError] = {}
    name = clean_text(raw, "name", max_len=NAME_MAX, min_len=1, errors=errors)
    if errors:
        raise ValidationFailed(_("Check the template's name."), errors)
    return name


def save_template(decision: Decision, name: Any, user_id: int | None = None) -> DecisionTemplate:
    """Store ``decision`` as a template of its tenant."""
    body = copy_body(decision, {})
    settings = {k: v for k, v in body["settings"].items() if k not in TIMES}
    options = [
        {k: v for k, v in o.items() if k in ("label", "description", "passive", "hidden")}
        for o in body["options"]
    ]
    tpl = DecisionTemplate(
        tenant_id=decision.tenant_id,
        name=clean_name(name),
        title=decision.title,
        description=decision.description or "",
        method=decision.method,
        settings=settings,
        options=options,
        created_by=user_id,
    )
    db.session.add(tpl)
    db.session.flush()
    return tpl


def list_templates() -> list[DecisionTemplate]:
    return list(
        db.session.execute(
            sa.select(DecisionTemplate).order_by(DecisionTemplate.name, DecisionTemplate.id)
        ).scalars()
    )


def get_template(template_id: Any) -> DecisionTemplate:
    try:
        tid = int(str(template_id))
    except ValueError:
        raise not_found() from None
    if not 0 < tid < 2**63:
        raise not_found()
    tpl = db.session.execute(
        sa.select(DecisionTemplate).where(DecisionTemplate.id == tid)
    ).scalar_one_or_none()
    if tpl is None:
        raise not_found()
    return tpl


def rename_template(tpl: DecisionTemplate, name: Any) -> None:
    tpl.name = clean_name(name)
    db.session.flush()


def delete_template(tpl: DecisionTemplate) -> None:
    db.session.delete(tpl)
    db.session.flush()


def create_body(tpl: DecisionTemplate) -> dict[str, Any]:
    """The create body a template stands for (the create form is filled from it too)."""
    return {
        "title": tpl.title,
        "description": tpl.description or "",
        "method": tpl.method,
        "options": [dict(o) for o in tpl.options or []],
        "settings": dict(tpl.settings or {}),
    }


def create_from_template(
    tenant: Tenant, actor: Actor | None, tpl: DecisionTemplate, data: dict[str, Any]
) -> tuple[Decision, str]:
    """A new decision from ``tpl``; ``data`` may set its ``title`` and ``start_phase``."""
    errors: dict[str, FieldError] = {
        key: FieldError("unknown_field") for key in sorted(set(data) - set(CREATE_FIELDS))
    }
    if errors:
        raise ValidationFailed(_("Some fields need another look."), errors)
    body = create_body(tpl)
    if data.get("title") is not None:
        body["title"] = data["title"]
    if data.get("start_phase") is not None:
        body["settings"]["start_phase"] = data["start_phase"]
    return create_decision(tenant, actor, body)


def template_json(tpl: DecisionTemplate) -> dict[str, Any]:
    return {
        "id": tpl.id,
        "name": tpl.name,
        "title": tpl.title,
        "description": tpl.description,
        "method": tpl.method,
        "settings": dict(tpl.settings or {}),
        "options": [dict(o) for o in tpl.options or []],
    }
