"""Ranked choice on the web: options in rows and the tally, a rank per option."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide.i18n import gettext as _
from groupdecide.models import Decision
from groupdecide.web import charts, why
from groupdecide.web.page_globals import fmt_number

from .base import CreateForm, WebMethod


def tally_names() -> dict[str, tuple[str, str]]:
    return {
        "schulze": (
            _("Schulze"),
            _(
                "Compares every pair of options; the option that beats "
                "every other, directly or by a chain, wins."
            ),
        ),
        "irv": (
            _("Instant runoff"),
            _(
                "Counts first preferences, drops the weakest and moves "
                "their votes on, until one has a majority."
            ),
        ),
        "borda": (
            _("Borda"),
            _("Points for every option ranked below, minus every option ranked above."),
        ),
        "copeland": (_("Copeland"), _("Pairwise wins minus pairwise losses.")),
    }


def matrix(count: dict[str, Any], key: str) -> list[dict[str, Any]] | None:
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


def irv_rounds(count: dict[str, Any]) -> list[dict[str, Any]]:
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


def highest_score(count: why.Count, ctx: dict[str, Any]) -> str | None:
    """Borda and Copeland: the highest score, against the next."""

    def one(w: dict[str, Any], runner: dict[str, Any] | None) -> str:
        text = _(
            "%(label)s has the highest score: %(score)s.", label=why.q(w["label"]), score=w["score"]
        )
        if runner is not None:
            text += " " + _(
                "Next is %(label)s with %(score)s.",
                label=why.q(runner["label"]),
                score=runner["score"],
            )
        return text

    return why.tie_or(count, one, "score")


def ranked_sentence(count: why.Count, ctx: dict[str, Any]) -> str | None:
    """Ranked choice: the sentence of the tally the decision counts by."""
    if count.get("details", {}).get("rounds") is not None:
        return why.runoff(count, ctx)
    if count.get("details", {}).get("strongest_paths") is not None:
        return why.pairwise(count, ctx)
    return highest_score(count, ctx)


class Ranked(WebMethod):
    key = "ranked"
    explain = staticmethod(ranked_sentence)

    def name(self) -> str:
        return _("Ranked choice")

    def summary(self) -> str:
        return _(
            "Everyone ranks the options; Schulze, instant runoff, Borda or Copeland counts them."
        )

    def missing_label(self) -> str:
        return _("unranked")

    def value_label(self, settings: Mapping[str, Any], value: int) -> str:
        return _("rank %(num)s", num=value)

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.values["tally"] = "schulze"

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.values["tally"] = data.get("tally", "schulze")

    def settings(self, form: CreateForm) -> dict[str, Any]:
        return {"tally": form.values.get("tally") or "schulze"}

    def add_results(
        self,
        decision: Decision,
        count: dict[str, Any],
        rows: list[dict[str, Any]],
        ctx: dict[str, Any],
        *,
        names: bool,
    ) -> None:
        ctx["pairwise"] = matrix(count, "pairwise")
        ctx["paths"] = matrix(count, "strongest_paths")
        if count.get("tally") == "irv":
            ctx["rounds"] = irv_rounds(count)
            ctx["colours"] = {
                o["id"]: charts.CATEGORICAL[i % len(charts.CATEGORICAL)]
                for i, o in enumerate(count["options"])
            }


METHOD = Ranked()
