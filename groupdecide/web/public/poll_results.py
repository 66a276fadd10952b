"""The results of the polls (every method but consensus), arranged for reading: rows in rank
order with their figures and charts, and the method's own tables (pairwise matrix, strongest
paths, instant-runoff rounds, merit profile, the date grid)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from ...i18n import grade_names
from ...models import Decision
from ...services import ballots as ballot_service
from .. import charts
from ..helpers import fmt_number, fmt_percent
from ..times import slot_text, zone_name

GRID_ROWS_SHOWN = 200


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


def _bars(
    rows: list[dict[str, Any]], method: str, settings: dict[str, Any], ballot_count: int
) -> None:
    """The bar and the value text of each row, by method."""
    top_points = max((r.get("points", 0) for r in rows), default=0)
    for r in rows:
        if method in ("single", "multiple"):
            r["value_text"] = _(
                "%(count)s (%(share)s)", count=r["count"], share=fmt_percent(r["share"])
            )
            r["bar"] = charts.value_bar(
                r["share"],
                ngettext(
                    "%(label)s: %(count)s of %(num)s ballot",
                    "%(label)s: %(count)s of %(num)s ballots",
                    ballot_count,
                    label=r["label"],
                    count=r["count"],
                ),
            )
        elif method == "score":
            low, high = settings["scale"]["min"], settings["scale"]["max"]
            mean = r["mean"]
            r["value_text"] = fmt_number(mean)
            fraction = None if mean is None else (mean - low) / (high - low)
            r["bar"] = charts.value_bar(
                fraction,
                _(
                    "%(label)s: mean score %(mean)s on a scale from %(low)s to %(high)s",
                    label=r["label"],
                    mean=fmt_number(mean),
                    low=low,
                    high=high,
                ),
            )
        elif method == "dots":
            r["value_text"] = str(r["points"])
            r["bar"] = charts.value_bar(
                r["points"] / top_points if top_points else None,
                ngettext(
                    "%(label)s: %(num)s point",
                    "%(label)s: %(num)s points",
                    r["points"],
                    label=r["label"],
                ),
            )
        elif method == "yesno":
            r["value_text"] = _("passed") if r["passed"] else _("failed")
            r["bar"] = charts.stacked_bar(
                [(r["yes"], charts.YES), (r["abstain"], charts.ABSTAIN), (r["no"], charts.NO)],
                _(
                    "%(label)s: %(yes)s yes, %(abstain)s abstain, %(no)s no",
                    label=r["label"],
                    yes=r["yes"],
                    abstain=r["abstain"],
                    no=r["no"],
                ),
                marker=None,
            )
        elif method == "schedule":
            r["value_text"] = _("%(yes)s yes, %(maybe)s if need be", yes=r["yes"], maybe=r["maybe"])
            r["bar"] = charts.stacked_bar(
                [(r["yes"], charts.YES), (r["maybe"], charts.MAYBE), (r["no"], charts.NO)],
                _(
                    "%(label)s: %(yes)s yes, %(maybe)s if need be, %(no)s no",
                    label=r["label"],
                    yes=r["yes"],
                    maybe=r["maybe"],
                    no=r["no"],
                ),
            )


def _matrix(count: dict[str, Any], key: str) -> list[dict[str, Any]] | None:
    """A pairwise matrix as rows of cells, each cell classed win / loss / tie against its
    mirror in the pairwise matrix."""
    m = count["details"].get(key)
    d = count["details"].get("pairwise")
    if m is None or d is None:
        return None
    options = count["options"]
    out = []
    for i, o in enumerate(options):
        cells = []
        for j, _other in enumerate(options):
            if i == j:
                cells.append({"value": "–", "cls": "self"})
                continue
            mine, theirs = m[i][j], m[j][i]
            cls = "win" if mine > theirs else "loss" if mine < theirs else "tie"
            cells.append({"value": mine, "cls": cls})
        out.append({"label": o["label"], "cells": cells})
    return out


def _irv(count: dict[str, Any]) -> list[dict[str, Any]]:
    """The rounds with each option's votes, the exhausted ballots and who was eliminated."""
    labels = {o["id"]: o["label"] for o in count["options"]}
    colours = {
        o["id"]: charts.CATEGORICAL[i % len(charts.CATEGORICAL)]
        for i, o in enumerate(count["options"])
    }
    total = count["ballot_count"]
    winners = set(count.get("winners") or [])
    out = []
    for n, rnd in enumerate(count["details"].get("rounds") or [], start=1):
        counts = {int(k): v for k, v in rnd["counts"].items()}
        exhausted = max(0.0, total - sum(counts.values()))
        last = n == len(count["details"]["rounds"])
        segments = [(counts[oid], colours[oid]) for oid in counts]
        segments.append((exhausted, charts.EXHAUSTED))
        text = "; ".join(f"{labels[oid]}: {fmt_number(v, 1)}" for oid, v in counts.items())
        out.append(
            {
                "number": n,
                "counts": counts,
                "exhausted": exhausted,
                "eliminated": [labels[e] for e in rnd["eliminated"]],
                "winners": [labels[w] for w in winners] if last else [],
                "bar": charts.stacked_bar(
                    segments,
                    _(
                        "Round %(num)s: %(counts)s; exhausted: %(exhausted)s",
                        num=n,
                        counts=text,
                        exhausted=fmt_number(exhausted, 1),
                    ),
                ),
            }
        )
    return out


