"""Organizer pages: create a decision, share it, and steer it through the admin link.

The admin link is exchanged for a cookie (``session["admin"]``) on first use; every page here
checks that cookie against the decision and is sent with ``Cache-Control: no-store``.
"""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide.errors import Conflict, DomainError, Forbidden, NotFound, Unauthorized
from groupdecide.extensions import configured_limit, limiter
from groupdecide.models import Decision
from groupdecide.services import auth, ballots, decision_changes, decisions, exports, results
from groupdecide.services import options as option_service
from groupdecide.services.policy import check_may_create
from groupdecide.services.times import now
from groupdecide.tenancy import current_tenant
from groupdecide.timeparse import TimeError, local_input, parse_local, zone_or_utc
from groupdecide.web import capabilities
from groupdecide.web.actor import web_actor
from groupdecide.web.forms import (
    DURATIONS,
    CreateForm,
    add_participation,
    blank_form,
    blank_participation,
    create_body,
    edit_rows,
    map_errors,
    method_names,
    read_form,
    read_participation,
    switching,
    tally_names,
)
from groupdecide.web.methods import DEFAULT_METHOD, WEB_METHODS, web_method
from groupdecide.web.problem_text import field_messages
from groupdecide.web.times import zone_message, zone_name

from .admin_context import admin_context

bp = Blueprint("organizer", __name__)


def _see_other(endpoint: str, **values: Any) -> Response:
    return redirect(url_for(endpoint, **values), code=303)


def _check_policy() -> None:
    """On a tenant whose policy is ``members``, only its logged-in members start decisions."""
    check_may_create(current_tenant(), web_actor())


# ----------------------------------------------------------------------------- create


def _zone(decision: Decision) -> Any:
    """The zone the admin page's time fields are in: the decision's (named on the page)."""
    return zone_or_utc(zone_name(decision))


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_CREATE"), methods=["POST"])
def new() -> Response | tuple[str, int] | str:
    """The create form; on success the admin token goes into the session and on to sharing."""
    _check_policy()
    if request.method == "GET":
        return _new_page(
            _templates.template_form(request.args)
            or blank_form(request.args.get("method", DEFAULT_METHOD))
        )
    form = read_form(request.form)
    participation = read_participation(request.form)
    if switching(request.form, form) or edit_rows(request.form, form):
        return _new_page(form, participation)
    body = create_body(form)
    if body is not None:
        add_participation(body, form, participation)
    if body is not None and not form.errors:
        try:
            decision, token = decisions.create_decision(current_tenant(), web_actor(), body)
        except DomainError as exc:
            map_errors(form, exc.fields)
            if not exc.fields:
                form.errors["form"] = exc.message
        else:
            capabilities.remember_admin(decision.id, token)
            flash(_("Your decision is ready. Share the participation link."), "success")
            return _see_other("organizer.share", decision_id=decision.id)
    return _new_page(form, participation), 422


def _new_page(form: CreateForm, participation: dict[str, Any] | None = None) -> str:
    return render_template(
        "organizer/new.html",
        form=form,
        methods=WEB_METHODS,
        method_names=method_names(),
        tally_names=tally_names(),
        durations=DURATIONS,
        participation=participation or blank_participation(),
    )


# ----------------------------------------------------------------------------- admin link


def _admin(decision_id: str) -> tuple[Decision, str | None]:
    """The decision and the admin token held in this browser (None for a logged-in member of
    the tenant, who steers without the link), or a 403 page that says why."""
    g.no_store = True
    decision = decisions.get_decision(decision_id)
    token = capabilities.admin_token(decision)
    if token is None and not capabilities.is_admin(decision):
        raise Forbidden(
            _(
                "This page is for the organizer. Open the admin link you received when you "
                "created the decision; this browser will then remember it."
            )
        )
    return decision, token


@bp.get("/d/<decision_id>/admin/<token>")
@limiter.limit(configured_limit("RATELIMIT_LOOKUP"))
def enter(decision_id: str, token: str) -> Response:
    """Exchange the admin token in the link for a cookie, then leave the token out of the URL."""
    g.no_store = True
    decision = decisions.get_decision(decision_id)
    if not auth.is_admin(decision, token):
        raise Unauthorized(
            _("This admin link is not valid. It may have been replaced by a newer one.")
        )
    capabilities.remember_admin(decision.id, token)
    return _see_other("organizer.admin", decision_id=decision.id)


