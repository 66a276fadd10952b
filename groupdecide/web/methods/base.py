"""The web side of a voting method as one object: its create-form fields, its ballot reader,
its words (the name, the phases, "not answered", the option messages) and its templates.

``WebMethod`` holds what the polls share (options in rows, ``answer-<id>`` number fields, the
words "option" and "voting"); each method in ``web/methods/<key>.py`` overrides what differs.
Templates ask the object (``web_method(decision.method)``) for its flags, words and template
parts instead of comparing method keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import g
from werkzeug.datastructures import MultiDict

from groupdecide import parsing
from groupdecide.i18n import gettext as _
from groupdecide.i18n import ngettext
from groupdecide.models import Decision

MAX_ROWS = 200
NUMBER_MAX = 999_999_999  # a typed setting; its own range is checked by the service
NOT_RATED = ""
ANSWER_MAX = 999_999_999  # the method's own range is checked by the ballot service

Answers = tuple[dict[str, int], dict[str, str]]


@dataclass
class CreateForm:
    """What the create page shows: the values typed so far and the errors beside the fields."""

    method: str = "consensus"
    values: dict[str, Any] = field(default_factory=dict)
    rows: list[str] = field(default_factory=list)
    slots: list[dict[str, str]] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    # Which form field an entry of the service's ``options`` list came from.
    option_fields: list[str] = field(default_factory=list)

    def error(self, name: str) -> str | None:
        return self.errors.get(name)


@dataclass(frozen=True)
class Templates:
    """The method's template parts, under ``templates/methods/<key>/``."""

    create: str  # the method's fieldset of the create form
    ballot: str  # the ballot form
    how: str  # "How does this work?" on the ballot page
    results: str  # the poll results page's parts (macros); consensus: its results page
    help: str  # the method's help page in plain language (``/help/<key>``)


def number(text: str | None) -> Any:
    """A typed number as an int; what is not one stays text, for the service to name."""
    text = (text or "").strip()
    if not text:
        return None
    value = parsing.parse_int(text, lo=-NUMBER_MAX, hi=NUMBER_MAX)
    return text if value is None else value


def edit_list(
    data: MultiDict[str, str],
    rows: list[str],
    what: str,
    prefix: str,
    form: CreateForm,
    limit: int = MAX_ROWS,
) -> bool:
    """``add_<what>`` and ``remove_<what>`` buttons for a list of text rows."""
    if f"add_{what}" in data:
        if len(rows) < limit:
            rows.append("")
        form.values["focus"] = f"{prefix}-{len(rows) - 1}"
        return True
    if f"remove_{what}" in data:
        index = parsing.parse_int(data[f"remove_{what}"], lo=0, hi=len(rows) - 1)
        if index is not None:
            rows.pop(index)
        if not rows:
            rows.append("")
        return True
    return False


def share_bar(row: dict[str, Any], ballot_count: int) -> None:
    """A chosen option's bar: its ballots and their share of all ballots."""
    from groupdecide.web import charts
    from groupdecide.web.page_globals import fmt_percent

    row["value_text"] = _(
        "%(count)s (%(share)s)", count=row["count"], share=fmt_percent(row["share"])
    )
    row["bar"] = charts.value_bar(
        row["share"],
        ngettext(
            "%(label)s: %(count)s of %(num)s ballot",
            "%(label)s: %(count)s of %(num)s ballots",
            ballot_count,
            label=row["label"],
            count=row["count"],
        ),
    )


def cached_label(key: str, make: Callable[[], str]) -> str:
    """A word made once a request (a table of 500 ballots asks for it thousands of times)."""
    cache: dict[str, str] | None = g.get("_method_words")
    if cache is None:
        cache = g._method_words = {}
    if key not in cache:
        cache[key] = make()
    return cache[key]


