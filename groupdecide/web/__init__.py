"""The web pages: site (landing), public (participate, results, own ballot), organizer (admin)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import helpers
    from .organizer import bp as organizer_bp
    from .public import bp as public_bp
    from .site import bp as site_bp

    helpers.init_app(app)
    app.register_blueprint(site_bp)
    app.register_blueprint(public_bp, url_prefix="/t/<tenant>")
    app.register_blueprint(organizer_bp, url_prefix="/t/<tenant>")
