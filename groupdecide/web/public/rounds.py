"""The public side of rounds and receipts (part two): a round's stored result
(``/results?round=N``), the rounds section of the results page with its chart across rounds,
the receipts page and its JSON for a recount, and the receipt beside one's own ballot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Response, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from groupdecide.errors import DomainError
from groupdecide.models import Decision
from groupdecide.services import decisions, receipts, results, rounds
from groupdecide.web.page_globals import fmt_percent

from . import _context, bp

# Per-option figures as they are shown in a stored round's table (the method's own).
FIGURE_NAMES = dict(  # the figure names, not method keys (one of them is also a method's)
    acceptance=lambda: _("Acceptance"),
    mean=lambda: _("Mean"),
    resistance=lambda: _("Resistance"),
    votes=lambda: _("Ratings"),
    max=lambda: _("Highest resistance"),
    count=lambda: _("Count"),
    share=lambda: _("Share"),
    yes=lambda: _("Yes"),
    no=lambda: _("No"),
    maybe=lambda: _("Maybe"),
    abstain=lambda: _("Abstain"),
    passed=lambda: _("Passed"),
    wins=lambda: _("Wins"),
    score=lambda: _("Score"),
    first_round=lambda: _("First preferences"),
    sum=lambda: _("Sum"),
    points=lambda: _("Points"),
    median=lambda: _("Median"),
    vetoes=lambda: _("Vetoes"),
)
PERCENT = ("acceptance", "share")
COLOURS = ("#1b6e8f", "#b4543a", "#1b7f5b", "#7a4fa0", "#c9963a", "#5d7285", "#bb3a2c", "#3a8c58")


def figure_text(name: str, value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if name in PERCENT and isinstance(value, int | float):
        return fmt_percent(float(value))
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _table(result: dict[str, Any]) -> dict[str, Any]:
    """A stored result as a table: the figures every option has, in the contract's order."""
    rows = result.get("options") or []
    names = [
        n
        for n in FIGURE_NAMES
        if any(n in row and not isinstance(row[n], list | dict) for row in rows)
    ]
    winners = set(result.get("winners") or [])
    return {
        "columns": [(n, FIGURE_NAMES[n]()) for n in names],
        "rows": [
            {
                "label": row.get("label", ""),
                "winner": row.get("id") in winners,
                "cells": [figure_text(n, row.get(n)) for n in names],
            }
            for row in rows
        ],
        "winners": [row.get("label", "") for row in rows if row.get("id") in winners],
        "ballot_count": result.get("ballot_count", 0),
    }


def _series(decision: Decision, as_admin: bool) -> tuple[str | None, list[dict[str, Any]]]:
    """Every round's result (stored, then the live one) as figure per option."""
    per_round = [(r.round, dict(r.result or {})) for r in rounds.stored_rounds(decision)]
    per_round = [(n, res) for n, res in per_round if n < decision.round]
    per_round.append((decision.round, results.count(decision, as_admin=as_admin)))
    figure = None
    for _n, res in reversed(per_round):
        figure = rounds.main_figure(res)
        if figure is not None:
            break
    labels = {o.id: o.label for o in decision.options}
    series: dict[int, dict[str, Any]] = {}
    for n, res in per_round:
        for row in res.get("options") or []:
            oid = row.get("id")
            if not isinstance(oid, int):
                continue
            entry = series.setdefault(
                oid, {"id": oid, "label": labels.get(oid, row.get("label", "")), "values": {}}
            )
            value = row.get(figure) if figure else None
            entry["values"][n] = value if isinstance(value, int | float) else None
    return figure, list(series.values())


def _chart(figure: str, numbers: list[int], series: list[dict[str, Any]], title: str) -> Markup:
    """Each option's figure across the rounds as lines (server-side SVG, no script)."""
    width, height, left, right, top, bottom = 560, 220, 40, 20, 10, 30
    values = [v for s in series for v in s["values"].values() if v is not None]
    top_value = 1.0 if figure in PERCENT else max([abs(float(v)) for v in values] + [1.0])
    low_value = 0.0 if figure in PERCENT else min([float(v) for v in values] + [0.0])
    span = (top_value - low_value) or 1.0

    def x(i: int) -> float:
        if len(numbers) == 1:
            return left + (width - left - right) / 2
        return left + i * (width - left - right) / (len(numbers) - 1)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - (v - low_value) / span)

    parts = [
        Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1d2125" stroke-width="1"/>').format(
            left, height - bottom, width - right, height - bottom
        )
    ]
    for i, n in enumerate(numbers):
        parts.append(
            Markup(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#1d2125">{}</text>'
            ).format(round(x(i), 1), height - 10, _("Round %(num)s", num=n))
        )
    for k, s in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        points = [
            (round(x(i), 1), round(y(float(s["values"][n])), 1))
            for i, n in enumerate(numbers)
            if s["values"].get(n) is not None
        ]
        if len(points) > 1:
            parts.append(
                Markup('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>').format(
                    colour, " ".join(f"{px},{py}" for px, py in points)
                )
            )
        for px, py in points:
            parts.append(Markup('<circle cx="{}" cy="{}" r="4" fill="{}"/>').format(px, py, colour))
    return Markup(
        '<svg class="rounds-chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-label="{}">{}</svg>'
    ).format(width, height, title, Markup("").join(parts))


