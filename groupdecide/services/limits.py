"""A tenant's plan: limits on open decisions, ballots per decision and members; and the
tenant's defaults for new decisions. Called from the decision and ballot services, so the web
and the API refuse alike (403 ``forbidden`` with a message naming the limit)."""

from __future__ import annotations

from typing import Any, TypedDict

import sqlalchemy as sa
from flask_babel import ngettext

from groupdecide.errors import Forbidden
from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Invitation, Membership, Tenant

from .plans import effective_limit
from .times import now


def _tenant(tenant_id: int) -> Tenant:
    from groupdecide.tenancy import current_tenant

    try:
        tenant = current_tenant()
    except RuntimeError:
        tenant = None
    if tenant is None or tenant.id != tenant_id:
        tenant = db.session.execute(sa.select(Tenant).where(Tenant.id == tenant_id)).scalar_one()
    return tenant


def open_decisions() -> int:
    """Decisions of the current tenant that are not closed."""
    t = now()
    return int(
        db.session.execute(
            sa.select(sa.func.count(Decision.id)).where(
                Decision.phase != "closed",
                sa.or_(Decision.closes_at.is_(None), Decision.closes_at > t),
            )
        ).scalar_one()
    )


def members() -> int:
    return int(db.session.execute(sa.select(sa.func.count(Membership.id))).scalar_one())


def check_decision_limit(tenant: Tenant) -> None:
    cap = effective_limit(tenant, "max_open_decisions")
    if cap is not None and open_decisions() >= cap:
        raise Forbidden(
            ngettext(
                "Limit reached: this space may have at most %(num)d open decision (limit: open "
                "decisions). Close it first, or ask for a larger plan.",
                "Limit reached: this space may have at most %(num)d open decisions (limit: open "
                "decisions). Close one first, or ask for a larger plan.",
                cap,
            )
        )


def check_ballot_limit(decision: Decision) -> None:
    cap = effective_limit(_tenant(decision.tenant_id), "max_ballots")
    if cap is None:
        return
    count = db.session.execute(
        sa.select(sa.func.count(Ballot.id)).where(Ballot.decision_id == decision.id)
    ).scalar_one()
    if count >= cap:
        raise Forbidden(
            ngettext(
                "Limit reached: a decision in this space takes at most %(num)d answer (limit: "
                "ballots per decision).",
                "Limit reached: a decision in this space takes at most %(num)d answers (limit: "
                "ballots per decision).",
                cap,
            )
        )


def check_member_limit(tenant: Tenant, *, pending: bool = False) -> None:
    cap = effective_limit(tenant, "max_members")
    if cap is None:
        return
    count = members()
    if pending:
        count += int(
            db.session.execute(
                sa.select(sa.func.count(Invitation.id)).where(
                    Invitation.accepted_at.is_(None),
                    Invitation.revoked_at.is_(None),
                    Invitation.expires_at > now(),
                )
            ).scalar_one()
        )
    if count >= cap:
        raise Forbidden(
            ngettext(
                "Limit reached: this space may have at most %(num)d member (limit: members).",
                "Limit reached: this space may have at most %(num)d members (limit: members).",
                cap,
            )
        )


class TenantDefaults(TypedDict):
    """The settings a tenant fills in for a new decision that does not give them."""

    anonymous: bool
    results: str
    access: str


def tenant_defaults(tenant: Tenant) -> TenantDefaults:
    """The tenant's defaults for new decisions (the create form starts from them)."""
    return {
        "anonymous": bool(tenant.default_anonymous),
        "results": tenant.default_results or "public",
        "access": tenant.default_access or "link",
    }


def prepare_create(tenant: Tenant, data: dict[str, Any]) -> dict[str, Any]:
    """Before a decision is created: check the limit and fill in the tenant's defaults where
    the body does not give a setting."""
    check_decision_limit(tenant)
    settings = data.get("settings")
    if settings is None:
        settings = {}
    if not isinstance(settings, dict):
        return data
    filled = {**tenant_defaults(tenant), **settings}
    return {**data, "settings": filled}
