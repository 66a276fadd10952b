"""The landing page and the help pages (one per voting method, in plain language)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, url_for

from groupdecide.web.methods import WEB_METHODS

bp = Blueprint("site", __name__)


@bp.get("/")
def landing() -> str:
    """What the service is, and a start (in the default tenant)."""
    start = url_for("organizer.new", tenant=current_app.config["DEFAULT_TENANT"])
    return render_template("site/landing.html", start_url=start)


@bp.get("/help/")
def help_index() -> str:
    """Every voting method with a line on what it is for."""
    return render_template("site/help_index.html", methods=list(WEB_METHODS.values()))


@bp.get("/help/<key>")
def help_method(key: str) -> str:
    """How a method works: what it is for, how to answer, how it is counted, how to read the
    result (the ballot page's own "how to read this" text)."""
    method = WEB_METHODS.get(key)
    if method is None:
        abort(404)
    return render_template("site/help.html", method=method, methods=list(WEB_METHODS.values()))


from . import privacy as _privacy  # noqa: E402,F401 - the retention statement