@bp.app_template_global()
def round_overview(decision: Decision, is_admin: bool = False) -> dict[str, Any] | None:
    """The results page's "Rounds" section (None in the first round): each round with its
    result link, the chart of each option's main figure across rounds and its table."""
    if decision.round <= 1:
        return None
    listed: list[dict[str, Any]] = [
        {
            **r,
            "closed_at": datetime.fromisoformat(r["closed_at"].replace("Z", "+00:00"))
            if r["closed_at"]
            else None,
        }
        for r in rounds.rounds_list(decision, as_admin=is_admin)
    ]
    numbers = [r["round"] for r in listed]
    figure, series = _series(decision, is_admin)
    title = _("How each option did across the rounds")
    legend = [
        {"label": s["label"], "colour": COLOURS[k % len(COLOURS)]} for k, s in enumerate(series)
    ]
    return {
        "rounds": listed,
        "figure_name": FIGURE_NAMES[figure]() if figure else None,
        "chart": _chart(figure, numbers, series, title) if figure else None,
        "chart_title": title,
        "legend": legend,
        "numbers": numbers,
        "table": [
            {
                "label": s["label"],
                "cells": [figure_text(figure or "", s["values"].get(n)) for n in numbers],
            }
            for s in series
        ],
    }


@bp.app_template_global()
def receipts_listed(decision: Decision) -> bool:
    """Whether the results page links the receipts (receipts on, decision closed)."""
    return decision.rules.receipts and decision.current_phase == "closed"


def round_results_page(decision: Decision, ctx: dict[str, Any]) -> tuple[str, int]:
    """``/results?round=N``: round N as it closed, labels as they were (the current round:
    the live page's figures in the same table)."""
    if not ctx["results_visible"]:
        return render_template("public/results_hidden.html", **ctx), 403
    try:
        number = rounds.parse_round(request.args.get("round"))
        result = rounds.result_of_round(decision, number, as_admin=ctx["is_admin"])
    except DomainError as exc:
        return render_template(
            "public/rounds_result.html", **ctx, missing=exc.message, number=None, table=None
        ), exc.status
    return render_template(
        "public/rounds_result.html",
        **ctx,
        number=number,
        missing=None,
        table=_table(result),
    ), 200


@bp.get("/d/<decision_id>/receipts")
def receipts_page(decision_id: str) -> tuple[str, int]:
    """Every receipt with its answers (no names, no times), how to check one's own, and the
    list as JSON to recount."""
    decision = decisions.get_decision(decision_id)
    ctx = _context(decision)
    try:
        receipts.require_listable(decision)
    except DomainError as exc:
        return render_template(
            "public/receipts.html", **ctx, problem=exc.message, items=[], options=[]
        ), exc.status
    if not ctx["results_visible"]:
        return render_template("public/results_hidden.html", **ctx), 403
    return render_template(
        "public/receipts.html",
        **ctx,
        problem=None,
        items=receipts.receipts(decision),
        options=decision.ballot_options,
        json_url=url_for("public.receipts_json", decision_id=decision.id),
    ), 200


@bp.get("/d/<decision_id>/receipts.json")
def receipts_json(decision_id: str) -> Response | tuple[Response, int]:
    """The same list as the API's ``…/receipts``, to download and recount."""
    decision = decisions.get_decision(decision_id)
    ctx = _context(decision)
    try:
        receipts.require_listable(decision)
        results.require_results_visible(decision, as_admin=ctx["is_admin"])
    except DomainError as exc:
        return jsonify({"error": {"code": exc.code, "message": exc.message}}), exc.status
    resp = jsonify({"items": receipts.receipts(decision)})
    resp.headers["Content-Disposition"] = f'attachment; filename="{decision.id}-receipts.json"'
    return resp
