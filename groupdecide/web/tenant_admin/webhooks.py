"""The webhooks on the API-keys page (owners): add (the secret shown once), delete, send a
test event, and each one's recent deliveries."""

from __future__ import annotations

from typing import Any

from flask import flash, g, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide.errors import DomainError
from groupdecide.models import Webhook, WebhookDelivery
from groupdecide.services import tenant_admin, webhooks
from groupdecide.services.events import EVENTS
from groupdecide.tenancy import current_tenant

from . import Page, _errors, _owner, _see_other, bp


@bp.app_template_global("tenant_webhooks")
def tenant_webhooks() -> list[tuple[Webhook, list[WebhookDelivery]]]:
    """The tenant's webhooks with their recent deliveries, for the keys page."""
    return [(h, webhooks.recent_deliveries(h)) for h in webhooks.list_webhooks()]


@bp.app_template_global("webhook_event_list")
def webhook_event_list() -> tuple[str, ...]:
    return EVENTS


def _keys_page(status: int = 200, **extra: Any) -> tuple[str, int]:
    values: dict[str, Any] = {"webhook_errors": {}, "webhook_values": {}, "webhook_secret": None}
    values.update(extra)
    page = render_template(
        "tenant_admin/keys.html",
        keys=tenant_admin.list_keys(),
        errors={},
        new_key=None,
        membership=g.membership,
        **values,
    )
    return page, status


@bp.post("/webhooks")
def create_webhook() -> Page:
    """Add a webhook; its secret is shown once on the page that answers."""
    _owner()
    url = request.form.get("url", "")
    events = [e for e in request.form.getlist("events") if isinstance(e, str)]
    form_values = {"url": url, "events": events}
    try:
        _hook, secret = webhooks.create_webhook(current_tenant(), {"url": url, "events": events})
    except DomainError as exc:
        problems = _errors(exc)
        return _keys_page(422, webhook_errors=problems, webhook_values=form_values)
    return _keys_page(webhook_secret=secret)


@bp.post("/webhooks/<webhook_id>/delete")
def delete_webhook(webhook_id: str) -> Response:
    """Delete a webhook with its queued deliveries."""
    _owner()
    webhooks.delete_webhook(webhooks.get_webhook(webhook_id))
    flash(_("The webhook is deleted."), "success")
    return _see_other("tenant_admin.keys", _anchor="webhooks")


@bp.post("/webhooks/<webhook_id>/test")
def test_webhook(webhook_id: str) -> Response:
    """Queue a delivery of event ``test`` to the webhook (sent with the others)."""
    _owner()
    webhooks.queue_test(current_tenant(), webhooks.get_webhook(webhook_id))
    flash(_("A test event is queued; it is sent within a few seconds."), "success")
    return _see_other("tenant_admin.keys", _anchor="webhooks")
