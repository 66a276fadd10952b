"""Plans: named sets of limits the operator defines (``flask plan ...``, ``/operator/plans``).

A tenant's effective limit is its own field where set, else its plan's; None is unlimited.
Every check of a limit (services/limits.py, services/webhooks.py, services/mail_limits.py)
asks ``effective_limit``."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from groupdecide import parsing
from groupdecide.errors import Conflict, NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Plan, Tenant
from groupdecide.problems import FieldError

LimitName = Literal[
    "max_open_decisions", "max_ballots", "max_members", "max_mails_per_day", "max_webhooks"
]
LIMITS: tuple[LimitName, ...] = (
    "max_open_decisions",
    "max_ballots",
    "max_members",
    "max_mails_per_day",
    "max_webhooks",
)
# Limits a tenant also has a field of its own for (the operator's tenant page).
TENANT_FIELDS = ("max_open_decisions", "max_ballots", "max_members")
# Where neither the tenant nor its plan sets it: the service's setting (None: unlimited).
FALLBACK = {"max_mails_per_day": "MAIL_INVITES_PER_TENANT_DAY", "max_webhooks": "WEBHOOKS_MAX"}
NUMBER_MAX = 10**9


def plan_of(tenant: Tenant) -> Plan | None:
    if tenant.plan_id is None:
        return None
    return db.session.get(Plan, tenant.plan_id)


def effective_limit(tenant: Tenant, name: LimitName) -> int | None:
    """The tenant's own value where set, else its plan's, else the service's setting."""
    own = getattr(tenant, name, None) if name in TENANT_FIELDS else None
    if own is not None:
        return int(own)
    plan = plan_of(tenant)
    value = getattr(plan, name) if plan is not None else None
    if value is not None:
        return int(value)
    setting = FALLBACK.get(name)
    if setting is not None and current_app.config.get(setting) is not None:
        return int(current_app.config[setting])
    return None


def custom_host_allowed(tenant: Tenant) -> bool:
    """A tenant may have its own host name when its plan allows it (or it has no plan)."""
    plan = plan_of(tenant)
    return plan is None or bool(plan.custom_host)


def all_plans() -> list[Plan]:
    return list(db.session.execute(sa.select(Plan).order_by(Plan.name)).scalars())


def find_plan(name: str) -> Plan | None:
    if parsing.has_bad_characters(name):
        return None
    return db.session.execute(sa.select(Plan).where(Plan.name == name)).scalar_one_or_none()


def get_plan(plan_id: object) -> Plan:
    pid = parsing.parse_id(plan_id)
    plan = db.session.get(Plan, pid) if pid is not None else None
    if plan is None:
        raise NotFound(_("There is no such plan."))
    return plan


def default_plan() -> Plan | None:
    """The plan a sign-up gets (None: no plan, the tenant's own limits alone)."""
    return (
        db.session.execute(sa.select(Plan).where(Plan.is_default.is_(True)).order_by(Plan.id))
        .scalars()
        .first()
    )


def _number(raw: object, field: str, errors: dict[str, FieldError]) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        errors[field] = FieldError("not_a_whole_number")
        return None
    if isinstance(raw, int):
        value: int | None = raw
    else:
        value = parsing.parse_int(str(raw).strip(), lo=-(10**30), hi=10**30)
    if value is None:
        errors[field] = FieldError("not_a_whole_number")
        return None
    if not 0 <= value <= NUMBER_MAX:
        errors[field] = FieldError("number_not_in_range", min=0, max=NUMBER_MAX)
        return None
    return value


def save_plan(plan: Plan | None, data: dict[str, Any]) -> Plan:
    """Create (``plan`` None) or change a plan from ``data``: name, the limits (empty or None:
    unlimited), custom_host and is_default (bools). Checks everything before writing."""
    errors: dict[str, FieldError] = {}
    name = data.get("name")
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > 60 or parsing.has_bad_characters(name):
        errors["name"] = FieldError("plan_name_length")
    values = {k: _number(data.get(k), k, errors) for k in LIMITS}
    if not errors:
        other = find_plan(name)
        if other is not None and (plan is None or other.id != plan.id):
            raise Conflict(
                _("A plan with this name exists already."), {"name": FieldError("plan_name_taken")}
            )
    if errors:
        raise ValidationFailed(_("Check the plan."), errors)
    if plan is None:
        plan = Plan(name=name)
        db.session.add(plan)
    plan.name = name
    for key, value in values.items():
        setattr(plan, key, value)
    plan.custom_host = bool(data.get("custom_host"))
    if data.get("is_default"):
        db.session.execute(
            sa.update(Plan).where(Plan.is_default.is_(True)).values(is_default=False)
        )
        plan.is_default = True
    elif "is_default" in data:
        plan.is_default = False
    db.session.flush()
    return plan


def assign(tenant: Tenant, plan: Plan | None) -> None:
    tenant.plan_id = plan.id if plan is not None else None
    db.session.flush()


def describe(plan: Plan) -> dict[str, Any]:
    return {
        "name": plan.name,
        **{k: getattr(plan, k) for k in LIMITS},
        "custom_host": bool(plan.custom_host),
        "default": bool(plan.is_default),
    }
