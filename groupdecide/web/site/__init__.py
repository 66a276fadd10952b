"""The landing page."""

from flask import Blueprint, render_template

bp = Blueprint("site", __name__)


@bp.get("/")
def landing() -> str:
    """What the service is, and a start."""
    return render_template("site/landing.html")
