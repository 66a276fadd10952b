"""The tenant's plan on its admin dashboard: the plan, usage against each limit, how to ask for
another plan, and (for owners) the checklist of a new space. A context function only: the
dashboard includes ``tenant_admin/_plan.html``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from groupdecide.services import plan_overview
from groupdecide.tenancy import current_tenant

bp = Blueprint("tenant_plan", __name__)


def _overview() -> dict[str, Any]:
    data = plan_overview.overview(current_tenant())
    data["operator_email"] = current_app.config.get("OPERATOR_EMAIL") or None
    return data


@bp.app_context_processor
def _plan_context() -> dict[str, Any]:
    return {"space_overview": _overview}
