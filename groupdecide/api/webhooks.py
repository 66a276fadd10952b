"""``/webhooks``: the tenant's receivers of events (tenant API key). Deliveries are queued by
``services/events.emit`` in the transaction of each change and posted by ``flask webhooks
send`` after the commit."""

from __future__ import annotations

from typing import Any, TypedDict

from flask.views import MethodView

from groupdecide.errors import Unauthorized
from groupdecide.services import auth, webhooks
from groupdecide.tenancy import current_tenant

from .blueprint import BEARER, bearer, bp
from .schemas.integrations import WebhookCreatedSchema, WebhookCreateSchema, WebhookListSchema


class WebhookJSON(TypedDict):
    id: int
    url: str
    events: list[str]


class WebhookCreatedJSON(WebhookJSON):
    secret: str


class WebhookListJSON(TypedDict):
    items: list[WebhookJSON]


def _require_key() -> None:
    if not auth.api_key_valid(current_tenant(), bearer()):
        raise Unauthorized("Webhooks need an API key of this tenant.")


def _json(hook: Any) -> WebhookJSON:
    return {"id": hook.id, "url": hook.url, "events": list(hook.events or [])}


@bp.route("/webhooks")
class WebhookCollection(MethodView):
    @bp.arguments(WebhookCreateSchema)
    @bp.response(201, WebhookCreatedSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any]) -> WebhookCreatedJSON:
        """Add a receiver of events; the secret that signs its deliveries is shown once,
        here. Each delivery is a POST of ``{"id", "event", "tenant", "at", "decision"}`` with
        ``X-Groupdecide-Event`` and ``X-Groupdecide-Signature: sha256=<hex HMAC-SHA256 of
        the raw body>``; one without a 2xx is retried with growing pauses."""
        _require_key()
        hook, secret = webhooks.create_webhook(current_tenant(), data)
        return {**_json(hook), "secret": secret}

    @bp.response(200, WebhookListSchema)
    @bp.doc(security=BEARER)
    def get(self) -> WebhookListJSON:
        """The tenant's webhooks, without their secrets."""
        _require_key()
        return {"items": [_json(h) for h in webhooks.list_webhooks()]}


@bp.route("/webhooks/<webhook_id>")
class WebhookItem(MethodView):
    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, webhook_id: str) -> None:
        """Delete a webhook with its queued deliveries."""
        _require_key()
        webhooks.delete_webhook(webhooks.get_webhook(webhook_id))
