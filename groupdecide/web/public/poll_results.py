"""The results of the polls (every method but consensus), arranged for reading: rows in rank
order with their figures; the method (``web/methods/<key>.py``) adds its bars and its own
tables (pairwise matrix, strongest paths, instant-runoff rounds, merit profile, the date grid)."""

from __future__ import annotations

from typing import Any

from flask import request

from groupdecide.models import Decision
from groupdecide.web.methods import web_method


def _rank_rows(count: dict[str, Any]) -> list[dict[str, Any]]:
    """The options in rank order, each with its rank, whether it ties and whether it won."""
    by_id = {o["id"]: o for o in count["options"]}
    winners = set(count.get("winners") or [])
    counted = count["ballot_count"] > 0
    rows: list[dict[str, Any]] = []
    rank = 1
    for group in count["ranking"]:
        for oid in group:
            row = dict(by_id[oid])
            row["rank"] = rank
            row["tied"] = counted and len(group) > 1
            row["winner"] = oid in winners
            rows.append(row)
        rank += len(group)
    return rows


def poll_context(
    decision: Decision, count: dict[str, Any], settings: dict[str, Any], *, names: bool = False
) -> dict[str, Any]:
    """Everything the poll results template shows; the method adds its bars and tables."""
    method = web_method(decision.method)
    count = method.count_for_page(decision, count)
    rows = _rank_rows(count)
    top_points = max((r.get("points", 0) for r in rows), default=0)
    for row in rows:
        method.bar(row, settings, count["ballot_count"], top_points)
    position = {o["id"]: i for i, o in enumerate(count["options"])}
    in_order = sorted(rows, key=lambda r: position[r["id"]])
    # Motions stand in the agenda's order (the organizer's), each passed or failed; sorting
    # by support is a toggle (``?order=support``).
    order = None
    if method.options_stand_alone:
        order = "support" if request.args.get("order") == "support" else "agenda"
        for row in rows:
            row["agenda"] = position[row["id"]] + 1
    ctx: dict[str, Any] = {
        "rows": in_order if order == "agenda" else rows,
        "in_order": in_order,
        "order": order,
        "winners": [r for r in rows if r["winner"]],
        "counted": count["ballot_count"] > 0
        and bool(count.get("winners") or method.options_stand_alone),
        "tally": count.get("tally"),
    }
    method.add_results(decision, count, rows, ctx, names=names)
    return ctx
