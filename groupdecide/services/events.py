"""Events for the tenant's webhooks (the contract's Webhooks): ``emit`` is called by the
services in the transaction of the change: ``decision.created``, ``ballot.cast``,
``ballot.changed``, ``decision.closed``, ``round.started``.

``emit`` only adds ``WebhookDelivery`` rows to the session: they commit (or roll back) with
the change, and ``webhook_sender.send_due`` posts them after the commit, never inside the
request. A body names the decision, its phase and its number of ballots, never a name or an
answer."""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Tenant, Webhook, WebhookDelivery

from .times import iso, now

EVENTS = ("decision.created", "ballot.cast", "ballot.changed", "decision.closed", "round.started")
# The event of the keys page's "send a test event" (not one a webhook subscribes to).
TEST_EVENT = "test"


def body_of(delivery_id: str, event: str, decision: Decision, slug: str) -> str:
    """The raw JSON body of one delivery (the bytes that are signed)."""
    count = db.session.execute(
        sa.select(sa.func.count(Ballot.id)).where(Ballot.decision_id == decision.id)
    ).scalar_one()
    payload: dict[str, Any] = {
        "id": delivery_id,
        "event": event,
        "tenant": slug,
        "at": iso(now()),
        "decision": {
            "id": decision.id,
            "title": decision.title,
            "phase": decision.current_phase,
            "ballot_count": int(count),
        },
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def queue(webhook: Webhook, event: str, body: str, delivery_id: str) -> WebhookDelivery:
    delivery = WebhookDelivery(
        id=delivery_id,
        tenant_id=webhook.tenant_id,
        webhook_id=webhook.id,
        event=event,
        body=body,
        status="pending",
        tries=0,
        next_try_at=now(),
    )
    db.session.add(delivery)
    return delivery


def emit(decision: Decision, event: str) -> None:
    """Queue ``event`` about ``decision`` for every webhook of its tenant that wants it (in
    the current transaction; sent after the commit, never inside the request)."""
    assert event in EVENTS, event
    hooks = [
        h
        for h in db.session.execute(
            sa.select(Webhook).where(Webhook.tenant_id == decision.tenant_id).order_by(Webhook.id)
        ).scalars()
        if event in (h.events or [])
    ]
    if not hooks:
        return
    slug = db.session.execute(
        sa.select(Tenant.slug).where(Tenant.id == decision.tenant_id)
    ).scalar_one()
    for hook in hooks:
        delivery_id = uuid.uuid4().hex
        queue(hook, event, body_of(delivery_id, event, decision, slug), delivery_id)
    db.session.flush()
