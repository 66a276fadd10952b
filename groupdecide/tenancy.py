"""THE tenant choke point: resolve the tenant of a request, filter every read, guard every write.

1. Resolve: a URL value preprocessor pops ``tenant`` from every route under ``/t/<tenant>``,
   loads it (404 if unknown or disabled) and makes it current; ``url_defaults`` puts it back
   into every ``url_for``.
2. Filter: a ``do_orm_execute`` listener adds ``tenant_id == current`` to every ORM query of a
   ``TenantScoped`` class. With no current tenant it raises (fails closed) unless the statement
   carries ``execution_options(all_tenants=True)`` (the operator's CLI, purges).
3. Guard: a ``before_flush`` listener stamps new rows with the current tenant and refuses a row
   of another tenant, or a change of ``tenant_id``.
4. Outside a request: ``with tenant_context(tenant): ...``.

Known gaps of an ORM filter, which the code avoids: raw ``text()`` SQL, Core
``connection.execute`` and ``Session.get`` served from the identity map. Lookups go by
``select`` with the id; ``tests/test_tenancy.py`` walks the URL map with another tenant's ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import sqlalchemy as sa
from flask import Flask, abort, current_app, g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from .extensions import db
from .models import Tenant, TenantScoped

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")

_current_id: ContextVar[int | None] = ContextVar("groupdecide_tenant_id", default=None)


class TenancyError(RuntimeError):
    """A tenant-scoped read or write without (or against) the current tenant: a bug."""


def current_tenant_id() -> int | None:
    return _current_id.get()


def current_tenant() -> Tenant:
    """The tenant of this request (or of the enclosing ``tenant_context``)."""
    tenant = g.get("tenant") if has_request_context() else None
    if tenant is None:
        tenant = _ctx_tenant.get()
    if tenant is None:
        raise TenancyError("no current tenant")
    return tenant


_ctx_tenant: ContextVar[Tenant | None] = ContextVar("groupdecide_tenant", default=None)


@contextmanager
def tenant_context(tenant: Tenant) -> Iterator[Tenant]:
    """Make ``tenant`` current outside a request (CLI, tests, jobs)."""
    tok_id = _current_id.set(tenant.id)
    tok_t = _ctx_tenant.set(tenant)
    try:
        yield tenant
    finally:
        _current_id.reset(tok_id)
        _ctx_tenant.reset(tok_t)


def valid_slug(slug: str) -> bool:
    return bool(SLUG_RE.match(slug))


def load_tenant(slug: str) -> Tenant | None:
    """The enabled tenant with this slug, or None."""
    if not valid_slug(slug):
        return None
    tenant = db.session.execute(sa.select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()
    if tenant is None or tenant.disabled:
        return None
    return tenant


def _pull_tenant(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if not values or "tenant" not in values:
        return
    tenant = load_tenant(str(values.pop("tenant")))
    if tenant is None:
        abort(404)
    g.tenant = tenant
    g._tenant_token = _current_id.set(tenant.id)


def _push_tenant(endpoint: str, values: dict[str, Any]) -> None:
    if "tenant" in values:
        return
    tenant = g.get("tenant") or _ctx_tenant.get()
    if tenant is not None and current_app.url_map.is_endpoint_expecting(endpoint, "tenant"):
        values["tenant"] = tenant.slug


def _reset(_exc: BaseException | None = None) -> None:
    token = g.pop("_tenant_token", None)
    if token is not None:
        _current_id.reset(token)


def _is_scoped(state: ORMExecuteState) -> bool:
    return any(
        isinstance(m.class_, type) and issubclass(m.class_, TenantScoped)
        for m in state.all_mappers
    )


def _filter_reads(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load:
        return
    if state.execution_options.get("all_tenants"):
        return
    if not _is_scoped(state):
        return
    tid = _current_id.get()
    if tid is None:
        raise TenancyError("a tenant-scoped query ran with no current tenant")
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantScoped, lambda cls: cls.tenant_id == tid, include_aliases=True
        )
    )


def _guard_writes(session: Session, _ctx: Any, _instances: Any) -> None:
    tid = _current_id.get()
    for obj in session.new:
        if not isinstance(obj, TenantScoped):
            continue
        if obj.tenant_id is None:
            if tid is None:
                raise TenancyError(f"new {type(obj).__name__} with no current tenant")
            obj.tenant_id = tid
        elif tid is not None and obj.tenant_id != tid:
            raise TenancyError(f"new {type(obj).__name__} for another tenant")
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, TenantScoped):
            continue
        history = sa.inspect(obj).attrs.tenant_id.history
        if history.deleted:
            raise TenancyError(f"{type(obj).__name__} moved to another tenant")
        if tid is not None and obj.tenant_id != tid:
            raise TenancyError(f"{type(obj).__name__} of another tenant changed")


_listening = False


def init_app(app: Flask) -> None:
    """Install the resolver on ``app`` and the ORM filter and guard (once per process)."""
    global _listening
    app.url_value_preprocessor(_pull_tenant)
    app.url_defaults(_push_tenant)
    app.teardown_request(_reset)
    if not _listening:
        event.listen(Session, "do_orm_execute", _filter_reads)
        event.listen(Session, "before_flush", _guard_writes)
        _listening = True
