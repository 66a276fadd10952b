"""Who is asking: the tenant's API keys, a decision's admin token, a ballot's edit token."""

from __future__ import annotations

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import ApiKey, Decision, Tenant
from groupdecide.security import hash_token, new_token, token_matches


def api_key_valid(tenant: Tenant, token: str | None) -> bool:
    """Whether ``token`` is a live API key of ``tenant`` (the ORM filter scopes the lookup)."""
    if not token:
        return False
    key = db.session.execute(
        sa.select(ApiKey).where(ApiKey.key_hash == hash_token(token), ApiKey.revoked_at.is_(None))
    ).scalar_one_or_none()
    return key is not None and key.tenant_id == tenant.id


def is_admin(decision: Decision, token: str | None) -> bool:
    """The decision's admin token, or an API key of its tenant."""
    if not token:
        return False
    if token_matches(token, decision.admin_token_hash):
        return True
    key = db.session.execute(
        sa.select(ApiKey.id).where(
            ApiKey.key_hash == hash_token(token),
            ApiKey.revoked_at.is_(None),
            ApiKey.tenant_id == decision.tenant_id,
        )
    ).scalar_one_or_none()
    return key is not None


def create_api_key(tenant: Tenant, name: str) -> str:
    """A new API key for the tenant; the key is returned once and stored as a hash."""
    token = new_token()
    db.session.add(ApiKey(tenant_id=tenant.id, name=name[:100], key_hash=hash_token(token)))
    db.session.flush()
    return token
