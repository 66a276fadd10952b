"""What the tenant's admin area shows about its plan: usage against each limit, and the
checklist of a new space (name, logo, colour, language, first decision, a colleague)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Invitation, MailRecord, Tenant, Webhook

from . import limits
from .plans import LimitName, effective_limit, plan_of
from .times import now


def _count(query: Any) -> int:
    return int(db.session.execute(query).scalar_one() or 0)


def usage(tenant: Tenant) -> list[dict[str, Any]]:
    """Each limit with the tenant's use of it (``limit`` None: unlimited). Current tenant."""
    t = now()
    open_ids = sa.select(Decision.id).where(
        Decision.phase != "closed", sa.or_(Decision.closes_at.is_(None), Decision.closes_at > t)
    )
    top = db.session.execute(
        sa.select(sa.func.count(Ballot.id))
        .where(Ballot.decision_id.in_(open_ids))
        .group_by(Ballot.decision_id)
        .order_by(sa.func.count(Ballot.id).desc())
        .limit(1)
    ).scalar_one_or_none()
    biggest = int(top or 0)
    mails = _count(
        sa.select(sa.func.coalesce(sa.func.sum(MailRecord.count), 0)).where(
            MailRecord.created_at > t - timedelta(days=1)
        )
    )
    used: dict[LimitName, int] = {
        "max_open_decisions": limits.open_decisions(),
        "max_ballots": biggest,
        "max_members": limits.members(),
        "max_mails_per_day": mails,
        "max_webhooks": _count(sa.select(sa.func.count(Webhook.id))),
    }
    return [
        {"key": key, "used": n, "limit": effective_limit(tenant, key)} for key, n in used.items()
    ]


def checklist(tenant: Tenant) -> dict[str, bool]:
    """Which first steps the space has done (from its data)."""
    decided = db.session.execute(sa.select(Decision.id).limit(1)).first() is not None
    invited = limits.members() > 1 or (
        db.session.execute(sa.select(Invitation.id).limit(1)).first() is not None
    )
    return {
        "name": bool(tenant.name and tenant.name != tenant.slug),
        "logo": tenant.logo_etag is not None,
        "colour": tenant.brand_color is not None,
        "language": bool(tenant.locale),
        "decision": decided,
        "colleague": invited,
    }


def overview(tenant: Tenant) -> dict[str, Any]:
    return {"plan": plan_of(tenant), "usage": usage(tenant), "checklist": checklist(tenant)}
