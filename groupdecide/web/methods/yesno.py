"""Yes / no motions on the web: motions in rows, yes, abstain or no for each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from .base import WebMethod


class YesNo(WebMethod):
    key = "yesno"

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

    def value_label(self, settings: Mapping[str, Any], value: int) -> str:
        return {1: _("yes"), 0: _("abstain"), -1: _("no")}.get(value, str(value))


METHOD = YesNo()
