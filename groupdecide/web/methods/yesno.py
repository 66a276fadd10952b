"""Yes / no motions on the web: motions in rows, yes, abstain or no for each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide.i18n import gettext as _
from groupdecide.web import charts, why

from .base import CreateForm, WebMethod


class YesNo(WebMethod):
    key = "yesno"
    explain = staticmethod(why.motions)
    options_stand_alone = True  # each motion passes or fails on its own

    def name(self) -> str:
        return _("Yes / no")

    def summary(self) -> str:
        return _("Each motion is answered with yes, no or abstain.")

    @property
    def noun(self) -> str:
        return _("Motion")

    @property
    def noun_plural(self) -> str:
        return _("Motions")

    def missing_label(self) -> str:
        return _("abstain")

    def majorities(self) -> list[tuple[str, str]]:
        """The choices of ``settings.majority`` in the reader's words."""
        return [
            ("simple", _("Simple majority: more yes than no")),
            ("absolute", _("Absolute majority: yes from more than half of all ballots")),
            ("two_thirds", _("Two thirds: at least two thirds of yes and no are yes")),
        ]

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.values["majority"] = "simple"

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.values["majority"] = data.get("majority", "simple")

    def settings(self, form: CreateForm) -> dict[str, Any]:
        return {"majority": form.values.get("majority") or "simple"}

    def value_label(self, settings: Mapping[str, Any], value: int) -> str:
        return {1: _("yes"), 0: _("abstain"), -1: _("no")}.get(value, str(value))

    def bar(
        self, row: dict[str, Any], settings: dict[str, Any], ballot_count: int, top_points: int
    ) -> None:
        row["value_text"] = _("passed") if row["passed"] else _("failed")
        row["bar"] = charts.stacked_bar(
            [(row["yes"], charts.YES), (row["abstain"], charts.ABSTAIN), (row["no"], charts.NO)],
            _(
                "%(label)s: %(yes)s yes, %(abstain)s abstain, %(no)s no",
                label=row["label"],
                yes=row["yes"],
                abstain=row["abstain"],
                no=row["no"],
            ),
            marker=None,
        )


METHOD = YesNo()
