"""Ranked choice on the web: options in rows and the tally, a rank per option."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

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


class Ranked(WebMethod):
    key = "ranked"

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


METHOD = Ranked()
