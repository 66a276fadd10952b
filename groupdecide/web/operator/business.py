"""The operator's business pages: sign-ups waiting for approval, plans (list, create, edit,
a tenant's plan) and usage per tenant per month (a page and ``usage.csv``)."""

from __future__ import annotations

from typing import Any

from flask import Response as FlaskResponse
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide.errors import DomainError
from groupdecide.models import Plan
from groupdecide.services import plans, signups, tenants, usage
from groupdecide.web.problem_text import field_messages

from . import Page, bp

# ----------------------------------------------------------------------------- sign-ups


@bp.get("/signups")
def signup_list() -> str:
    """Sign-ups with a confirmed address, waiting for a yes or no."""
    return render_template("operator/signups.html", rows=signups.pending(), mode=signups.mode())


@bp.post("/signups/<signup_id>/approve")
def signup_approve(signup_id: str) -> Page:
    row = signups.get_waiting(signup_id)
    try:
        tenant = signups.approve(row)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
        return render_template(
            "operator/signups.html", rows=signups.pending(), mode=signups.mode()
        ), 409
    flash(_("%(slug)s is created; the applicant is told by mail.", slug=tenant.slug), "success")
    return redirect(url_for("operator.signup_list"), code=303)


@bp.post("/signups/<signup_id>/reject")
def signup_reject(signup_id: str) -> Response:
    row = signups.get_waiting(signup_id)
    signups.reject(row)
    flash(
        _(
            "The sign-up of %(name)s is rejected; the applicant is told by mail.",
            name=row.organisation,
        ),
        "success",
    )
    return redirect(url_for("operator.signup_list"), code=303)


# ----------------------------------------------------------------------------- plans

PLAN_FIELDS = ("name", *plans.LIMITS)


def _plan_values(plan: Plan | None) -> dict[str, Any]:
    if plan is None:
        return {**dict.fromkeys(PLAN_FIELDS, ""), "custom_host": False, "is_default": False}
    return {
        **{k: getattr(plan, k) for k in PLAN_FIELDS},
        "custom_host": plan.custom_host,
        "is_default": plan.is_default,
    }


def _form_data() -> dict[str, Any]:
    data: dict[str, Any] = {k: request.form.get(k, "") for k in PLAN_FIELDS}
    data["custom_host"] = request.form.get("custom_host") == "1"
    data["is_default"] = request.form.get("is_default") == "1"
    return data


@bp.get("/plans")
def plan_list() -> str:
    return render_template(
        "operator/plans.html", plans=plans.all_plans(), values=_plan_values(None), errors={}
    )


@bp.post("/plans")
def plan_create() -> Page:
    data = _form_data()
    try:
        plan = plans.save_plan(None, data)
    except DomainError as exc:
        return render_template(
            "operator/plans.html",
            plans=plans.all_plans(),
            values=data,
            errors=field_messages(exc.fields) or {"form": exc.message},
        ), 422
    flash(_("The plan %(name)s is created.", name=plan.name), "success")
    return redirect(url_for("operator.plan_list"), code=303)


@bp.route("/plans/<plan_id>", methods=["GET", "POST"])
def plan_edit(plan_id: str) -> Page:
    plan = plans.get_plan(plan_id)
    if request.method == "GET":
        return render_template(
            "operator/plan.html", plan=plan, values=_plan_values(plan), errors={}
        )
    data = _form_data()
    try:
        plans.save_plan(plan, data)
    except DomainError as exc:
        return render_template(
            "operator/plan.html",
            plan=plan,
            values=data,
            errors=field_messages(exc.fields) or {"form": exc.message},
        ), 422
    flash(_("The plan %(name)s is saved.", name=plan.name), "success")
    return redirect(url_for("operator.plan_list"), code=303)


@bp.post("/tenants/<slug>/plan")
def tenant_plan(slug: str) -> Response:
    """Give a tenant a plan (or none)."""
    row = tenants.require_tenant(slug)
    raw = request.form.get("plan_id", "")
    plans.assign(row, plans.get_plan(raw) if raw else None)
    flash(_("The plan of %(slug)s is saved.", slug=row.slug), "success")
    return redirect(url_for("operator.tenant", slug=row.slug), code=303)


# ----------------------------------------------------------------------------- usage


def _month() -> tuple[str, Any]:
    month = request.args.get("month") or usage.this_month()
    span = usage.parse_month(month)
    if span is None:
        abort(400, _("Give the month as YYYY-MM."))
    return month, span


@bp.get("/usage")
def usage_page() -> str:
    """Decisions created, ballots cast and mails sent per tenant in a month."""
    month, (start, end) = _month()
    return render_template("operator/usage.html", month=month, rows=usage.monthly(start, end))


@bp.get("/usage.csv")
def usage_csv() -> FlaskResponse:
    month, (start, end) = _month()
    body = usage.monthly_csv(month, usage.monthly(start, end))
    return FlaskResponse(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="usage-{month}.csv"'},
    )


@bp.context_processor
def _plan_choices() -> dict[str, Any]:
    return {"operator_plans": plans.all_plans, "plan_of": plans.plan_of}
