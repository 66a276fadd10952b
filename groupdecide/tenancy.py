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
5. Own host names: a request for a tenant's ``custom_domain`` is served as ``/t/<slug>/...``
   (a WSGI middleware) and ``url_for`` leaves the prefix out again. A disabled tenant answers
   with a page that says so (404) and a plain 404 in the API.

The gaps of an ORM filter are closed here, not avoided by convention: the filter is applied
whenever a tenant-scoped entity appears anywhere in a statement (also inside subqueries,
CTEs, ``exists`` and scalar subqueries, which ``all_mappers`` does not list); a statement that
names a tenant-scoped *table* the criteria cannot reach (Core ``Table``/``table()``, ``text()``)
raises ``TenancyError``, at the session and (for Core sent to the session's connection) at
the connection; ``Session.get`` (see ``tenant_session.py``) answers None for another
tenant's row found in the identity map. ``all_tenants=True`` is the one, explicit way across
tenants; on PostgreSQL it also lifts the second wall for that one statement (``rls.py``).
``tests/test_tenancy.py`` and ``tests/test_isolation_*.py`` prove each shape.
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
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.pool import Pool

from .extensions import db
from .models import Tenant, TenantScoped
from .tenancy_scan import scan as _scan

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")

_current_id: ContextVar[int | None] = ContextVar("groupdecide_tenant_id", default=None)
# True while a statement marked ``all_tenants=True`` runs: rls.py lets it past the policies
_all_tenants: ContextVar[bool] = ContextVar("groupdecide_all_tenants", default=False)


class TenancyError(RuntimeError):
    """A tenant-scoped read or write without (or against) the current tenant: a bug."""


def current_tenant_id() -> int | None:
    return _current_id.get()


def across_tenants() -> bool:
    """Whether the statement running now was explicitly marked ``all_tenants=True``."""
    return _all_tenants.get()


@contextmanager
def all_tenants() -> Iterator[None]:
    """The narrow way across tenants for operator code that cannot mark a statement (e.g. a
    sequence fix-up): every statement inside passes both walls. Never use it in a request."""
    tok = _all_tenants.set(True)
    try:
        yield
    finally:
        _all_tenants.reset(tok)


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


class TenantDisabled(Exception):
    """A request for a disabled tenant: a clear page on the web, a plain 404 in the API."""

    def __init__(self, tenant: Tenant) -> None:
        super().__init__(tenant.slug)
        self.tenant = tenant


def _disabled_page(error: TenantDisabled) -> Any:
    from flask import render_template
    from flask_babel import gettext as _

    from .errors import json_error, not_found, wants_json

    if wants_json():
        return json_error(404, "not_found", not_found().message)
    message = _(
        "%(name)s is switched off at the moment. Its decisions cannot be opened. "
        "If you organize decisions there, ask the service's operator.",
        name=error.tenant.name,
    )
    return render_template("tenant_admin/disabled.html", message=message), 404


def _pull_tenant(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if not values or "tenant" not in values:
        return
    slug = str(values.pop("tenant"))
    tenant = load_tenant(slug)
    if tenant is None:
        if valid_slug(slug):
            off = db.session.execute(
                sa.select(Tenant).where(Tenant.slug == slug, Tenant.disabled.is_(True))
            ).scalar_one_or_none()
            if off is not None:
                raise TenantDisabled(off)
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
        isinstance(m.class_, type) and issubclass(m.class_, TenantScoped) for m in state.all_mappers
    )


def _filter_reads(state: ORMExecuteState) -> Any:
    """Run every session statement through the filter; mark it as vetted while it runs, so
    the connection-level guard below lets it pass."""
    if state.is_column_load:
        return None
    if state.execution_options.get("all_tenants"):
        tok = _all_tenants.set(True)
        try:
            return state.invoke_statement()
        finally:
            _all_tenants.reset(tok)
    if not _all_tenants.get():
        _apply_filter(state)
    tok_v = _vetted.set(True)
    try:
        return state.invoke_statement()
    finally:
        _vetted.reset(tok_v)


def _apply_filter(state: ORMExecuteState) -> None:
    """Filter every statement that reads or changes tenant-scoped rows, at any depth; fail
    closed on shapes the filter cannot reach and on any of them without a current tenant."""
    # a relationship load is built by the ORM from the mapper (its join condition uses bare
    # columns): the criteria reach it, as they reach any ORM entity
    orm, unreachable = (False, None) if state.is_relationship_load else _scan(state.statement)
    if unreachable:
        raise TenancyError(
            f"{unreachable}: a tenant-scoped table the filter cannot reach; select the ORM "
            "entity, or mark operator code with all_tenants=True"
        )
    if not (orm or _is_scoped(state)):
        return
    if state.is_insert:
        raise TenancyError("bulk INSERT of tenant-scoped rows bypasses the write guard")
    tid = _current_id.get()
    if tid is None:
        raise TenancyError("a tenant-scoped query ran with no current tenant")
    state.statement = state.statement.options(
        with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tid, include_aliases=True)
    )


