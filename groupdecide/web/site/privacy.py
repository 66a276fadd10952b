"""``/privacy``: what the service stores, for how long, and who sees it (for a customer's
data-protection officer), in the page's language."""

from __future__ import annotations

from flask import current_app, render_template

from groupdecide.services.retention import MAIL_RECORDS_DAYS

from . import bp


@bp.get("/privacy")
def privacy() -> str:
    cfg = current_app.config
    return render_template(
        "site/privacy.html",
        grace_days=int(cfg.get("CLOSE_GRACE_DAYS") or 14),
        mail_days=MAIL_RECORDS_DAYS,
        session_days=int(cfg.get("LOGIN_SESSION_DAYS") or 14),
    )
