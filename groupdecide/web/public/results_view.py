"""The results page of systemic consensing: the count arranged for reading."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask_babel import gettext as _

from groupdecide.models import Decision
from groupdecide.services import results
from groupdecide.web.charts import acceptance_bar, histogram, histogram_label
from groupdecide.web.methods import web_method
from groupdecide.web.page_globals import fmt_percent


def _rows(count: dict[str, Any]) -> list[dict[str, Any]]:
    """The options in rank order, each with its rank, whether it ties, and its charts."""
    by_id = {o["id"]: o for o in count["options"]}
    passive_id = count.get("details", {}).get("passive_option")
    passive = by_id.get(passive_id) if passive_id is not None else None
    threshold = passive["acceptance"] if passive else None
    winners = set(count.get("winners") or [])
    rows: list[dict[str, Any]] = []
    rank = 1
    for group in count["ranking"]:
        for oid in group:
            o = dict(by_id[oid])
            o["rank"] = rank
            o["tied"] = len(group) > 1 and o["votes"] > 0
            o["winner"] = oid in winners
            o["executable"] = bool(o["below_passive"]) and not o["passive"]
            if o["acceptance"] is None:
                bar_label = _("%(label)s: not rated yet", label=o["label"])
            elif threshold is not None and not o["passive"]:
                bar_label = _(
                    "%(label)s: acceptance %(value)s; passive solution %(passive)s",
                    label=o["label"],
                    value=fmt_percent(o["acceptance"]),
                    passive=fmt_percent(threshold),
                )
            else:
                bar_label = _(
                    "%(label)s: acceptance %(value)s",
                    label=o["label"],
                    value=fmt_percent(o["acceptance"]),
                )
            o["bar"] = acceptance_bar(
                o["acceptance"],
                threshold,
                passive=o["passive"],
                executable=o["executable"],
                label=bar_label,
            )
            o["histogram_label"] = histogram_label(o["histogram"])
            o["histogram"] = histogram(o["histogram"], o["histogram_label"])
            o["histogram_counts"] = by_id[oid]["histogram"]
            rows.append(o)
        rank += len(group)
    return rows


def _participation(
    decision: Decision, ctx: dict[str, Any], count: dict[str, Any], fragment: bool
) -> dict[str, Any]:
    """Around the count: who answered what (named decisions), the vetoes, the live region."""
    labels = {o.id: o.label for o in decision.options}
    show_table = not web_method(decision.method).has_time_slots and results.names_shown(
        decision, as_admin=ctx["is_admin"]
    )
    return {
        "layout": "public/_fragment.html" if fragment else "base.html",
        "answer_table": results.answer_table(decision, as_admin=ctx["is_admin"])
        if show_table
        else None,
        "veto_list": [
            dict(v, label=labels.get(v["option"], ""))
            for v in count.get("details", {}).get("vetoes", [])
        ],
        "live_url": url_for("public.results_live", decision_id=decision.id)
        if ctx["phase"] != "closed"
        else None,
    }


def results_page(
    decision: Decision,
    ctx: dict[str, Any],
    *,
    count: dict[str, Any] | None = None,
    fragment: bool = False,
) -> tuple[str, int]:
    """The results, or a page saying when they will show (403)."""
    if not ctx["results_visible"]:
        return render_template("public/results_hidden.html", **ctx), 403
    count = count if count is not None else results.count(decision, as_admin=ctx["is_admin"])
    extra = _participation(decision, ctx, count, fragment)
    method = web_method(decision.method)
    names = results.names_shown(decision, as_admin=ctx["is_admin"])
    parts = method.results_context(decision, count, ctx["settings"], names=names)
    parts["why"] = method.why(count, parts)
    return render_template(method.results_page, **ctx, **extra, **parts), 200


def consensus_context(count: dict[str, Any]) -> dict[str, Any]:
    rows = _rows(count)
    by_id = {r["id"]: r for r in rows}
    return {
        "count": count,
        "rows": rows,
        "winners": [by_id[w] for w in count.get("winners") or [] if w in by_id],
        "passive_row": next((r for r in rows if r["passive"]), None),
        "counted": any(r["votes"] for r in rows),
    }


def record_context(decision: Decision, ctx: dict[str, Any]) -> dict[str, Any]:
    """What the decision record shows: the count arranged as on the results page."""
    from groupdecide.services.times import now
    from groupdecide.web.forms import method_name

    count = results.count(decision, as_admin=ctx["is_admin"])
    extra = _participation(decision, ctx, count, False)
    extra["answer_table"] = None
    extra["live_url"] = None
    extra["now"] = now()
    extra["method_name"] = method_name(decision.method)
    closed_at = None
    if ctx["phase"] == "closed":
        # A deadline that passed is the closing time; a closing by hand was announced (and
        # stamped) at once.
        closes = decision.closes_at
        closed_at = (
            closes
            if closes is not None and closes <= extra["now"]
            else (decision.closed_notified_at or decision.updated_at)
        )
    extra["closed_at"] = closed_at
    method = web_method(decision.method)
    names = results.names_shown(decision, as_admin=ctx["is_admin"])
    parts = method.results_context(decision, count, ctx["settings"], names=names)
    parts["why"] = method.why(count, parts)
    return {**extra, **parts}
