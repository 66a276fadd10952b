"""Participant pages: answer, propose, see the results, and find one's own ballot again.

The edit link is exchanged for a cookie (``session["ballots"]``) so that the same browser finds
its ballot again; pages reached through it are sent with ``Cache-Control: no-store``.
"""

from __future__ import annotations

from typing import Any, cast

from flask import (
    Blueprint,
    Response,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from groupdecide.errors import Conflict, DomainError, NotFound
from groupdecide.extensions import configured_limit, limiter
from groupdecide.models import Ballot, Decision
from groupdecide.services import ballots, decisions, invites, notify, option_input, results
from groupdecide.services import comments as comment_service
from groupdecide.web import capabilities
from groupdecide.web.actor import reading
from groupdecide.web.comments import comment_page
from groupdecide.web.methods import WEB_METHODS, web_method
from groupdecide.web.problem_text import field_messages
from groupdecide.web.qr import qr_svg
from groupdecide.web.viewer import is_viewer

from .ballot import form_values, name_hint, schedule_grid
from .results_view import results_page
from .vetoes import form_errors, read_vetoes, veto_values

bp = Blueprint("public", __name__)

Page = str | tuple[str, int] | Response


def _see_other(endpoint: str, **values: Any) -> Response:
    # flask.redirect makes the app's response class; it is typed as werkzeug's
    return cast(Response, redirect(url_for(endpoint, **values), code=303))


def _context(decision: Decision) -> dict[str, Any]:
    notify.observe(decision, reading=reading())
    settings = decision.rules.to_json()
    return {
        "decision": decision,
        "settings": settings,
        "phase": decision.current_phase,
        "passive": next((o for o in decision.options if o.passive), None),
        "ballot_count": decisions.ballot_count(decision),
        "results_visible": results.results_visible(
            decision, as_admin=capabilities.is_admin(decision)
        )
        or is_viewer(decision),  # a viewer link reads the results whatever settings.results
        "is_admin": capabilities.is_admin(decision),
        "comments_on": comment_service.comments_on(decision),
        "may_comment": comment_service.may_comment(
            decision,
            invite=capabilities.invite_token(decision),
            ballot=capabilities.own_ballot(decision),
            as_admin=capabilities.is_admin(decision),
        ),
        "names_shown": results.names_shown(decision, as_admin=capabilities.is_admin(decision)),
        "name_hint": name_hint(settings),
    }


def _render_participate(
    decision: Decision,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    proposal: dict[str, Any] | None = None,
    status: int = 200,
    answer_again: bool = False,
    comment: dict[str, Any] | None = None,
) -> tuple[str, int]:
    ctx = _context(decision)
    own = capabilities.own_ballot(decision)
    invite = capabilities.invite_token(decision) or request.form.get("invite", "")
    by_invite = ctx["settings"].get("access") == "invite"
    invite_state = invites.invite_state(decision, invite) if by_invite else None
    if by_invite and own is not None and invite_state != "valid":
        answer_again = False  # another answer needs another invite
    page = render_template(
        "public/participate.html",
        **ctx,
        grid=schedule_grid(
            decision,
            own,
            visible=ctx["results_visible"],
            anonymous=not ctx["names_shown"],
        ),
        own_ballot=own,
        show_form=ctx["phase"] == "voting"
        and (own is None or answer_again or bool(errors) or invite_state == "valid"),
        answer_again=answer_again,
        values=values or form_values(decision, None),
        errors=errors or {},
        proposal=proposal or {"label": "", "name": "", "errors": {}},
        # the token stays in the cookie, not in the page (a form that sent it keeps it)
        invite=request.form.get("invite", "") if invite_state == "valid" else "",
        invite_state=invite_state,
        by_invite=by_invite,
        vetoes=veto_values(decision, request.form if request.method == "POST" else None, None),
        **comment_page(decision, ctx["comments_on"]),
        comment=comment or {"name": "", "body": "", "errors": {}},
    )
    return page, status


def _errors_of(exc: DomainError, decision: Decision) -> dict[str, str]:
    if exc.status != 422:  # an invite used, revoked or unknown; closed: the message says it
        return {"form": exc.message}
    errors = form_errors(exc.fields, decision.method)
    if not exc.fields:
        errors.setdefault("form", exc.message)
    return errors


@bp.route("/d/<decision_id>", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_BALLOT"), methods=["POST"])
def participate(decision_id: str) -> Page:
    """The question, its proposals and the ballot (or, while collecting, the proposals so far)."""
    decision = decisions.get_decision(decision_id)
    answer_again = request.values.get("again") == "1"
    if request.method == "GET":
        if request.args.get("invite"):
            # Exchange the invite for a cookie and leave the token out of the address.
            g.no_store = True
            capabilities.remember_invite(decision.id, request.args["invite"][:200])
            return _see_other("public.participate", decision_id=decision.id)
        return _render_participate(decision, answer_again=answer_again)
    method = WEB_METHODS.get(decision.method)
    if method is None:
        raise NotFound(_("This kind of decision cannot be answered on this page yet."))
    answers, errors = method.read_answers(decision, request.form)
    values = form_values(decision, request.form)
    values["email"] = request.form.get("email", "").strip()
    if errors:
        return _render_participate(
            decision, values=values, errors=errors, status=422, answer_again=answer_again
        )
    data: dict[str, Any] = {"answers": answers}
    rules = decision.rules
    if not rules.anonymous:
        data["name"] = request.form.get("name", "")
    if rules.vetoes:
        data["vetoes"] = read_vetoes(decision, request.form)
    if values["email"]:
        data["email"] = values["email"]
    if rules.access == "invite":
        data["invite"] = capabilities.invite_token(decision) or request.form.get("invite", "")
    try:
        if (
            capabilities.own_ballot(decision) is not None
            and not answer_again
            and rules.access != "invite"
        ):
            # One answer per browser: a second one only when someone else answers here.
            raise Conflict(
                _(
                    "This browser has answered already. Change that answer, or choose "
                    "“Someone else answers on this device”."
                )
            )
        _ballot, token = ballots.cast_ballot(decision, data)
    except DomainError as exc:
        return _render_participate(
            decision,
            values=values,
            errors=_errors_of(exc, decision),
            status=exc.status,
            answer_again=answer_again,
        )
    capabilities.remember_ballot(decision.id, token)
    capabilities.forget_invite(decision.id)
    return _see_other("public.my_ballot", decision_id=decision.id, thanks=1)


@bp.post("/d/<decision_id>/propose")
@limiter.limit(configured_limit("RATELIMIT_BALLOT"))
def propose(decision_id: str) -> Page:
    """Add a proposal while proposals are collected, where the organizer allows it."""
    decision = decisions.get_decision(decision_id)
    label = request.form.get("label", "")
    name = "" if decision.rules.anonymous else request.form.get("name", "").strip()
    try:
        option_input.add_option(decision, label, as_admin=False, proposed_by=name or None)
    except DomainError as exc:
        errors = (
            field_messages(exc.fields, decision.method) if exc.fields else {"label": exc.message}
        )
        if "name" in errors:  # the proposer's name field
            errors["proposer"] = errors.pop("name")
        return _render_participate(
            decision,
            proposal={"label": label, "name": name, "errors": errors},
            status=exc.status,
        )
    flash(
        _("Thank you: your proposal is on the list.")
        if web_method(decision.method).collects_proposals
        else _("Thank you: your option is on the list."),
        "success",
    )
    return _see_other("public.participate", decision_id=decision.id, _anchor="proposals")


@bp.get("/d/<decision_id>/results", endpoint="results")
def results_(decision_id: str) -> Page:
    """The count with its explanation, as far as the decision's result visibility allows."""
    decision = decisions.get_decision(decision_id)
    if "round" in request.args:  # an earlier round as it closed (rounds.py)
        from .rounds import round_results_page

        return round_results_page(decision, _context(decision))
    return results_page(decision, _context(decision))


@bp.get("/d/<decision_id>/ballot/<token>")
@limiter.limit(configured_limit("RATELIMIT_LOOKUP"))
def edit_link(decision_id: str, token: str) -> Response:
    """Exchange one's edit link for a cookie, then show the ballot without the token in the URL."""
    g.no_store = True
    decision = decisions.get_decision(decision_id)
    ballot = ballots.ballot_by_token(decision, token)
    if ballot is None:
        raise NotFound(
            _(
                "This edit link does not belong to an answer of this decision. The answer may "
                "have been withdrawn."
            )
        )
    capabilities.remember_ballot(decision.id, token)
    return _see_other("public.my_ballot", decision_id=decision.id)


def _render_own(
    decision: Decision,
    ballot: Ballot,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    token = capabilities.ballot_token(decision)
    ctx = _context(decision)
    page = render_template(
        "public/my_ballot.html",
        **ctx,
        grid=schedule_grid(
            decision,
            ballot,
            visible=ctx["results_visible"],
            anonymous=not ctx["names_shown"],
        ),
        ballot=ballot,
        thanks=request.args.get("thanks") == "1",
        edit_link=url_for("public.edit_link", decision_id=decision.id, token=token, _external=True),
        values=values or form_values(decision, None, ballot),
        errors=errors or {},
        vetoes=veto_values(decision, request.form if request.method == "POST" else None, ballot),
    )
    return page, status


@bp.route("/d/<decision_id>/ballot", methods=["GET", "POST"])
def my_ballot(decision_id: str) -> Page:
    """One's own ballot: see it, change it or withdraw it (while voting)."""
    g.no_store = True
    decision = decisions.get_decision(decision_id)
    ballot = capabilities.own_ballot(decision)
    if ballot is None:
        return render_template("public/no_ballot.html", **_context(decision)), 404
    if request.method == "GET":
        return _render_own(decision, ballot)
    if request.form.get("action") == "withdraw":
        if request.form.get("confirm") != "1":
            return _render_own(
                decision,
                ballot,
                status=422,
                errors={
                    "confirm": _("Tick the box to confirm that your answer is to be withdrawn.")
                },
            )
        try:
            ballots.withdraw_ballot(decision, ballot)
        except DomainError as exc:
            return _render_own(
                decision, ballot, errors=_errors_of(exc, decision), status=exc.status
            )
        capabilities.forget_ballot(decision.id)
        flash(_("Your answer is withdrawn."), "success")
        return _see_other("public.participate", decision_id=decision.id)
    method = WEB_METHODS.get(decision.method)
    if method is None:
        raise NotFound(_("This kind of decision cannot be answered on this page yet."))
    answers, errors = method.read_answers(decision, request.form)
    values = form_values(decision, request.form)
    if errors:
        return _render_own(decision, ballot, values=values, errors=errors, status=422)
    data: dict[str, Any] = {"answers": answers}
    rules = decision.rules
    if not rules.anonymous:
        data["name"] = request.form.get("name", "")
    if rules.vetoes:
        data["vetoes"] = read_vetoes(decision, request.form)
    try:
        ballots.update_ballot(decision, ballot, data)
    except DomainError as exc:
        return _render_own(
            decision, ballot, values=values, errors=_errors_of(exc, decision), status=exc.status
        )
    flash(_("Your answer is changed."), "success")
    return _see_other("public.my_ballot", decision_id=decision.id)


@bp.get("/d/<decision_id>/qr.svg")
def qr(decision_id: str) -> Response:
    """A QR code of the participation link."""
    decision = decisions.get_decision(decision_id)
    link = url_for("public.participate", decision_id=decision.id, _external=True)
    resp = Response(qr_svg(link, _("Link to the decision")), mimetype="image/svg+xml")
    resp.headers["Cache-Control"] = "public, max-age=86400"
    return resp


from . import comments as _comment_routes  # noqa: E402,F401 - route: adding a comment
from . import embed as _embed  # noqa: E402,F401 - the embed view (?embed=1)
from . import proposals as _proposal_routes  # noqa: E402,F401 - support, comments per proposal
from . import results_routes as _results_routes  # noqa: E402,F401 - record, live results
from . import rounds as _rounds  # noqa: E402,F401 - rounds and receipts pages
from . import unsubscribe as _unsubscribe  # noqa: E402,F401 - unsubscribing from mail
