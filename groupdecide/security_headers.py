"""Security headers on every response: a nonce-based CSP, no sniffing, a same-origin Referer,
HSTS over HTTPS, and no caching of pages reached through capability links."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def headers(response: Response) -> Response:
        frame_ancestors = app.config.get("FRAME_ANCESTORS", "'none'")
        tenant = g.get("tenant")
        own: str | None = getattr(tenant, "frame_ancestors", None) if tenant is not None else None
        embed = bool(g.get("embed"))
        if own and embed:
            # Only the embed view (``?embed=1`` of a ballot or its results) may be framed, and
            # only by the tenant's own origins (checked on saving: scheme://host[:port]).
            frame_ancestors = own
        if not embed:
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{csp_nonce()}'; "
            "style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; "
            f"frame-ancestors {frame_ancestors}"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if g.get("no_store"):
            response.headers["Cache-Control"] = "no-store"
        return response
