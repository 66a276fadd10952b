"""The sender of queued webhook deliveries (``flask webhooks send``), outside any request.

``send_due(now, limit)`` takes the pending deliveries that are due, across tenants (one
statement marked ``all_tenants``, then each delivery in its own tenant's context, so the
ORM filter and PostgreSQL's row-level policy both hold), and posts each one's raw body with
``X-Groupdecide-Event`` and ``X-Groupdecide-Signature: sha256=<hex HMAC-SHA256>``. No
transaction stays open while a receiver is asked (5 s timeout). A 2xx marks it delivered;
anything else is tried again after a growing pause (``PAUSES``), and after ``MAX_TRIES``
tries it is ``failed``. The address is checked again before each try (DNS rebinding) unless
private targets are allowed."""

from __future__ import annotations

import hashlib
import hmac
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from groupdecide import metrics
from groupdecide.extensions import db
from groupdecide.models import Tenant, Webhook, WebhookDelivery
from groupdecide.tenancy import tenant_context

from . import webhooks
from .times import now as clock

log = logging.getLogger(__name__)

# pause after the 1st, 2nd, ... failed try; the 6th failure gives up
PAUSES = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(hours=6),
)
MAX_TRIES = len(PAUSES) + 1
TIMEOUT = 5.0


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class Outcome:
    status: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer (not a 2xx): following it could lead to a private address."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(url: str, event: str, body: bytes, secret: str, timeout: float) -> Outcome:
    req = urllib.request.Request(  # noqa: S310 - the scheme is checked (http/https)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "groupdecide-webhooks",
            "X-Groupdecide-Event": event,
            "X-Groupdecide-Signature": signature(secret, body),
        },
    )
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return Outcome(int(resp.status), None)
    except urllib.error.HTTPError as exc:
        return Outcome(int(exc.code), f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Outcome(None, (type(exc).__name__ + ": " + str(exc))[:300])


def _due(at: datetime, limit: int) -> list[tuple[str, int]]:
    rows = db.session.execute(
        sa.select(WebhookDelivery.id, WebhookDelivery.tenant_id)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_try_at <= at)
        .order_by(WebhookDelivery.next_try_at, WebhookDelivery.id)
        .limit(limit)
        .execution_options(all_tenants=True)
    ).all()
    db.session.commit()
    return [(str(r[0]), int(r[1])) for r in rows]


def _record(delivery: WebhookDelivery, outcome: Outcome, at: datetime) -> None:
    delivery.tries += 1
    delivery.last_status = outcome.status
    delivery.last_error = outcome.error
    if outcome.ok:
        delivery.status = "delivered"
        delivery.delivered_at = at
    elif delivery.tries >= MAX_TRIES:
        delivery.status = "failed"
    else:
        delivery.next_try_at = at + PAUSES[delivery.tries - 1]


def send_one(delivery_id: str, tenant: Tenant, at: datetime) -> str | None:
    """Try one delivery; its new status (None if it is gone or no longer due)."""
    with tenant_context(tenant):
        delivery = db.session.execute(
            sa.select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
        ).scalar_one_or_none()
        if delivery is None or delivery.status != "pending":
            db.session.rollback()
            return None
        hook = db.session.execute(
            sa.select(Webhook).where(Webhook.id == delivery.webhook_id)
        ).scalar_one()
        url, secret, event, body = hook.url, hook.secret, delivery.event, delivery.body
        db.session.commit()  # no transaction stays open while the receiver is asked
        problem = None if webhooks.allow_private() else webhooks.target_problem(url)
        if problem is not None:
            outcome = Outcome(None, f"refused: {problem}"[:300])
        else:
            timeout = float(current_app.config.get("WEBHOOKS_TIMEOUT", TIMEOUT))
            outcome = post(url, event, body.encode("utf-8"), secret, timeout)
        delivery = db.session.execute(
            sa.select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
        ).scalar_one_or_none()
        if delivery is None or delivery.status != "pending":  # deleted meanwhile
            db.session.rollback()
            return None
        _record(delivery, outcome, at)
        status = delivery.status
        db.session.commit()
        if not outcome.ok:
            log.info("webhook delivery %s: %s", delivery_id, outcome.error or outcome.status)
        return status


def send_due(now: datetime | None = None, limit: int = 50) -> dict[str, int]:
    """Send up to ``limit`` due deliveries; counts of what became of them."""
    at = now or clock()
    done = {"delivered": 0, "retry": 0, "failed": 0}
    tenants: dict[int, Tenant] = {}
    for delivery_id, tenant_id in _due(at, limit):
        tenant = tenants.get(tenant_id)
        if tenant is None:
            tenant = db.session.execute(
                sa.select(Tenant).where(Tenant.id == tenant_id)
            ).scalar_one()
            db.session.expunge(tenant)
            db.session.commit()
            tenants[tenant_id] = tenant
        try:
            status = send_one(delivery_id, tenant, at)
        except Exception:  # noqa: BLE001 - one broken delivery must not stop the others
            db.session.rollback()
            log.exception("webhook delivery %s failed", delivery_id)
            continue
        if status in ("delivered", "failed", "pending"):
            metrics.delivery("retry" if status == "pending" else status)
        if status == "delivered":
            done["delivered"] += 1
        elif status == "failed":
            done["failed"] += 1
        elif status == "pending":
            done["retry"] += 1
    return done
