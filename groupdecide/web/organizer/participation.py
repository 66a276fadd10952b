"""Organizer pages for participation: invites (make, mail, revoke, download), the outcome
statement, the discussion (delete, switch off) and notifications."""

from __future__ import annotations

from flask import flash, request
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from groupdecide import parsing
from groupdecide.errors import DomainError, ValidationFailed
from groupdecide.links import shown_link
from groupdecide.problems import FieldError
from groupdecide.services import comments, decision_changes, exports, notify
from groupdecide.services import invites as invite_service
from groupdecide.web.actor import web_actor

from . import _admin, _download, _failed, _render_admin, _see_other, bp


@bp.post("/d/<decision_id>/admin/invites")
def invites(decision_id: str) -> Response | tuple[str, int]:
    """Make N personal links (shown once as a list, or downloaded as CSV), or mail one to each
    address given."""
    decision, token = _admin(decision_id)
    form = request.form
    values = {"count": form.get("count", ""), "emails": form.get("emails", "")}
    try:
        if form.get("action") == "mail":
            made = notify.invite_by_mail(
                decision, invite_service.clean_emails(values["emails"]), web_actor()
            )
            flash(
                ngettext("%(num)s invitation is sent.", "%(num)s invitations are sent.", len(made)),
                "success",
            )
            return _see_other("organizer.admin", decision_id=decision.id, _anchor="invites")
        count = parsing.parse_int(values["count"], lo=1, hi=invite_service.INVITES_MAX)
        if count is None:
            raise ValidationFailed(
                _("Check the number of invites."),
                {"count": FieldError("count_out_of_range", max=invite_service.INVITES_MAX)},
            )
        made = invite_service.make_invites(decision, count=count)
    except DomainError as exc:
        return _failed(decision, token, exc, values=values)
    links = [shown_link("public.participate", decision, invite=t) for _i, t in made]
    if form.get("format") == "csv":
        rows = [["invite_id", "link"]] + [
            [i.id, link] for (i, _t), link in zip(made, links, strict=True)
        ]
        return _download(exports.to_csv(rows), "text/csv", f"{decision.id}-invites.csv")
    values["made_invites"] = "\n".join(links)
    return _render_admin(decision, token, values=values)


@bp.post("/d/<decision_id>/admin/invites/<invite_id>/revoke")
def revoke_invite(decision_id: str, invite_id: str) -> Response | tuple[str, int]:
    """Withdraw an unused invite."""
    decision, token = _admin(decision_id)
    try:
        invite_service.revoke_invite(decision, invite_service.get_invite(decision, invite_id))
    except DomainError as exc:
        return _failed(decision, token, exc)
    flash(_("The invite is withdrawn: its link no longer works."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="invites")


@bp.post("/d/<decision_id>/admin/outcome")
def outcome(decision_id: str) -> Response | tuple[str, int]:
    """Write (or change) the outcome statement of a closed decision."""
    decision, token = _admin(decision_id)
    text = request.form.get("outcome", "")
    try:
        decision_changes.update_decision(decision, {"outcome": text})
    except DomainError as exc:
        return _failed(decision, token, exc, values={"outcome": text})
    flash(_("The outcome statement is saved."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="outcome")


@bp.post("/d/<decision_id>/admin/comments")
def comments_switch(decision_id: str) -> Response:
    """Switch the discussion on or off."""
    decision, _token = _admin(decision_id)
    on = request.form.get("comments") == "1"
    comments.set_comments(decision, on)
    flash(_("The discussion is on.") if on else _("The discussion is switched off."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="discussion")


@bp.post("/d/<decision_id>/admin/comments/<comment_id>/delete")
def delete_comment(decision_id: str, comment_id: str) -> Response:
    """Delete a comment."""
    decision, _token = _admin(decision_id)
    comments.delete_comment(decision, comments.get_comment(decision, comment_id))
    flash(_("The comment is deleted."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="discussion")


@bp.post("/d/<decision_id>/admin/notify")
def notifications(decision_id: str) -> Response | tuple[str, int]:
    """Where the closing mail (and the daily digest, if asked) goes."""
    decision, token = _admin(decision_id)
    email = request.form.get("notify_email", "").strip()
    data = {"notify": {"email": email or None, "digest": request.form.get("notify_digest") == "1"}}
    try:
        decision_changes.update_decision(decision, data)
    except DomainError as exc:
        return _failed(decision, token, exc, values={"notify_email": email})
    flash(_("The notification settings are saved."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="notifications")
