"""The organizer's editorial tools for proposals: merging two proposals while collecting (the
admin page's part ``organizer/_proposals.html`` also lists the support of each proposal and the
proposals off the ballot)."""

from __future__ import annotations

from flask import flash, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide import parsing
from groupdecide.errors import DomainError
from groupdecide.services import options, proposals
from groupdecide.web.problem_text import field_messages

from . import _admin, _failed, _see_other, bp


@bp.post("/d/<decision_id>/admin/merge")
def merge(decision_id: str) -> Response | tuple[str, int]:
    """Merge the proposal ``option`` into the proposal ``into``."""
    decision, token = _admin(decision_id)
    try:
        source = options.get_option(decision, parsing.parse_id(request.form.get("option")))
        into = parsing.parse_id(request.form.get("into"))
        proposals.merge_option(decision, source, into if into is not None else "")
    except DomainError as exc:
        said = field_messages(exc.fields, decision.method).values() if exc.fields else []
        return _failed(decision, token, type(exc)(" ".join([exc.message, *said])))
    flash(_("The proposals are merged."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="merge")