def _profile(rows: list[dict[str, Any]], grades: list[str]) -> None:
    """The merit profile bar of each option, with the majority line at 50 % (``grades`` as
    the page shows them)."""
    colours = charts.grade_colours(len(grades))
    for r in rows:
        if r.get("median") is not None and 0 <= r["median"] < len(grades):
            r["median_label"] = grades[r["median"]]
        parts = ", ".join(f"{g}: {c}" for g, c in zip(grades, r["grade_counts"], strict=True))
        r["bar"] = charts.stacked_bar(
            list(zip(r["grade_counts"], colours, strict=True)),
            _(
                "%(label)s: median grade %(median)s; %(grades)s",
                label=r["label"],
                median=r["median_label"] or "–",
                grades=parts,
            ),
            marker=0.5,
        )
        r["value_text"] = r["median_label"] or "–"
    for r in rows:
        r["grade_colours"] = colours


def _schedule_grid(decision: Decision, names: bool) -> dict[str, Any]:
    rows = ballot_service.list_ballots(decision)
    anonymous = not names  # numbered rows where names may not stand beside the answers
    return {
        "rows": [
            {
                "name": _("Participant %(num)s", num=i + 1) if anonymous else (b.name or "–"),
                "answers": b.answers or {},
            }
            for i, b in enumerate(rows[:GRID_ROWS_SHOWN])
        ],
        "hidden_rows": max(0, len(rows) - GRID_ROWS_SHOWN),
    }


def _slot_labels(decision: Decision, count: dict[str, Any]) -> dict[str, Any]:
    """The count with each time slot named from its instants, in the reader's language and the
    decision's zone (a copy: the count itself is cached for every reader)."""
    zone = zone_name(decision)
    texts = {o.id: slot_text(o, zone) for o in decision.options}
    options = [{**o, "label": texts.get(o["id"], o["label"])} for o in count["options"]]
    return {**count, "options": options}


def poll_context(
    decision: Decision, count: dict[str, Any], settings: dict[str, Any], *, names: bool = False
) -> dict[str, Any]:
    """Everything the poll results template shows."""
    method = decision.method
    if method == "schedule":
        count = _slot_labels(decision, count)
    rows = _rank_rows(count)
    _bars(rows, method, settings, count["ballot_count"])
    ctx: dict[str, Any] = {
        "rows": rows,
        "in_order": sorted(rows, key=lambda r: [o["id"] for o in count["options"]].index(r["id"])),
        "winners": [r for r in rows if r["winner"]],
        "counted": count["ballot_count"] > 0 and bool(count.get("winners") or method == "yesno"),
        "tally": count.get("tally"),
    }
    if method == "ranked":
        ctx["pairwise"] = _matrix(count, "pairwise")
        ctx["paths"] = _matrix(count, "strongest_paths")
        if count.get("tally") == "irv":
            ctx["rounds"] = _irv(count)
            ctx["colours"] = {
                o["id"]: charts.CATEGORICAL[i % len(charts.CATEGORICAL)]
                for i, o in enumerate(count["options"])
            }
    if method == "judgment":
        ctx["grades"] = grade_names(count["details"]["grades"])
        _profile(rows, ctx["grades"])
    if method == "schedule":
        ctx["grid"] = _schedule_grid(decision, names)
    return ctx
