"""A tenant's webhooks: create (the address checked, the secret shown once), list, delete,
queue a test event, and the check of a target address (also used by the sender at send time,
against DNS rebinding).

A target must be ``http``/``https`` on a host that resolves, and (unless the operator allows
it: ``WEBHOOKS_ALLOW_PRIVATE`` / ``GROUPDECIDE_WEBHOOKS_ALLOW_PRIVATE=true``) to public
addresses only: no private, loopback, link-local, shared, multicast or reserved ones."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import uuid
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from groupdecide import parsing
from groupdecide.errors import Forbidden, NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Tenant, Webhook, WebhookDelivery
from groupdecide.problems import FieldError

from .events import EVENTS, TEST_EVENT, queue
from .times import iso, now

URL_MAX = 2000
RECENT_DELIVERIES = 10


def allow_private() -> bool:
    value = current_app.config.get("WEBHOOKS_ALLOW_PRIVATE")
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to (an IP literal resolves to itself without DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_global) and not ip.is_multicast and not ip.is_reserved


def target_problem(url: Any) -> FieldError | None:
    """Why ``url`` may not receive deliveries, or None. Resolves the host name."""
    if not isinstance(url, str):
        return FieldError("not_a_string")
    if not url.strip() or len(url) > URL_MAX or parsing.has_bad_characters(url):
        return FieldError("webhook_url_not_valid")
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return FieldError("webhook_url_not_valid")
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host or any(c.isspace() for c in url.strip()):
        return FieldError("webhook_url_not_valid")
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError, ValueError):
        return FieldError("webhook_host_unknown")
    if not addresses:
        return FieldError("webhook_host_unknown")
    if not allow_private() and not all(_public(a) for a in addresses):
        return FieldError("webhook_url_private")
    return None


def _events(raw: Any) -> list[str] | None:
    if not isinstance(raw, list) or not raw or not all(isinstance(e, str) for e in raw):
        return None
    if any(e not in EVENTS for e in raw):
        return None
    return [e for e in EVENTS if e in raw]  # each once, in the contract's order


def list_webhooks() -> list[Webhook]:
    return list(db.session.execute(sa.select(Webhook).order_by(Webhook.id)).scalars())


def create_webhook(tenant: Tenant, data: dict[str, Any]) -> tuple[Webhook, str]:
    """Check and add a webhook; returns it and its secret (shown once)."""
    errors: dict[str, FieldError] = {}
    for key in sorted(set(data) - {"url", "events"}):
        errors[key] = FieldError("unknown_field")
    url = data.get("url")
    if url is None:
        errors["url"] = FieldError("required")
    else:
        problem = target_problem(url)
        if problem is not None:
            errors["url"] = problem
    events = _events(data.get("events"))
    if data.get("events") is None:
        errors["events"] = FieldError("required")
    elif events is None:
        errors["events"] = FieldError("webhook_events_not_valid", choices=EVENTS)
    if errors:
        raise ValidationFailed(_("Some fields need another look."), errors)
    assert isinstance(url, str)
    assert events is not None
    from .plans import effective_limit

    cap = effective_limit(tenant, "max_webhooks")
    cap = 10 if cap is None else cap
    have = db.session.execute(sa.select(sa.func.count(Webhook.id))).scalar_one()
    if have >= cap:
        raise Forbidden(_("This space has %(num)s webhooks, the most it may have.", num=cap))
    secret = secrets.token_urlsafe(32)
    hook = Webhook(tenant_id=tenant.id, url=url.strip(), events=events, secret=secret)
    db.session.add(hook)
    db.session.flush()
    return hook, secret


def get_webhook(webhook_id: Any) -> Webhook:
    wid = parsing.parse_id(webhook_id)
    hook = (
        None
        if wid is None
        else db.session.execute(sa.select(Webhook).where(Webhook.id == wid)).scalar_one_or_none()
    )
    if hook is None:
        raise NotFound(_("There is no such webhook."))
    return hook


def delete_webhook(hook: Webhook) -> None:
    db.session.execute(
        sa.delete(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id),
        execution_options={"synchronize_session": False},
    )
    db.session.delete(hook)
    db.session.flush()


def recent_deliveries(hook: Webhook, limit: int = RECENT_DELIVERIES) -> list[WebhookDelivery]:
    return list(
        db.session.execute(
            sa.select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == hook.id)
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
            .limit(limit)
        ).scalars()
    )


def queue_test(tenant: Tenant, hook: Webhook) -> WebhookDelivery:
    """A delivery of event ``test`` (header ``X-Groupdecide-Event: test``), shaped as the
    others with an empty decision, to check the receiver and its signature check."""
    import json

    delivery_id = uuid.uuid4().hex
    body = json.dumps(
        {
            "id": delivery_id,
            "event": TEST_EVENT,
            "tenant": tenant.slug,
            "at": iso(now()),
            "decision": None,
        },
        separators=(",", ":"),
    )
    delivery = queue(hook, TEST_EVENT, body, delivery_id)
    db.session.flush()
    return delivery


def webhook_json(hook: Webhook) -> dict[str, Any]:
    return {"id": hook.id, "url": hook.url, "events": list(hook.events or [])}
