"""Majority judgment on the web: options in rows and the grades, a grade per option."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide.i18n import default_grade_names, grade_names
from groupdecide.i18n import gettext as _
from groupdecide.models import Decision
from groupdecide.web import charts, why

from .base import CreateForm, WebMethod, edit_list

MAX_GRADES = 10


def merit_profile(rows: list[dict[str, Any]], grades: list[str]) -> None:
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


class Judgment(WebMethod):
    key = "judgment"
    explain = staticmethod(why.best_median)

    def name(self) -> str:
        return _("Majority judgment")

    def summary(self) -> str:
        return _("Everyone grades each option; the best median grade wins.")

    def missing_label(self) -> str:
        return _("not graded")

    def value_label(self, settings: Mapping[str, Any], value: int) -> str:
        grades = grade_names(settings.get("grades"))
        return grades[value] if 0 <= value < len(grades) else str(value)

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.grades = default_grade_names()

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.grades = (
            data.getlist("grade")[: MAX_GRADES + 1] if "grade" in data else default_grade_names()
        )

    def edit(self, data: MultiDict[str, str], form: CreateForm) -> bool:
        return super().edit(data, form) or edit_list(
            data, form.grades, "grade", "grade", form, limit=MAX_GRADES
        )

    def settings(self, form: CreateForm) -> dict[str, Any]:
        return {"grades": [g.strip() for g in form.grades if g.strip()]}

    def add_results(
        self,
        decision: Decision,
        count: dict[str, Any],
        rows: list[dict[str, Any]],
        ctx: dict[str, Any],
        *,
        names: bool,
    ) -> None:
        ctx["grades"] = grade_names(count["details"]["grades"])
        merit_profile(rows, ctx["grades"])


METHOD = Judgment()
