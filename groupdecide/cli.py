"""Operator commands: ``flask --app groupdecide tenant ...``. Thin wrappers over services."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from .extensions import db
from .models import Tenant

tenant_cli = AppGroup("tenant", help="Create and manage tenants (customers).")


def _fail(exc: Exception) -> None:
    """Print a domain error to stderr and exit 1 (after rolling back)."""
    from .errors import DomainError

    db.session.rollback()
    if isinstance(exc, DomainError):
        detail = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        click.echo(f"error: {exc.message} {detail}".strip(), err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@tenant_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="The tenant's display name.")
@click.option(
    "--policy",
    type=click.Choice(["open", "members"]),
    default="open",
    show_default=True,
    help="Who may create decisions.",
)
@click.option("--locale", type=click.Choice(["en", "de"]), default="en", show_default=True)
@click.option(
    "--owner-email",
    default=None,
    help="Make this person the owner; they get a one-time set-up link by mail.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def tenant_create(
    slug: str, name: str, policy: str, locale: str, owner_email: str | None, as_json: bool
) -> None:
    """Create a tenant and print its first API key (shown once)."""
    from .errors import DomainError
    from .services.tenants import create_tenant_with_owner

    try:
        tenant, key, link = create_tenant_with_owner(
            slug, name, policy=policy, locale=locale, owner_email=owner_email
        )
        db.session.commit()
    except DomainError as exc:
        _fail(exc)
    if as_json:
        out = {"slug": tenant.slug, "api_key": key}
        if link:
            out["setup_link"] = link
        elif owner_email:
            out["owner_invited"] = owner_email.strip().lower()
        click.echo(json.dumps(out))
    else:
        click.echo(f"Tenant {tenant.slug} created. API key (shown once): {key}")
        if link:
            click.echo(f"Owner's set-up link (one-time, also mailed to {owner_email}): {link}")
        elif owner_email:
            click.echo(
                f"{owner_email} has an account already: an invitation to become owner is mailed "
                "to that address (no set-up link: the account is its owner's)."
            )


@tenant_cli.command("list")
@click.option("--json", "as_json", is_flag=True)
def tenant_list(as_json: bool) -> None:
    """List the tenants."""
    rows = db.session.execute(sa.select(Tenant).order_by(Tenant.slug)).scalars().all()
    items = [
        {
            "slug": t.slug,
            "name": t.name,
            "policy": t.policy,
            "locale": t.locale,
            "disabled": t.disabled,
        }
        for t in rows
    ]
    if as_json:
        click.echo(json.dumps(items))
    else:
        for t in items:
            state = " (disabled)" if t["disabled"] else ""
            click.echo(f"{t['slug']}\t{t['name']}\t{t['policy']}\t{t['locale']}{state}")


def _tenant(slug: str) -> Tenant:
    from .errors import DomainError
    from .services.tenants import require_tenant

    try:
        return require_tenant(slug)
    except DomainError as exc:
        _fail(exc)
        raise


@tenant_cli.command("disable")
@click.argument("slug")
def tenant_disable(slug: str) -> None:
    """Switch a tenant off: its pages say so, its API answers 404. Nothing is deleted."""
    from .services.tenants import set_disabled

    set_disabled(_tenant(slug), True)
    db.session.commit()
    click.echo(f"Tenant {slug} disabled.")


@tenant_cli.command("enable")
@click.argument("slug")
def tenant_enable(slug: str) -> None:
    """Switch a disabled tenant on again."""
    from .services.tenants import set_disabled

    set_disabled(_tenant(slug), False)
    db.session.commit()
    click.echo(f"Tenant {slug} enabled.")


@tenant_cli.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def tenant_delete(slug: str, yes: bool) -> None:
    """Delete a tenant with all its decisions, ballots, members and keys."""
    from .services.tenants import delete_tenant

    tenant = _tenant(slug)
    if not yes and not click.confirm(
        f"Delete tenant {slug} ({tenant.name}) with everything in it? This cannot be undone"
    ):
        click.echo("Nothing deleted.")
        sys.exit(1)
    delete_tenant(tenant)
    db.session.commit()
    click.echo(f"Tenant {slug} deleted.")


@tenant_cli.command("export")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file instead of standard output.",
)
def tenant_export(slug: str, output: str | None) -> None:
    """Everything of one tenant as JSON (password hashes and API key hashes included: keep
    the file safe)."""
    from .services.transfer import export_tenant

    text = json.dumps(export_tenant(_tenant(slug)), ensure_ascii=False, indent=1)
    if output:
        import os

        # 0600: the export holds password and key hashes
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        click.echo(f"Tenant {slug} exported to {output}.", err=True)
    else:
        click.echo(text)


@tenant_cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--slug", default=None, help="Import under another slug.")
def tenant_import(file: Any, slug: str | None) -> None:
    """Create a tenant from an export (``tenant export``)."""
    from .errors import DomainError
    from .services.transfer import import_tenant

    try:
        data = json.load(file)
    except ValueError as exc:
        click.echo(f"error: not JSON: {exc}", err=True)
        sys.exit(1)
    try:
        tenant = import_tenant(data, slug=slug)
        db.session.commit()
    except DomainError as exc:
        _fail(exc)
    click.echo(f"Tenant {tenant.slug} imported.")


operator_cli = AppGroup("operator", help="The service's operators (the /operator area).")


@operator_cli.command("create")
@click.argument("email")
def operator_create(email: str) -> None:
    """Make EMAIL an operator and print (and mail) a one-time link to set the password."""
    from flask import current_app

    from .errors import DomainError
    from .links import public_url
    from .services.accounts import ensure_user, issue_token
    from .services.mail import send_mail
    from .services.tenants import require_tenant

    try:
        user = ensure_user(email)
        user.is_operator = True
        if user.password_hash:
            # an account with a password is its owner's: no set-up link that could take it over
            db.session.commit()
            click.echo(f"Operator {user.email}. They log in at /operator with their password.")
            return
        token = issue_token(user, "setup")
        tenant = require_tenant(current_app.config["DEFAULT_TENANT"])
        link = public_url("auth.set_password", tenant, token=token)
        send_mail(
            user.email,
            "groupdecide: operator access",
            f"You are an operator of groupdecide.\n\nSet your password with this link "
            f"(it works once):\n{link}\n\nThen log in at /operator.\n",
        )
        db.session.commit()
    except DomainError as exc:
        _fail(exc)
    click.echo(f"Operator {user.email}. Set-up link (one-time, also mailed): {link}")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only tell what would be deleted.")
@with_appcontext
def purge_cmd(dry_run: bool) -> None:
    """Delete decisions closed longer ago than their tenant's retention, and closed accounts
    past their grace period (warned a day before); run it daily."""
    from .services import closing
    from .services.retention import purge

    done = purge()
    accounts = closing.run()  # closed accounts: a mail a day before, deleted after the grace
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    total = sum(done.values())
    verb = "would delete" if dry_run else "deleted"
    for slug, n in done.items():
        click.echo(f"{slug}: {verb} {n} decision(s)")
    click.echo(f"{verb} {total} decision(s) in all")
    for slug in accounts["warned"]:
        click.echo(f"{slug}: closing account, owners told it goes tomorrow")
    for slug in accounts["deleted"]:
        click.echo(f"{slug}: closed account {verb}")


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
    from .cli_backup import backup_cmd, restore_cmd  # backup, restore

    app.cli.add_command(backup_cmd)
    app.cli.add_command(restore_cmd)
    app.cli.add_command(tenant_cli)
    app.cli.add_command(operator_cli)
    app.cli.add_command(purge_cmd)
    app.cli.add_command(ensure_default_tenant_cmd)
    from .cli_notify import notify_cmd

    app.cli.add_command(notify_cmd)
    from .cli_webhooks import webhooks_cli  # webhooks send

    app.cli.add_command(webhooks_cli)
    from .cli_plans import plan_cli  # plan create|list|assign

    app.cli.add_command(plan_cli)


def main() -> None:
    """``groupdecide`` console script: the same as ``flask --app groupdecide``."""
    from flask.cli import FlaskGroup

    from . import create_app

    FlaskGroup(create_app=create_app)()
