"""Organizer pages for the options: add, rename, hide or show, remove. A rename or a removal of
an option that carries answers asks first and says how many; the service logs each change."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide.errors import DomainError
from groupdecide.services import option_input, options
from groupdecide.web.methods import web_method

from . import _admin, _failed, _see_other, bp


def _on_top(exc: DomainError) -> DomainError:
    """A rule of the whole decision (409: too few options would remain, settings out of
    reach) is said on top of the page, not beside a field the page does not have."""
    return type(exc)(exc.message) if exc.status == 409 else exc


@bp.post("/d/<decision_id>/admin/options")
def add_option(decision_id: str) -> Response | tuple[str, int]:
    """Add a proposal (the organizer may in any phase but closed)."""
    decision, token = _admin(decision_id)
    label = request.form.get("label", "")
    try:
        option_input.add_option(decision, label, as_admin=True)
    except DomainError as exc:
        return _failed(
            decision,
            token,
            exc,
            prefix="new_option." if exc.fields else "",
            values={"new_option": label},
        )
    flash(
        _("The proposal is added.")
        if web_method(decision.method).collects_proposals
        else _("The option is added."),
        "success",
    )
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="proposals")


@bp.post("/d/<decision_id>/admin/options/<int:option_id>")
def option(decision_id: str, option_id: int) -> Response | tuple[str, int] | str:
    """Change a proposal's text, hide or show it, or remove it; a rename or a removal of one
    that carries answers asks first, saying how many."""
    decision, token = _admin(decision_id)
    target = options.get_option(decision, option_id)
    action = request.form.get("action")
    confirmed = request.form.get("confirm") == "1"
    if action == "remove":
        rated = options.option_rated_by(decision, target)
        if rated and not confirmed:
            return render_template(
                "organizer/confirm_remove.html", decision=decision, option=target, rated=rated
            )
        try:
            options.remove_option(decision, target, confirm=True)
        except DomainError as exc:
            return _failed(decision, token, _on_top(exc))
        flash(
            _("The proposal is removed.")
            if web_method(decision.method).collects_proposals
            else _("The option is removed."),
            "success",
        )
        return _see_other("organizer.admin", decision_id=decision.id, _anchor="proposals")
    if action in ("hide", "show"):
        try:
            options.patch_option(decision, target, {"hidden": action == "hide"})
        except DomainError as exc:
            return _failed(decision, token, _on_top(exc))
        flash(
            _("It is off the ballot: it takes no answers and is left out of the results.")
            if action == "hide"
            else _("It is on the ballot again."),
            "success",
        )
        return _see_other("organizer.admin", decision_id=decision.id, _anchor="proposals")
    label = request.form.get("label", "")
    if label.strip() != target.label and not confirmed:
        rated = options.option_rated_by(decision, target)
        if rated:
            return render_template(
                "organizer/confirm_rename.html",
                decision=decision,
                option=target,
                rated=rated,
                label=label.strip(),
            )
    try:
        options.update_option(decision, target, label, confirm=True)
    except DomainError as exc:
        return _failed(
            decision,
            token,
            exc,
            prefix=f"option-{option_id}.",
            values={f"option-{option_id}": label},
        )
    flash(
        _("The proposal is changed.")
        if web_method(decision.method).collects_proposals
        else _("The option is changed."),
        "success",
    )
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="proposals")
