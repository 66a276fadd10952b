"""``/metrics`` for Prometheus (prometheus_client): off (404) unless ``METRICS_TOKEN`` is set,
then only for ``Authorization: Bearer <METRICS_TOKEN>``.

Counters: requests by endpoint and status class, ballots cast, webhook deliveries by outcome;
a gauge read at scrape time: the pending webhook deliveries. Each process counts on its own
unless ``PROMETHEUS_MULTIPROC_DIR`` is set in the environment before the app is imported
(then prometheus_client's multiprocess mode adds up the gunicorn workers; the folder must be
emptied when the service starts, as the systemd unit in deploy/ does).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, abort, current_app, request
from flask.typing import ResponseReturnValue
from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from .extensions import db

bp = Blueprint("metrics", __name__)
REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "groupdecide_requests",
    "HTTP requests answered, by endpoint and status class.",
    ["endpoint", "status"],
    registry=REGISTRY,
)
BALLOTS = Counter("groupdecide_ballots_cast", "Ballots cast.", registry=REGISTRY)
DELIVERIES = Counter(
    "groupdecide_webhook_deliveries",
    "Webhook delivery attempts by outcome (delivered, retry, failed).",
    ["outcome"],
    registry=REGISTRY,
)


def ballot_cast() -> None:
    BALLOTS.inc()


def delivery(outcome: str) -> None:
    DELIVERIES.labels(outcome=outcome).inc()


class QueueCollector(Collector):
    """The webhook queue's length, read from the database at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from .models.integration import WebhookDelivery

        pending = db.session.execute(
            sa.select(sa.func.count())
            .select_from(WebhookDelivery)
            .where(WebhookDelivery.status == "pending")
            .execution_options(all_tenants=True)
        ).scalar_one()
        yield GaugeMetricFamily(
            "groupdecide_webhook_queue_length", "Webhook deliveries waiting.", value=pending
        )


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = CollectorRegistry()
        registry.register(_Forward())
    registry.register(QueueCollector())
    return registry


class _Forward(Collector):
    """This process's own counters."""

    def collect(self) -> Iterator[Any]:
        yield from REGISTRY.collect()


@bp.get("/metrics")
def metrics() -> ResponseReturnValue:
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        resp = Response("unauthorized\n", status=401, mimetype="text/plain")
        resp.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return resp
    try:
        body = generate_latest(_registry())
    finally:
        db.session.remove()
    return Response(body, mimetype="text/plain; version=0.0.4; charset=utf-8")


def _count(response: Response) -> Response:
    rule = request.url_rule
    endpoint = rule.endpoint if rule is not None else "unmatched"
    REQUESTS.labels(endpoint=endpoint, status=f"{response.status_code // 100}xx").inc()
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.after_request(_count)
