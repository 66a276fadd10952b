"""Tenants: create, find, make sure the default one exists."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..models import Tenant
from ..tenancy import tenant_context, valid_slug
from .auth import create_api_key

POLICIES = ("open", "members")
LOCALES = ("en", "de")


def find_tenant(slug: str) -> Tenant | None:
    return db.session.execute(sa.select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()


def create_tenant(
    slug: str, name: str, *, policy: str = "open", locale: str = "en"
) -> tuple[Tenant, str]:
    """Create a tenant and its first API key (returned once)."""
    errors: dict[str, str] = {}
    if not valid_slug(slug):
        errors["slug"] = "3 to 40 of a-z, 0-9 and -, not starting or ending with -"
    name = (name or "").strip()
    if not name or len(name) > 200:
        errors["name"] = "1 to 200 characters"
    if policy not in POLICIES:
        errors["policy"] = "must be open or members"
    if locale not in LOCALES:
        errors["locale"] = "must be en or de"
    if errors:
        raise ValidationFailed(_("Check the tenant."), errors)
    if find_tenant(slug) is not None:
        raise Conflict(_("A tenant with this slug exists already."), {"slug": "taken"})
    tenant = Tenant(slug=slug, name=name, policy=policy, locale=locale)
    db.session.add(tenant)
    db.session.flush()
    with tenant_context(tenant):
        key = create_api_key(tenant, "default")
    return tenant, key
