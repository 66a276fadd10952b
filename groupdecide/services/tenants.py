"""Tenants: create, find, make sure the default one exists."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide.errors import Conflict, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Tenant
from groupdecide.problems import FieldError
from groupdecide.tenancy import tenant_context, valid_slug

from .auth import create_api_key

POLICIES = ("open", "members")
LOCALES = ("en", "de")


def find_tenant(slug: str) -> Tenant | None:
    return db.session.execute(sa.select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()


def create_tenant(
    slug: str, name: str, *, policy: str = "open", locale: str = "en"
) -> tuple[Tenant, str]:
    """Create a tenant and its first API key (returned once)."""
    errors: dict[str, FieldError] = {}
    if not valid_slug(slug):
        errors["slug"] = FieldError("bad_slug")
    name = (name or "").strip()
    if not name or len(name) > 200:
        errors["name"] = FieldError("bad_name_length")
    if policy not in POLICIES:
        errors["policy"] = FieldError("not_one_of_policies")
    if locale not in LOCALES:
        errors["locale"] = FieldError("not_one_of_locales")
    if errors:
        raise ValidationFailed(_("Check the tenant."), errors)
    if find_tenant(slug) is not None:
        raise Conflict(
            _("A tenant with this slug exists already."), {"slug": FieldError("slug_taken")}
        )
    tenant = Tenant(slug=slug, name=name, policy=policy, locale=locale)
    db.session.add(tenant)
    db.session.flush()
    with tenant_context(tenant):
        key = create_api_key(tenant, "default")
    return tenant, key


# ----------------------------------------------------------------------------- the operator


def create_tenant_with_owner(
    slug: str,
    name: str,
    *,
    policy: str = "open",
    locale: str = "en",
    owner_email: str | None = None,
) -> tuple[Tenant, str, str | None]:
    """Create a tenant, its first API key and, with ``owner_email``, its owner. A new account
    gets a one-time set-up link by mail (returned, for the operator's console); an address that
    has an account already is only invited by mail (the link is not returned: a set-up link for
    an existing account would let whoever creates the tenant take the account over). Returns
    the tenant, the key and the set-up link (None when the owner was invited)."""
    from flask import current_app

    from .accounts import clean_email, ensure_user, find_user, send_setup_link
    from .memberships import add_member, invite

    if owner_email is not None:
        owner_email = clean_email(owner_email, "owner_email")
    tenant, key = create_tenant(slug, name, policy=policy, locale=locale)
    cfg = current_app.config
    tenant.max_open_decisions = cfg.get("TENANT_MAX_OPEN_DECISIONS")
    tenant.max_ballots = cfg.get("TENANT_MAX_BALLOTS")
    tenant.max_members = cfg.get("TENANT_MAX_MEMBERS")
    link = None
    if owner_email is not None:
        with tenant_context(tenant):
            if find_user(owner_email) is not None:
                invite(tenant, owner_email, "owner", invited_by=None)
            else:
                user = ensure_user(owner_email)
                add_member(tenant, user, "owner")
                link = send_setup_link(tenant, user)
    db.session.flush()
    return tenant, key, link


def require_tenant(slug: str) -> Tenant:
    from groupdecide.errors import NotFound

    tenant = find_tenant(slug)
    if tenant is None:
        raise NotFound(_("There is no tenant %(slug)s.", slug=slug))
    return tenant


def set_disabled(tenant: Tenant, disabled: bool) -> None:
    tenant.disabled = disabled
    db.session.flush()


def delete_tenant(tenant: Tenant) -> None:
    """Delete the tenant with everything in it (rows go by the foreign keys' cascades, and
    explicitly here for databases that do not enforce them)."""
    from groupdecide.models import (
        ApiKey,
        Ballot,
        Decision,
        DecisionLogEntry,
        Invitation,
        Invite,
        Membership,
        Option,
    )

    with tenant_context(tenant):
        for model in (
            Ballot,
            Invite,
            DecisionLogEntry,
            Option,
            Decision,
            ApiKey,
            Invitation,
            Membership,
        ):
            db.session.execute(sa.delete(model), execution_options={"synchronize_session": False})
    db.session.delete(tenant)
    db.session.flush()


def usage() -> list[dict[str, object]]:
    """Every tenant with its decisions, ballots and members (the operator's overview)."""
    from groupdecide.models import Ballot, Decision, Membership

    def counts(model: type) -> dict[int, int]:
        col = model.tenant_id  # type: ignore[attr-defined]
        rows = db.session.execute(
            sa.select(col, sa.func.count()).group_by(col).execution_options(all_tenants=True)
        ).all()
        return {int(t): int(n) for t, n in rows}

    decisions, ballots, members = counts(Decision), counts(Ballot), counts(Membership)
    tenants = db.session.execute(sa.select(Tenant).order_by(Tenant.slug)).scalars().all()
    return [
        {
            "tenant": t,
            "decisions": decisions.get(t.id, 0),
            "ballots": ballots.get(t.id, 0),
            "members": members.get(t.id, 0),
        }
        for t in tenants
    ]
