"""Multiple choice on the web: options in rows with the limits, a check box per option."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide.i18n import gettext as _
from groupdecide.models import Decision
from groupdecide.web import why

from .base import Answers, CreateForm, WebMethod, number, share_bar


class Multiple(WebMethod):
    key = "multiple"
    explain = staticmethod(why.most_chosen)

    def name(self) -> str:
        return _("Multiple choice")

    def summary(self) -> str:
        return _("Everyone ticks every option they approve of (within limits you set).")

    def value_label(self, settings: Mapping[str, Any], value: int) -> str:
        return _("chosen") if value == 1 else "–"

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.values.update(min_choices="1", max_choices="")

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.values["min_choices"] = data.get("min_choices", "1")
        form.values["max_choices"] = data.get("max_choices", "")

    def settings(self, form: CreateForm) -> dict[str, Any]:
        out: dict[str, Any] = {}
        low = number(form.values.get("min_choices"))
        if low is not None:
            out["min_choices"] = low
        high = number(form.values.get("max_choices"))
        if high is not None:
            out["max_choices"] = high
        return out

    def read_answers(self, decision: Decision, form: MultiDict[str, str]) -> Answers:
        """A check box ``answer-<id>`` per option: ticked is 1, unticked is left out."""
        return {str(o.id): 1 for o in decision.options if form.get(f"answer-{o.id}") == "1"}, {}

    def bar(
        self, row: dict[str, Any], settings: dict[str, Any], ballot_count: int, top_points: int
    ) -> None:
        share_bar(row, ballot_count)


METHOD = Multiple()
