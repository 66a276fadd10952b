"""``flask --app groupdecide webhooks send [--once]``: the sender of queued webhook deliveries.

Without ``--once`` it keeps going: every ``WEBHOOKS_POLL_SECONDS`` (default 2) it sends what
is due, and it stops cleanly on SIGTERM or SIGINT (the delivery in flight is finished and
stored first). Run it as its own service beside the web server (``make run`` starts it)."""

from __future__ import annotations

import json
import signal
import threading
from types import FrameType

import click
from flask import current_app
from flask.cli import with_appcontext

from .extensions import db


@click.group("webhooks")
def webhooks_cli() -> None:
    """Webhook deliveries."""


@webhooks_cli.command("send")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--limit", default=50, show_default=True, help="Deliveries per round.")
@with_appcontext
def send_cmd(once: bool, limit: int) -> None:
    """Send the queued webhook deliveries that are due (and keep doing so, unless --once)."""
    from .services import webhook_sender

    if once:
        done = webhook_sender.send_due(limit=limit)
        db.session.remove()
        click.echo(json.dumps(done))
        return
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    poll = float(current_app.config.get("WEBHOOKS_POLL_SECONDS", 2))
    click.echo("sending webhook deliveries (stop with SIGTERM)")
    while not stop.is_set():
        try:
            done = webhook_sender.send_due(limit=limit)
        except Exception:  # noqa: BLE001 - a database hiccup: try again next round
            current_app.logger.exception("sending webhook deliveries failed")
            db.session.rollback()
            done = {}
        finally:
            db.session.remove()
        if not any(done.values()):  # nothing was due: wait for the next round
            stop.wait(poll)
    click.echo("webhook sender stopped")