# Core on the session's own connection (``db.session.connection().execute(...)``) skips the
# ORM events above. Inside a session transaction, a SELECT or ``text()`` that did not come
# through them is scanned here, and refused where it names a tenant-scoped table the filter
# cannot reach. (The flush's own INSERT/UPDATE/DELETE are guarded by ``_guard_writes``.
# Engine connections outside a session, as migrations use, are not the application's path.)
_SESSION_CONN = "groupdecide_session"
_vetted: ContextVar[bool] = ContextVar("groupdecide_vetted", default=False)


def _mark_session_conn(_session: Session, _transaction: Any, conn: Any) -> None:
    conn.info[_SESSION_CONN] = True


def _unmark(conn: Any, *_args: Any) -> None:
    conn.info.pop(_SESSION_CONN, None)


def _unmark_pooled(_dbapi_conn: Any, record: Any) -> None:
    record.info.pop(_SESSION_CONN, None)


def _guard_core(conn: Any, statement: Any, *_args: Any) -> None:
    """Refuse Core and ``text()`` reads of tenant-scoped tables on a session's connection."""
    if _vetted.get() or _all_tenants.get() or not conn.info.get(_SESSION_CONN):
        return
    if not isinstance(statement, (sa.Select, sa.CompoundSelect, sa.TextClause)):
        return
    _orm, unreachable = _scan(statement)
    if unreachable:
        raise TenancyError(f"{unreachable}: Core SQL on the session's connection, unfiltered")


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


# ----------------------------------------------------------------------------- own host names
#
# A tenant may have its own host name (``Tenant.custom_domain``). A WSGI middleware maps a
# request for that host to ``/t/<slug>`` + path before routing, so every route, the resolver
# and the filter above work unchanged; ``url_for`` strips the prefix again for such requests,
# so links stay short. Paths that already carry the prefix are left alone (both forms work);
# ``/static/`` is shared. Host lookups are cached for a few seconds per process.

HOST_ENV = "groupdecide.custom_host"
_host_cache: dict[str, tuple[float, str | None]] = {}


def forget_hosts() -> None:
    """Drop the host cache (after a tenant's host name changed)."""
    _host_cache.clear()


class CustomHostMiddleware:
    def __init__(self, app: Flask, wsgi_app: Any) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def slug_for(self, host: str) -> str | None:
        import time

        name = host.split(":", 1)[0].strip().lower().rstrip(".")
        if not name or len(name) > 253 or any(ord(ch) < 33 for ch in name):
            return None  # no host name; a NUL would make PostgreSQL refuse the query
        ttl = float(self.app.config.get("CUSTOM_HOST_CACHE_SECONDS", 30))
        hit = _host_cache.get(name)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        with self.app.app_context():
            slug = db.session.execute(
                sa.select(Tenant.slug).where(Tenant.custom_domain == name)
            ).scalar_one_or_none()
            db.session.remove()
        if len(_host_cache) > 10_000:
            _host_cache.clear()
        _host_cache[name] = (time.monotonic() + ttl, slug)
        return slug

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        slug = self.slug_for(environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "")
        if slug:
            path = environ.get("PATH_INFO") or "/"
            prefix = f"/t/{slug}"
            environ[HOST_ENV] = slug
            if not (path.startswith("/static/") or path == prefix or path.startswith(prefix + "/")):
                environ["PATH_INFO"] = prefix + path
        return self.wsgi_app(environ, start_response)


def _strip_prefix(url: str) -> str:
    """A URL built for a request on a tenant's own host name, without ``/t/<slug>``."""
    from urllib.parse import urlsplit, urlunsplit

    from flask import request

    slug = request.environ.get(HOST_ENV) if has_request_context() else None
    if not slug:
        return url
    prefix = f"/t/{slug}"
    parts = urlsplit(url)
    path = parts.path
    if path == prefix or path.startswith(prefix + "/"):
        path = path[len(prefix) :] or "/"
        # an absolute link points at the tenant's host, even where SERVER_NAME names another
        netloc = request.host if parts.netloc else parts.netloc
        return urlunsplit(parts._replace(path=path, netloc=netloc))
    return url


def _install_url_for(app: Flask) -> None:
    original = app.url_for

    def url_for(endpoint: str, /, **values: Any) -> str:
        return _strip_prefix(original(endpoint, **values))

    app.url_for = url_for  # type: ignore[method-assign,assignment]
    app.jinja_env.globals["url_for"] = url_for


_listening = False


def init_app(app: Flask) -> None:
    """Install the resolver on ``app`` and the ORM filter and guard (once per process)."""
    global _listening
    app.url_value_preprocessor(_pull_tenant)
    app.url_defaults(_push_tenant)
    app.teardown_request(_reset)
    app.register_error_handler(TenantDisabled, _disabled_page)
    app.wsgi_app = CustomHostMiddleware(app, app.wsgi_app)  # type: ignore[method-assign]
    _install_url_for(app)
    if not _listening:
        event.listen(Session, "do_orm_execute", _filter_reads)
        event.listen(Session, "before_flush", _guard_writes)
        event.listen(Session, "after_begin", _mark_session_conn)
        event.listen(Engine, "before_execute", _guard_core)
        event.listen(Engine, "commit", _unmark)
        event.listen(Engine, "rollback", _unmark)
        event.listen(Pool, "checkin", _unmark_pooled)
        _listening = True
