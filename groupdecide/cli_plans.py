"""``flask --app groupdecide plan create|list|assign``: the operator's plans (named limits)."""

from __future__ import annotations

import json
from collections.abc import Callable

import click
from click.decorators import FC
from flask.cli import AppGroup

from .extensions import db

plan_cli = AppGroup("plan", help="Plans: named sets of limits a tenant has.")


def _limit_option(name: str, what: str) -> Callable[[FC], FC]:
    return click.option(f"--{name}", type=click.IntRange(0, 10**9), default=None, help=what)


@plan_cli.command("create")
@click.argument("name")
@_limit_option("max-open-decisions", "Open decisions at most (default: no limit).")
@_limit_option("max-ballots", "Answers per decision at most.")
@_limit_option("max-members", "Members at most.")
@_limit_option("max-mails-per-day", "Invitation mails a day at most.")
@_limit_option("max-webhooks", "Webhooks at most.")
@click.option("--custom-host/--no-custom-host", default=False, help="Own host name allowed.")
@click.option("--default", "is_default", is_flag=True, help="The plan of new sign-ups.")
def plan_create(name: str, custom_host: bool, is_default: bool, **limits: int | None) -> None:
    """Create a plan."""
    from .cli import _fail
    from .errors import DomainError
    from .services import plans

    try:
        plan = plans.save_plan(
            None, {"name": name, **limits, "custom_host": custom_host, "is_default": is_default}
        )
        db.session.commit()
    except DomainError as exc:
        _fail(exc)
    click.echo(f"Plan {plan.name} created.")


@plan_cli.command("list")
@click.option("--json", "as_json", is_flag=True)
def plan_list(as_json: bool) -> None:
    """List the plans."""
    from .services import plans

    rows = [plans.describe(p) for p in plans.all_plans()]
    if as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        shown = " ".join(f"{k}={'-' if row[k] is None else row[k]}" for k in plans.LIMITS)
        extra = (" custom_host" if row["custom_host"] else "") + (
            " (default)" if row["default"] else ""
        )
        click.echo(f"{row['name']}\t{shown}{extra}")


@plan_cli.command("assign")
@click.argument("tenant")
@click.argument("plan")
def plan_assign(tenant: str, plan: str) -> None:
    """Give TENANT (its slug) the plan PLAN (its name; "none" for no plan)."""
    from .cli import _fail, _tenant
    from .errors import NotFound
    from .services import plans

    row = _tenant(tenant)
    found = None if plan == "none" else plans.find_plan(plan)
    if found is None and plan != "none":
        _fail(NotFound(f"There is no plan {plan}."))
    plans.assign(row, found)
    db.session.commit()
    click.echo(f"{row.slug} has the plan {found.name if found else 'none'}.")
