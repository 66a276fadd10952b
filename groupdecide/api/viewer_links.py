"""``/decisions/{id}/viewer-links``: read-only results for people outside the group.

The viewer capability is decided here, once, for every route under a decision: with a live
viewer token as Bearer every write (``POST``, ``PATCH``, ``PUT``, ``DELETE``) answers 403,
and a revoked viewer token answers 401 on every route. The reads that a viewer token opens
(``GET …/results`` whatever ``settings.results`` says) ask ``is_viewer``."""

from __future__ import annotations

from typing import Any, TypedDict

from flask import g, request
from flask.views import MethodView

from groupdecide.errors import Forbidden, Unauthorized
from groupdecide.links import public_url
from groupdecide.models import Decision, ViewerLink
from groupdecide.services import viewer_links
from groupdecide.services.times import iso
from groupdecide.tenancy import current_tenant

from .blueprint import BEARER, bearer, bp, decision_of, require_admin
from .schemas.integrations import (
    ViewerLinkCreatedSchema,
    ViewerLinkCreateSchema,
    ViewerLinkListSchema,
)

WRITES = ("POST", "PATCH", "PUT", "DELETE")


class ViewerLinkCreatedJSON(TypedDict):
    id: int
    token: str
    link: str


class ViewerLinkJSON(TypedDict):
    id: int
    label: str | None
    created_at: str | None


class ViewerLinkListJSON(TypedDict):
    items: list[ViewerLinkJSON]


def is_viewer(decision: Decision, token: str | None) -> bool:
    """Whether ``token`` is a live viewer link of ``decision``."""
    return viewer_links.resolve(decision, token) is not None


@bp.before_request
def _viewer_reads_only() -> None:
    """A viewer token reads; it never writes (403). A revoked one answers 401."""
    decision = g.get("api_decision")
    token = bearer()
    if not isinstance(decision, Decision) or not token:
        return
    if viewer_links.is_revoked(decision, token):
        raise Unauthorized("This viewer link was revoked.")
    if request.method in WRITES and is_viewer(decision, token):
        raise Forbidden("A viewer link only reads: it cannot change anything.")


def viewer_link(decision: Decision, token: str) -> str:
    """The link to open: from the configured public URL or the tenant's own host."""
    return public_url("organizer.view", current_tenant(), decision_id=decision.id, token=token)


def link_json(link: ViewerLink) -> ViewerLinkJSON:
    return {"id": link.id, "label": link.label, "created_at": iso(link.created_at)}


@bp.route("/decisions/<decision_id>/viewer-links")
class ViewerLinkCollection(MethodView):
    @bp.arguments(ViewerLinkCreateSchema)
    @bp.response(201, ViewerLinkCreatedSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any], decision_id: str) -> ViewerLinkCreatedJSON:
        """A viewer link (admin token): with its token as Bearer, or opened in a browser,
        the decision and its results read whatever ``settings.results`` says; every write
        answers 403. The token is shown once, here."""
        decision = decision_of(decision_id)
        require_admin(decision)
        link, token = viewer_links.create_link(decision, data.get("label"))
        return {"id": link.id, "token": token, "link": viewer_link(decision, token)}

    @bp.response(200, ViewerLinkListSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str) -> ViewerLinkListJSON:
        """The live viewer links, without their tokens (admin token; an extension)."""
        decision = decision_of(decision_id)
        require_admin(decision)
        return {"items": [link_json(x) for x in viewer_links.list_links(decision)]}


@bp.route("/decisions/<decision_id>/viewer-links/<link_id>")
class ViewerLinkItem(MethodView):
    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, decision_id: str, link_id: str) -> None:
        """Revoke a viewer link (admin token): its token then answers 401."""
        decision = decision_of(decision_id)
        require_admin(decision)
        viewer_links.revoke_link(viewer_links.get_link(decision, link_id))
