"""The operator restores a tenant whose account is closing, during the grace period."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide.services import closing, tenants

from . import bp


@bp.post("/tenants/<slug>/restore")
def restore(slug: str) -> Response:
    """Clear the closing request: the tenant's pages work again, nothing is deleted."""
    row = tenants.require_tenant(slug)
    closing.restore(row)
    flash(_("%(slug)s is restored: it is no longer closing.", slug=slug), "success")
    return redirect(url_for("operator.tenant", slug=slug), code=303)
