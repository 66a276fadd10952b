"""Operator commands: ``flask --app groupdecide tenant ...``. Thin wrappers over services."""

from __future__ import annotations

import json
import sys

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from .extensions import db
from .models import Tenant

tenant_cli = AppGroup("tenant", help="Create and manage tenants (customers).")


@tenant_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="The tenant's display name.")
@click.option("--policy", type=click.Choice(["open", "members"]), default="open",
              show_default=True, help="Who may create decisions.")
@click.option("--locale", type=click.Choice(["en", "de"]), default="en", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def tenant_create(slug: str, name: str, policy: str, locale: str, as_json: bool) -> None:
    """Create a tenant and print its first API key (shown once)."""
    from .errors import DomainError
    from .services.tenants import create_tenant

    try:
        tenant, key = create_tenant(slug, name, policy=policy, locale=locale)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        detail = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        click.echo(f"error: {exc.message} {detail}".strip(), err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps({"slug": tenant.slug, "api_key": key}))
    else:
        click.echo(f"Tenant {tenant.slug} created. API key (shown once): {key}")


@tenant_cli.command("list")
@click.option("--json", "as_json", is_flag=True)
def tenant_list(as_json: bool) -> None:
    """List the tenants."""
    rows = db.session.execute(sa.select(Tenant).order_by(Tenant.slug)).scalars().all()
    items = [{"slug": t.slug, "name": t.name, "policy": t.policy, "locale": t.locale,
              "disabled": t.disabled} for t in rows]
    if as_json:
        click.echo(json.dumps(items))
    else:
        for t in items:
            state = " (disabled)" if t["disabled"] else ""
            click.echo(f"{t['slug']}\t{t['name']}\t{t['policy']}\t{t['locale']}{state}")


def ensure_default_tenant(app: Flask) -> None:
    """Make sure the default tenant exists (the first migration creates it as well)."""
    from .services.tenants import create_tenant, find_tenant

    slug = app.config["DEFAULT_TENANT"]
    if find_tenant(slug) is None:
        create_tenant(slug, "groupdecide", policy="open")
        db.session.commit()


@click.command("ensure-default-tenant")
def ensure_default_tenant_cmd() -> None:
    """Create the default tenant if it is missing."""
    from flask import current_app

    ensure_default_tenant(current_app)


def init_app(app: Flask) -> None:
    app.cli.add_command(tenant_cli)
    app.cli.add_command(ensure_default_tenant_cmd)


def main() -> None:
    """``groupdecide`` console script: the same as ``flask --app groupdecide``."""
    from flask.cli import FlaskGroup

    from . import create_app

    FlaskGroup(create_app=create_app)()
