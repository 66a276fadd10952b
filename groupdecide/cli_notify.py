"""``flask --app groupdecide notify``: the mails that are due, for cron (e.g. every 15 min).

It announces closings by time (pages never send mail), and sends the reminders a day before
closing and the daily digests. Each decision is committed on its own, so one that fails (and
is logged) never holds back the mails of the others.
"""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from .extensions import db


@click.command("notify")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@with_appcontext
def notify_cmd(as_json: bool) -> None:
    """Send the mails that are due: closings, reminders, digests."""
    from .services import notify

    done = notify.run(after_each=db.session.commit)  # each decision's mails leave at its commit
    db.session.commit()
    if as_json:
        click.echo(json.dumps(done))
    else:
        click.echo(
            f"closings announced: {done['closed']}, reminders: {done['reminded']}, "
            f"digests: {done['digests']}"
        )
