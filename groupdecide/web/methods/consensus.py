"""Systemic consensing on the web: proposals in rows with the passive solution, resistances
0..10 on the ballot, and the words "proposal" and "rating"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide import parsing
from groupdecide.i18n import gettext as _
from groupdecide.i18n import ngettext
from groupdecide.models import Decision
from groupdecide.services.decision_settings import passive_label
from groupdecide.web import why
from groupdecide.web.page_globals import locale_code, resistance_names

from .base import NOT_RATED, Answers, CreateForm, WebMethod, number

# the create form's consensus settings as first shown (min_ratings: 2 on the web, 1 in the API)
FORM_DEFAULTS = {"min_ratings": "2", "support_threshold": "0", "order": "fixed"}


class Consensus(WebMethod):
    key = "consensus"
    explain = staticmethod(why.least_resistance)
    collects_proposals = True
    has_passive = True
    has_vetoes = True
    has_voting_start = True
    # the compact ballot shows each proposal's description and variants itself
    notes_in_ballot = True
    results_page = "methods/consensus/results.html"

    def name(self) -> str:
        return _("Systemic consensing")

    def summary(self) -> str:
        return _(
            "Everyone rates the resistance each proposal causes them; the least "
            "resisted proposal wins."
        )

    @property
    def noun(self) -> str:
        return _("Proposal")

    @property
    def noun_plural(self) -> str:
        return _("Proposals")

    def phase_names(self) -> list[tuple[str, str]]:
        return [
            ("collecting", _("Collecting proposals")),
            ("voting", _("Rating")),
            ("closed", _("Closed: result")),
        ]

    def missing_label(self) -> str:
        return _("not rated")

    def value_label(self, settings: Mapping[str, Any], value: int) -> str:
        names = resistance_names()
        return f"{value} – {names[value]}" if 0 <= value < len(names) else str(value)

    def option_messages(self) -> dict[str, Callable[[], str]]:
        return {
            "duplicate_label": lambda: _("A proposal with this text exists already."),
            "unknown_option": lambda: _(
                "This proposal no longer exists. Reload the page to see the current proposals."
            ),
            "too_few_options": lambda: _(
                "Voting needs at least one proposal besides the passive solution. Add one, or "
                "start by collecting proposals."
            ),
            "same_label_as": lambda: _("Another proposal has the same text."),
        }

    def at_most_options(self, num: int) -> str:
        return ngettext(
            "A decision can have at most %(num)s proposal.",
            "A decision can have at most %(num)s proposals.",
            num,
        )

    def results_context(
        self,
        decision: Decision,
        count: dict[str, Any],
        settings: dict[str, Any],
        *,
        names: bool,
    ) -> dict[str, Any]:
        from groupdecide.web.public.results_view import consensus_context

        return consensus_context(count)

    def blank(self, form: CreateForm) -> None:
        form.rows = ["", ""]
        form.values["passive_label"] = passive_label(locale_code())
        form.values.update(FORM_DEFAULTS)

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        if "passive_label" in data:
            form.values["passive_label"] = data.get("passive_label", "")
        else:  # coming from another method
            form.values["passive_label"] = passive_label(locale_code())
        for key, default in FORM_DEFAULTS.items():
            form.values[key] = data.get(key, default)

    def settings(self, form: CreateForm) -> dict[str, Any]:
        """The web form's consensus settings: ``min_ratings`` 2 by default here (the API's
        default stays 1), the support threshold (0: off) and the ballot's order."""
        out = {
            "min_ratings": number(form.values.get("min_ratings")),
            "support_threshold": number(form.values.get("support_threshold")),
            "order": form.values.get("order") or None,
        }
        return {k: v for k, v in out.items() if v is not None}

    def body(self, form: CreateForm) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        options, _settings = super().body(form)
        options.append({"label": form.values.get("passive_label", ""), "passive": True})
        form.option_fields.append("passive_label")
        return options, self.settings(form)

    def read_answers(self, decision: Decision, form: MultiDict[str, str]) -> Answers:
        """``answer-<id>`` holds "" (not rated: left out, never 0) or a resistance 0..10."""
        answers: dict[str, int] = {}
        errors: dict[str, str] = {}
        for option in decision.options:
            raw = form.get(f"answer-{option.id}", NOT_RATED).strip()
            if raw == NOT_RATED:
                continue
            value = parsing.parse_int(raw, lo=0, hi=10)
            if value is not None:
                answers[str(option.id)] = value
            else:
                errors[f"answers.{option.id}"] = _("Choose a value from 0 to 10.")
        return answers, errors


METHOD = Consensus()