class WebMethod:
    """The web side of one voting method. The defaults are the polls' (options, voting)."""

    key = ""
    # Flags the pages ask instead of comparing keys.
    collects_proposals = False  # "proposals" that are "rated" (systemic consensing)
    has_passive = False  # a passive solution, the yardstick of the count
    has_vetoes = False  # a participant may mark an answer as a veto
    has_voting_start = False  # the voting may start by itself at a set time
    notes_in_ballot = False  # its ballot shows each option's description and variants itself
    has_time_slots = False  # options are time slots (calendar export, the date grid)
    results_page = "public/results_poll.html"  # the results page (and the record's figures)
    options_stand_alone = False  # each option passes or fails alone: counted without winner

    @property
    def templates(self) -> Templates:
        base = f"methods/{self.key}"
        return Templates(
            create=f"{base}/create.html",
            ballot=f"{base}/ballot.html",
            how=f"{base}/how.html",
            results=f"{base}/results.html",
            help=f"{base}/help.html",
        )

    # -- words --------------------------------------------------------------------------

    def name(self) -> str:
        """The method's name in the page's language."""
        return self.key

    def summary(self) -> str:
        """A line on what participants do."""
        return ""

    @property
    def noun(self) -> str:
        return _("Option")

    @property
    def noun_plural(self) -> str:
        return _("Options")

    def phase_names(self) -> list[tuple[str, str]]:
        """The phases of a decision in the method's words."""
        return [
            ("collecting", _("Collecting options")),
            ("voting", _("Voting")),
            ("closed", _("Closed")),
        ]

    def missing_label(self) -> str:
        """What an option left out of a ballot shows as."""
        return "–"

    def value_label(self, settings: Mapping[str, Any], value: int) -> str:
        """One stored answer value in the method's words."""
        return str(value)

    def answer_label(self, settings: Mapping[str, Any], value: Any) -> str:
        """One stored answer in the method's words (a missing answer as the contract reads it)."""
        if value in (None, ""):
            return cached_label(self.key, self.missing_label)
        try:
            v = int(value)
        except (TypeError, ValueError):
            return str(value)
        return self.value_label(settings, v)

    def option_messages(self) -> dict[str, Callable[[], str]]:
        """The sentences about the options in the method's words, by field error code (the
        codes ``problem_text`` renders through here)."""
        return {
            "duplicate_label": lambda: _("An option with this text exists already."),
            "unknown_option": lambda: _(
                "This option no longer exists. Reload the page to see the current options."
            ),
            "too_few_options": lambda: _(
                "Voting needs at least two options. Add them, or start by collecting options."
            ),
            "same_label_as": lambda: _("Another option has the same text."),
        }

    def at_most_options(self, num: int) -> str:
        return ngettext(
            "A decision can have at most %(num)s option.",
            "A decision can have at most %(num)s options.",
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
        """What the results page (and the decision record) shows of the count."""
        from groupdecide.web.public.poll_results import poll_context

        return {"count": count, **poll_context(decision, count, settings, names=names)}

    # The sentence on why the winner won (``groupdecide/web/why.py``), or None.
    explain: Callable[[dict[str, Any], dict[str, Any]], str | None] | None = None

    def why(self, count: dict[str, Any], ctx: dict[str, Any]) -> str | None:
        """One plain sentence, from the count, on why the winner won (None before any
        answer counts)."""
        if self.explain is None or not count.get("ballot_count"):
            return None
        return self.explain(count, ctx)

    def count_for_page(self, decision: Decision, count: dict[str, Any]) -> dict[str, Any]:
        """The count as the page names it (a copy where it changes: the count is cached)."""
        return count

    def bar(
        self, row: dict[str, Any], settings: dict[str, Any], ballot_count: int, top_points: int
    ) -> None:
        """The bar and the value text of one row of the poll results."""

    def add_results(
        self,
        decision: Decision,
        count: dict[str, Any],
        rows: list[dict[str, Any]],
        ctx: dict[str, Any],
        *,
        names: bool,
    ) -> None:
        """The method's own tables beside the rows (matrices, rounds, profile, grid)."""

    # -- the create form ----------------------------------------------------------------

    def blank(self, form: CreateForm) -> None:
        """Fill the method's fields of an empty form."""
        form.rows = ["", ""]

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        """Read the method's fields from the request into ``form``."""
        form.rows = [r for r in data.getlist("option")][:MAX_ROWS] or ["", ""]

    def edit(self, data: MultiDict[str, str], form: CreateForm) -> bool:
        """Buttons that change the form itself (rows added or removed) without creating."""
        return edit_list(data, form.rows, "row", "option", form)

    def body(self, form: CreateForm) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The options and the method's settings for the create body."""
        options: list[dict[str, Any]] = []
        form.option_fields = []
        for i, label in enumerate(form.rows):
            if label.strip():
                options.append({"label": label})
                form.option_fields.append(f"option-{i}")
        return options, self.settings(form)

    def settings(self, form: CreateForm) -> dict[str, Any]:
        return {}

    # -- the ballot ---------------------------------------------------------------------

    def read_answers(self, decision: Decision, form: MultiDict[str, str]) -> Answers:
        """``answer-<id>`` as whole numbers; empty fields are left out (the method says what
        an omitted option means)."""
        answers: dict[str, int] = {}
        errors: dict[str, str] = {}
        for option in decision.options:
            raw = form.get(f"answer-{option.id}", NOT_RATED).strip()
            if raw == NOT_RATED:
                continue
            value = parsing.parse_int(raw, lo=-ANSWER_MAX, hi=ANSWER_MAX)
            if value is not None:
                answers[str(option.id)] = value
            else:
                errors[f"answers.{option.id}"] = _("Enter a whole number.")
        return answers, errors
