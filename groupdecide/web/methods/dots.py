"""Dot voting on the web: options in rows and the budget, points per option."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide.i18n import gettext as _
from groupdecide.i18n import ngettext
from groupdecide.web import charts, why

from .base import CreateForm, WebMethod, number


class Dots(WebMethod):
    key = "dots"
    explain = staticmethod(why.most_points)

    def name(self) -> str:
        return _("Dot voting")

    def summary(self) -> str:
        return _("Everyone spreads a budget of points over the options.")

    def missing_label(self) -> str:
        return "0"

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.values["budget"] = "10"

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.values["budget"] = data.get("budget", "10")

    def settings(self, form: CreateForm) -> dict[str, Any]:
        budget = number(form.values.get("budget"))
        return {} if budget is None else {"budget": budget}

    def bar(
        self, row: dict[str, Any], settings: dict[str, Any], ballot_count: int, top_points: int
    ) -> None:
        row["value_text"] = str(row["points"])
        row["bar"] = charts.value_bar(
            row["points"] / top_points if top_points else None,
            ngettext(
                "%(label)s: %(num)s point",
                "%(label)s: %(num)s points",
                row["points"],
                label=row["label"],
            ),
        )


METHOD = Dots()
