"""Organizer pages for integrations: viewer links (make, list, revoke; and opening one) and
copying the decision."""

from __future__ import annotations

from flask import flash, g, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide.errors import DomainError, Unauthorized
from groupdecide.extensions import configured_limit, limiter
from groupdecide.links import public_url
from groupdecide.models import Decision, ViewerLink
from groupdecide.services import copies, decisions, viewer_links
from groupdecide.tenancy import current_tenant
from groupdecide.web import capabilities
from groupdecide.web.actor import web_actor
from groupdecide.web.viewer import remember_viewer

from . import _admin, _failed, _render_admin, _see_other, bp


@bp.app_template_global("viewer_links_of")
def viewer_links_of(decision: Decision) -> list[ViewerLink]:
    """The live viewer links of the decision, for the admin page."""
    return viewer_links.list_links(decision)


@bp.get("/d/<decision_id>/view/<token>")
@limiter.limit(configured_limit("RATELIMIT_LOOKUP"))
def view(decision_id: str, token: str) -> Response:
    """Exchange a viewer link for a cookie, then show the results without the token."""
    g.no_store = True
    decision = decisions.get_decision(decision_id)
    if viewer_links.resolve(decision, token) is None:
        raise Unauthorized(_("This viewer link is not valid. It may have been revoked."))
    remember_viewer(decision.id, token)
    return _see_other("public.results", decision_id=decision.id)


@bp.post("/d/<decision_id>/admin/viewer-links")
def new_viewer_link(decision_id: str) -> Response | tuple[str, int]:
    """A new viewer link, shown once on the admin page."""
    decision, token = _admin(decision_id)
    label = request.form.get("viewer_label", "")
    try:
        _link, secret = viewer_links.create_link(decision, label)
    except DomainError as exc:
        if exc.fields and "label" in exc.fields:
            exc.fields = {"viewer_label": exc.fields["label"]}
        return _failed(decision, token, exc, values={"viewer_label": label})
    link = public_url("organizer.view", current_tenant(), decision_id=decision.id, token=secret)
    return _render_admin(decision, token, values={"new_viewer_link": link})


@bp.post("/d/<decision_id>/admin/viewer-links/<link_id>/revoke")
def revoke_viewer_link(decision_id: str, link_id: str) -> Response:
    """Revoke a viewer link: it stops working at once."""
    decision, _token = _admin(decision_id)
    viewer_links.revoke_link(viewer_links.get_link(decision, link_id))
    flash(_("The viewer link is revoked."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="viewer-links")


@bp.post("/d/<decision_id>/admin/copy")
def copy(decision_id: str) -> Response | tuple[str, int]:
    """Copy the decision (no answers) and go on to the copy's links, as after creating."""
    decision, token = _admin(decision_id)
    try:
        made, admin_token = copies.copy_decision(current_tenant(), web_actor(), decision, {})
    except DomainError as exc:
        return _failed(decision, token, exc)
    capabilities.remember_admin(made.id, admin_token)
    flash(_("The copy is ready. Keep its admin link and share its participation link."), "success")
    return _see_other("organizer.share", decision_id=made.id)
