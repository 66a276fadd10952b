"""The web pages: site (landing), public (participate, results, own ballot), organizer (admin),
auth (log-in, links sent by mail), tenant_admin (the tenant's own area), brand (a tenant's
home, stylesheet and logo) and operator."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import page_globals
    from .auth import bp as auth_bp
    from .auth import session as auth_session
    from .operator import bp as operator_bp
    from .organizer import bp as organizer_bp
    from .public import bp as public_bp
    from .signup import bp as signup_bp
    from .site import bp as site_bp
    from .tenant_admin import bp as tenant_admin_bp
    from .tenant_admin.brand import bp as brand_bp
    from .tenant_admin.brand import brand_context

    page_globals.init_app(app)
    auth_session.init_app(app)
    app.context_processor(brand_context)
    app.register_blueprint(site_bp)
    app.register_blueprint(public_bp, url_prefix="/t/<tenant>")
    app.register_blueprint(organizer_bp, url_prefix="/t/<tenant>")
    app.register_blueprint(auth_bp, url_prefix="/t/<tenant>")
    app.register_blueprint(tenant_admin_bp, url_prefix="/t/<tenant>/admin")
    app.register_blueprint(brand_bp, url_prefix="/t/<tenant>")
    app.register_blueprint(operator_bp)
    app.register_blueprint(signup_bp)
    from .tenant_admin.plan import bp as tenant_plan_bp

    app.register_blueprint(tenant_plan_bp)
    from groupdecide.services import mail

    mail.init_app()
