"""The landing page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for

bp = Blueprint("site", __name__)


@bp.get("/")
def landing() -> str:
    """What the service is, and a start (in the default tenant)."""
    start = url_for("organizer.new", tenant=current_app.config["DEFAULT_TENANT"])
    return render_template("site/landing.html", start_url=start)