def _links(decision: Decision, token: str | None) -> dict[str, str]:
    links = {
        "participate": url_for("public.participate", decision_id=decision.id, _external=True),
        "results": url_for("public.results", decision_id=decision.id, _external=True),
    }
    if token:  # a member without the link sees no admin link (only its hash is kept)
        links["admin"] = url_for(
            "organizer.enter", decision_id=decision.id, token=token, _external=True
        )
    return links


@bp.get("/d/<decision_id>/share")
def share(decision_id: str) -> str:
    """The links to share and the admin link to keep, with a QR code."""
    decision, token = _admin(decision_id)
    return render_template(
        "organizer/share.html",
        decision=decision,
        links=_links(decision, token),
        phase=decision.current_phase,
    )


def _render_admin(
    decision: Decision,
    token: str | None,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    settings = decision.rules.to_json()
    ballot_rows = ballots.list_ballots(decision)
    form_values = {
        "title": decision.title,
        "description": decision.description,
        "conditions": decision.conditions,
        "closes_at": local_input(decision.closes_at, _zone(decision)),
        "results": decision.rules.results,
        "individual_answers": decision.rules.individual_answers,
        "new_option": "",
        "voting_starts_at": local_input(decision.voting_starts_at, _zone(decision)),
    }
    form_values.update(values or {})
    page = render_template(
        "organizer/admin.html",
        decision=decision,
        settings=settings,
        phase=decision.current_phase,
        ballots=ballot_rows,
        links=_links(decision, token),
        errors=errors or {},
        values=form_values,
        **admin_context(decision, values or {}),
    )
    return page, status


@bp.get("/d/<decision_id>/admin")
def admin(decision_id: str) -> tuple[str, int]:
    """The organizer's page: texts, proposals, phase, ballots, links, deletion."""
    decision, token = _admin(decision_id)
    return _render_admin(decision, token)


def _failed(
    decision: Decision,
    token: str | None,
    exc: DomainError,
    *,
    prefix: str = "",
    values: dict[str, Any] | None = None,
) -> tuple[str, int]:
    """Show the admin page again with the service's complaint beside the field (or on top)."""
    errors = {
        prefix + k.removeprefix("settings."): v
        for k, v in field_messages(exc.fields, decision.method).items()
    }
    if not exc.fields:
        errors["form"] = exc.message
    return _render_admin(
        decision,
        token,
        errors=errors,
        values=values,
        status=exc.status if exc.status >= 400 else 422,
    )


@bp.post("/d/<decision_id>/admin/texts")
def edit(decision_id: str) -> Response | tuple[str, int]:
    """Change the question, the texts, the closing time and who sees the results."""
    decision, token = _admin(decision_id)
    form = request.form
    values = {
        k: form.get(k, "")
        for k in (
            "title",
            "description",
            "conditions",
            "closes_at",
            "results",
            "individual_answers",
        )
    }
    data: dict[str, Any] = {
        "title": values["title"],
        "description": values["description"],
        "conditions": values["conditions"],
        "settings": {"results": values["results"]},
    }
    tz = _zone(decision)
    if values["individual_answers"]:  # absent on anonymous decisions (no names asked)
        data["settings"]["individual_answers"] = values["individual_answers"]
    try:
        closes_at = parse_local(values["closes_at"], tz)
    except TimeError as exc:
        return _render_admin(
            decision,
            token,
            errors={"closes_at": zone_message(exc, tz.key)},
            values=values,
            status=422,
        )
    if values["closes_at"] != local_input(decision.closes_at, tz) or closes_at is None:
        if closes_at is not None and closes_at <= now():
            return _render_admin(
                decision,
                token,
                values=values,
                status=422,
                errors={"closes_at": _("Choose a time in the future.")},
            )
        data["closes_at"] = closes_at
    if "voting_starts_at" in form:
        values["voting_starts_at"] = form.get("voting_starts_at", "")
        if values["voting_starts_at"] != local_input(decision.voting_starts_at, tz):
            try:
                data["voting_starts_at"] = parse_local(values["voting_starts_at"], tz)
            except TimeError as exc:
                return _render_admin(
                    decision,
                    token,
                    values=values,
                    status=422,
                    errors={"voting_starts_at": zone_message(exc, tz.key)},
                )
    try:
        decision_changes.update_decision(decision, data)
    except DomainError as exc:
        return _failed(decision, token, exc, values=values)
    flash(_("The changes are saved."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="texts")


@bp.post("/d/<decision_id>/admin/phase")
def phase(decision_id: str) -> Response | tuple[str, int]:
    """Move the phase: collecting → voting → closed, and reopen."""
    decision, token = _admin(decision_id)
    try:
        decision_changes.update_decision(decision, {"phase": request.form.get("phase", "")})
    except DomainError as exc:
        return _failed(decision, token, exc)
    messages = {
        "voting": _("Voting is open."),
        "closed": _("The decision is closed. The outcome stands."),
    }
    flash(messages.get(decision.current_phase, _("The phase is changed.")), "success")
    return _see_other("organizer.admin", decision_id=decision.id)


@bp.post("/d/<decision_id>/admin/link")
def new_link(decision_id: str) -> Response:
    """Replace the admin link: the old one stops working; this browser keeps the new one."""
    decision, _token = _admin(decision_id)
    token = decisions.new_admin_token(decision)
    capabilities.remember_admin(decision.id, token)
    flash(_("There is a new admin link. The old one no longer works: keep the new one."), "success")
    return _see_other("organizer.share", decision_id=decision.id)


@bp.post("/d/<decision_id>/admin/delete")
def delete(decision_id: str) -> Response | tuple[str, int]:
    """Delete the decision with every proposal and answer, after a confirmation."""
    decision, token = _admin(decision_id)
    if request.form.get("confirm") != "1":
        return _render_admin(
            decision,
            token,
            errors={"confirm": _("Tick the box to confirm that everything is to be deleted.")},
            status=422,
        )
    title = decision.title
    decisions.delete_decision(decision)
    capabilities.forget_admin(decision_id)
    flash(_("The decision “%(title)s” is deleted, with all its answers.", title=title), "success")
    return _see_other("site.landing")


# ----------------------------------------------------------------------------- exports


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    resp = Response(body, mimetype=mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp


@bp.get("/d/<decision_id>/admin/export/<what>.<kind>")
def export(decision_id: str, what: str, kind: str) -> Response:
    """Results or ballots as CSV or JSON, for the organizer."""
    decision, _token = _admin(decision_id)
    if what not in ("results", "ballots") or kind not in ("csv", "json", "xlsx"):
        raise NotFound(_("There is no such export."))
    name = f"{decision.id}-{what}.{kind}"
    if kind == "xlsx":  # one workbook: a sheet of results and one of ballots
        count = results.count(decision, as_admin=True)
        return _download(exports.export_xlsx(decision, count), XLSX, f"{decision.id}.xlsx")
    if what == "results":
        count = results.count(decision, as_admin=True)
        if kind == "csv":
            return _download(exports.results_csv(decision, count), "text/csv", name)
        text = json.dumps(exports.results_json(decision, count), ensure_ascii=False, indent=2)
    else:
        if kind == "csv":
            return _download(exports.ballots_csv(decision), "text/csv", name)
        text = json.dumps(exports.ballots_json(decision), ensure_ascii=False, indent=2)
    return _download(text, "application/json", name)


@bp.get("/d/<decision_id>/admin/export/slot.ics")
def export_ics(decision_id: str) -> Response:
    """A time slot of a date poll as an iCalendar file: the one asked for, else the best."""
    decision, _token = _admin(decision_id)
    if not web_method(decision.method).has_time_slots:
        raise NotFound(_("Only date polls have time slots to export."))
    wanted = request.args.get("option")
    if wanted:
        option = option_service.get_option(decision, wanted)
    else:
        winners = results.count(decision).get("winners") or []
        if not winners:
            raise Conflict(_("No time slot has been chosen yet: there is no answer."))
        option = option_service.get_option(decision, winners[0])
    if option.starts_at is None:
        raise Conflict(_("This time slot has no start time, so it cannot go into a calendar."))
    link = url_for("public.participate", decision_id=decision.id, _external=True)
    text = exports.slot_ics(
        decision, option, host=request.host.split(":")[0] or "groupdecide", link=link
    )
    return _download(text, "text/calendar", f"{decision.id}-{option.id}.ics")


from . import hand_counts as _hand_counts  # noqa: E402,F401 - room counts on the admin page
from . import options as _options  # noqa: E402,F401 - adding, changing, hiding, removing options
from . import participation as _participation  # noqa: E402,F401 - invites, outcome, comments
from . import proposals as _proposals  # noqa: E402,F401 - merging proposals
from . import room as _room  # noqa: E402,F401 - the meeting room's projector view
from . import rounds as _rounds  # noqa: E402,F401 - another round of a closed decision
from . import templates as _templates  # noqa: E402 - saving and starting from templates
from . import viewer_links as _viewer_links  # noqa: E402,F401 - viewer links, copies
