"""The results page of systemic consensing: the count arranged for reading."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _

from ...models import Decision
from ...services import results
from ..charts import acceptance_bar, histogram, histogram_label
from ..helpers import fmt_percent
from .poll_results import poll_context


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
                bar_label = _("%(label)s: acceptance %(value)s; passive solution %(passive)s",
                              label=o["label"], value=fmt_percent(o["acceptance"]),
                              passive=fmt_percent(threshold))
            else:
                bar_label = _("%(label)s: acceptance %(value)s", label=o["label"],
                              value=fmt_percent(o["acceptance"]))
            o["bar"] = acceptance_bar(o["acceptance"], threshold, passive=o["passive"],
                                      executable=o["executable"], label=bar_label)
            o["histogram_label"] = histogram_label(o["histogram"])
            o["histogram"] = histogram(o["histogram"], o["histogram_label"])
            o["histogram_counts"] = by_id[oid]["histogram"]
            rows.append(o)
        rank += len(group)
    return rows


def results_page(decision: Decision, ctx: dict[str, Any]) -> tuple[str, int]:
    """The results, or a page saying when they will show (403)."""
    if not ctx["results_visible"]:
        return render_template("public/results_hidden.html", **ctx), 403
    count = results.count(decision)
    if decision.method != "consensus":
        return render_template(
            "public/results_poll.html", **ctx, count=count,
            **poll_context(decision, count, ctx["settings"]),
        ), 200
    rows = _rows(count)
    by_id = {r["id"]: r for r in rows}
    winners = [by_id[w] for w in count.get("winners") or [] if w in by_id]
    passive = next((r for r in rows if r["passive"]), None)
    return render_template(
        "public/results.html",
        **ctx,
        count=count,
        rows=rows,
        winners=winners,
        passive_row=passive,
        counted=any(r["votes"] for r in rows),
    ), 200
