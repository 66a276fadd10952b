"""Single choice on the web: options in rows, one ``choice`` radio group on the ballot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide.i18n import gettext as _
from groupdecide.models import Decision
from groupdecide.web import why

from .base import Answers, WebMethod, share_bar


class Single(WebMethod):
    key = "single"
    explain = staticmethod(why.most_chosen)

    def name(self) -> str:
        return _("Single choice")

    def summary(self) -> str:
        return _("Everyone picks one option.")

    def value_label(self, settings: Mapping[str, Any], value: int) -> str:
        return _("chosen") if value == 1 else "–"

    def read_answers(self, decision: Decision, form: MultiDict[str, str]) -> Answers:
        """One ``choice`` radio group: the chosen option's id gets 1."""
        raw = form.get("choice", "").strip()
        return ({raw: 1} if raw else {}), {}

    def bar(
        self, row: dict[str, Any], settings: dict[str, Any], ballot_count: int, top_points: int
    ) -> None:
        share_bar(row, ballot_count)


METHOD = Single()
