"""The one place that builds links for mails and the command line, and decides which ``Host``
a request may carry.

A link in a mail is built from ``PUBLIC_URL`` (or, for a tenant with its own host name, that
host with ``PUBLIC_URL``'s scheme), never from the request: a request with a forged ``Host``
would otherwise mail a reset link pointing at the forger's server. The path comes from the
URL map directly (no request context, so ``url_for``'s ``_external`` and the request's host
play no part).

``check_host`` refuses (400) a request whose ``Host`` is neither the public host, one of
``ALLOWED_HOSTS`` nor a tenant's own host name.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, abort, current_app, has_request_context, request, url_for

from .extensions import db
from .models import Decision, Tenant


def _public() -> tuple[str, str, str]:
    """Scheme, host (with port) and path prefix of ``PUBLIC_URL``."""
    parts = urlsplit(str(current_app.config["PUBLIC_URL"]).strip())
    return parts.scheme or "https", parts.netloc, parts.path.rstrip("/")


def public_url(endpoint: str, tenant: Tenant | None = None, **values: Any) -> str:
    """An absolute link for a mail or the console; query values go into the query string."""
    scheme, netloc, prefix = _public()
    if tenant is not None and current_app.url_map.is_endpoint_expecting(endpoint, "tenant"):
        values["tenant"] = tenant.slug
    path = current_app.url_map.bind(netloc, script_name=prefix or "/").build(
        endpoint, values, force_external=False
    )
    if tenant is not None and tenant.custom_domain:
        # the tenant's own host serves its pages without the /t/<slug> prefix
        own = f"/t/{tenant.slug}"
        bare = path[len(prefix) :] if prefix else path
        if bare == own or bare.startswith(own + "/") or bare.startswith(own + "?"):
            return f"{scheme}://{tenant.custom_domain}{bare[len(own) :] or '/'}"
    return f"{scheme}://{netloc}{path}"


def _host_name(host: str) -> str:
    """``host`` without port, lower-cased (an IPv6 literal keeps its brackets)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.split(":", 1)[0].rstrip(".")


def allowed_hosts(app: Flask) -> set[str]:
    """The host names served besides the tenants' own: PUBLIC_URL's, SERVER_NAME's and
    ``ALLOWED_HOSTS``."""
    names = {_host_name(urlsplit(str(app.config["PUBLIC_URL"])).netloc)}
    if app.config.get("SERVER_NAME"):
        names.add(_host_name(str(app.config["SERVER_NAME"])))
    extra = app.config.get("ALLOWED_HOSTS") or []
    if isinstance(extra, str):
        extra = [x for x in extra.replace(",", " ").split() if x]
    names.update(_host_name(str(x)) for x in extra)
    return {n for n in names if n}


def check_host() -> None:
    """Refuse a request for a host this service is not (``before_request``)."""
    from .tenancy import HOST_ENV

    if request.environ.get(HOST_ENV):  # a tenant's own host name (from the database)
        return
    names = current_app.extensions["groupdecide_hosts"]
    if "*" in names or _host_name(request.host) in names:
        return
    abort(400)


def init_app(app: Flask) -> None:
    """Install the host check (the allowed names are computed once, at start)."""
    app.extensions["groupdecide_hosts"] = allowed_hosts(app)
    app.before_request(check_host)


def shown_link(endpoint: str, decision: Decision, **values: Any) -> str:
    """An absolute link shown to the person asking: in a request on the host they used,
    outside one (the command line) the same as a mail's (``public_url``)."""
    if has_request_context():
        return url_for(endpoint, decision_id=decision.id, _external=True, **values)
    tenant = db.session.execute(
        sa.select(Tenant).where(Tenant.id == decision.tenant_id)
    ).scalar_one()
    return public_url(endpoint, tenant, decision_id=decision.id, **values)
