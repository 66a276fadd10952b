"""What every page of a tenant shows of it: its home page, the brand stylesheet and the logo.
Served as files (the CSP allows no inline styles), cacheable, revalidated by ETag."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import Blueprint, Response, abort, g, render_template, request, url_for

from groupdecide.extensions import db
from groupdecide.models import Tenant
from groupdecide.services.tenant_admin import brand_css
from groupdecide.tenancy import current_tenant
from groupdecide.web import actor

bp = Blueprint("brand", __name__)


def _cached(resp: Response, etag: str) -> Response:
    resp.set_etag(etag)
    resp.headers["Cache-Control"] = "public, max-age=300"
    resp.make_conditional(request)  # in place: it answers 304 where the ETag matches
    return resp


@bp.get("/")
def home() -> str:
    """The space's front page: who it is, and where to start."""
    tenant = current_tenant()
    may_start = tenant.policy == "open" or actor.current_membership() is not None
    return render_template("tenant_admin/home.html", tenant=tenant, may_start=may_start)


@bp.get("/brand.css")
def stylesheet() -> Response:
    css = brand_css(current_tenant())
    resp = Response(css, mimetype="text/css")
    return _cached(resp, hashlib.sha256(css.encode()).hexdigest()[:32])


@bp.get("/logo")
def logo() -> Response:
    tenant = current_tenant()
    if not tenant.logo_etag:
        abort(404)
    data = db.session.execute(
        sa.select(Tenant.logo, Tenant.logo_type).where(Tenant.id == tenant.id)
    ).one()
    if data[0] is None:
        abort(404)
    resp = Response(data[0], mimetype=data[1] or "image/png")
    return _cached(resp, tenant.logo_etag)


def brand_context() -> dict[str, object]:
    """For base.html: the tenant's name, logo and stylesheet links, where there is a tenant."""
    tenant = g.get("tenant")
    if tenant is None:
        return {"brand": None}
    return {
        "brand": {
            "name": tenant.name,
            "css": url_for("brand.stylesheet", tenant=tenant.slug, v=_css_version(tenant))
            if tenant.brand_color
            else None,
            "logo": url_for("brand.logo", tenant=tenant.slug, v=tenant.logo_etag)
            if tenant.logo_etag
            else None,
            "home": url_for("brand.home", tenant=tenant.slug),
            "slug": tenant.slug,
        }
    }


def _css_version(tenant: Tenant) -> str:
    return (tenant.brand_color or "none").lstrip("#")
