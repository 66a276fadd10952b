"""Score voting on the web: options in rows and the scale, a score per option."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide.i18n import gettext as _
from groupdecide.web import charts, why
from groupdecide.web.page_globals import fmt_number

from .base import CreateForm, WebMethod, number


class Score(WebMethod):
    key = "score"
    explain = staticmethod(why.highest_mean)

    def name(self) -> str:
        return _("Score voting")

    def summary(self) -> str:
        return _("Everyone gives each option a score on a scale.")

    def missing_label(self) -> str:
        return _("not scored")

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.values.update(scale_min="0", scale_max="10")

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.values["scale_min"] = data.get("scale_min", "0")
        form.values["scale_max"] = data.get("scale_max", "10")

    def settings(self, form: CreateForm) -> dict[str, Any]:
        return {
            "scale": {
                "min": number(form.values.get("scale_min")),
                "max": number(form.values.get("scale_max")),
            }
        }

    def bar(
        self, row: dict[str, Any], settings: dict[str, Any], ballot_count: int, top_points: int
    ) -> None:
        low, high = settings["scale"]["min"], settings["scale"]["max"]
        mean = row["mean"]
        row["value_text"] = fmt_number(mean)
        fraction = None if mean is None else (mean - low) / (high - low)
        row["bar"] = charts.value_bar(
            fraction,
            _(
                "%(label)s: mean score %(mean)s on a scale from %(low)s to %(high)s",
                label=row["label"],
                mean=fmt_number(mean),
                low=low,
                high=high,
            ),
        )


METHOD = Score()
