"""The session class: ``Session.get`` made tenant-safe.

``Session.get`` answers from the identity map without any SQL when the row is loaded already,
so neither the ORM filter (``tenancy.py``) nor row-level security sees it. A job that walks
several tenants in one session could otherwise be handed another tenant's row by id.
"""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.session import Session


class TenantSession(Session):
    def get(self, entity: Any, ident: Any, **kw: Any) -> Any:
        """Like ``Session.get``, but another tenant's row (also one from the identity map)
        reads as missing, and without a current tenant it fails closed."""
        from .models import TenantScoped
        from .tenancy import TenancyError, across_tenants, current_tenant_id

        obj = super().get(entity, ident, **kw)
        if not isinstance(obj, TenantScoped):
            return obj
        if across_tenants() or dict(kw.get("execution_options") or {}).get("all_tenants"):
            return obj
        tid = current_tenant_id()
        if tid is None:
            raise TenancyError("Session.get of a tenant-scoped row with no current tenant")
        return obj if obj.tenant_id == tid else None
