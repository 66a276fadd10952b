"""A copy of a decision (the contract's Copies): the same title, description, conditions,
method, settings and options (hidden ones too, still hidden; ``variant_of`` pointing at the
copies), no ballots, invites, comments or log. It is made by ``create_decision``, so the
tenant's creation policy and limits apply and the copy's log starts with ``created``."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from groupdecide.errors import ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Decision, Tenant
from groupdecide.problems import FieldError

from .actors import Actor
from .decision_settings import PHASES
from .decisions import create_decision
from .serialize import settings_json
from .times import iso, now

COPY_FIELDS = ("title", "start_phase")


def copy_body(decision: Decision, data: dict[str, Any]) -> dict[str, Any]:
    """The create body of the copy of ``decision``, with the overrides of ``data``."""
    errors: dict[str, FieldError] = {}
    for key in sorted(set(data) - set(COPY_FIELDS)):
        errors[key] = FieldError("unknown_field")
    start = data.get("start_phase")
    if start is not None and start not in ("collecting", "voting"):
        errors["start_phase"] = FieldError(
            "not_a_phase", choices=tuple(p for p in PHASES if p != "closed")
        )
    if errors:
        raise ValidationFailed(_("Some fields need another look."), errors)
    settings: dict[str, Any] = dict(settings_json(decision))
    at = now()
    # times already past cannot start a new decision: the copy has none
    if decision.closes_at is None or decision.closes_at <= at:
        settings.pop("closes_at", None)
    if "voting_starts_at" in settings and (
        decision.voting_starts_at is None or decision.voting_starts_at <= at
    ):
        settings.pop("voting_starts_at", None)
    if start is not None:
        settings["start_phase"] = start
        if start == "voting":
            settings.pop("voting_starts_at", None)
    options = []
    for o in decision.options:
        item: dict[str, Any] = {"label": o.label, "passive": o.passive}
        if o.description:
            item["description"] = o.description
        if o.hidden:
            item["hidden"] = True
        if o.starts_at is not None:
            item["starts_at"] = iso(o.starts_at)
        if o.ends_at is not None:
            item["ends_at"] = iso(o.ends_at)
        options.append(item)
    body: dict[str, Any] = {
        "title": data["title"] if data.get("title") is not None else decision.title,
        "description": decision.description or "",
        "conditions": decision.conditions or "",
        "method": decision.method,
        "options": options,
        "settings": settings,
        "time_zone": decision.time_zone,
    }
    return body


def copy_decision(
    tenant: Tenant, actor: Actor | None, decision: Decision, data: dict[str, Any]
) -> tuple[Decision, str]:
    """Make the copy; returns it and its admin token (shown once)."""
    source = list(decision.options)
    copy, token = create_decision(tenant, actor, copy_body(decision, data))
    # the options keep their order, so the n-th copy stands for the n-th original
    made = {o.position: o for o in copy.options}
    new_id = {old.id: made[i].id for i, old in enumerate(source) if i in made}
    for i, old in enumerate(source):
        if i not in made:
            continue
        new = made[i]
        new.proposed_by = old.proposed_by
        if old.variant_of is not None and old.variant_of in new_id:
            new.variant_of = new_id[old.variant_of]
    db.session.flush()
    return copy, token
