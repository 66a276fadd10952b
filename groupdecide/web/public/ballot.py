"""Reading a ballot form into the API's answers, per method, and saying an answer in the
method's terms.

Every method's form names its fields ``answer-<option id>`` (single choice: one ``choice``
radio group). The readers only turn text into numbers; what the numbers may be is checked by
``voting.validate_answers`` through the ballot service, whose ``answers.<id>`` field errors the
page shows beside the option.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import g
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ... import parsing
from ...i18n import grade_names
from ...models import Ballot, Decision
from ..helpers import resistance_names

NOT_RATED = ""
ANSWER_MAX = 999_999_999  # the method's own range is checked by the ballot service

Reader = Callable[[Decision, MultiDict[str, str]], tuple[dict[str, int], dict[str, str]]]


def _numbers(
    decision: Decision, form: MultiDict[str, str]
) -> tuple[dict[str, int], dict[str, str]]:
    """``answer-<id>`` as whole numbers; empty fields are left out (the method says what an
    omitted option means)."""
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


def consensus_answers(
    decision: Decision, form: MultiDict[str, str]
) -> tuple[dict[str, int], dict[str, str]]:
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


def single_answers(
    decision: Decision, form: MultiDict[str, str]
) -> tuple[dict[str, int], dict[str, str]]:
    """One ``choice`` radio group: the chosen option's id gets 1."""
    raw = form.get("choice", "").strip()
    return ({raw: 1} if raw else {}), {}


def multiple_answers(
    decision: Decision, form: MultiDict[str, str]
) -> tuple[dict[str, int], dict[str, str]]:
    """A check box ``answer-<id>`` per option: ticked is 1, unticked is left out."""
    return {str(o.id): 1 for o in decision.options if form.get(f"answer-{o.id}") == "1"}, {}


ANSWER_READERS: dict[str, Reader] = {
    "consensus": consensus_answers,
    "single": single_answers,
    "multiple": multiple_answers,
    "yesno": _numbers,
    "schedule": _numbers,
    "ranked": _numbers,
    "score": _numbers,
    "judgment": _numbers,
    "dots": _numbers,
}


def form_values(
    decision: Decision, form: MultiDict[str, str] | None, ballot: Ballot | None = None
) -> dict[str, Any]:
    """What the ballot form shows: the values sent, else the stored ballot's, else nothing
    chosen (not rated, unranked, no points...)."""
    values: dict[str, Any] = {"name": "", "answers": {}, "choice": ""}
    if form is not None:
        values["name"] = form.get("name", "")
        values["choice"] = form.get("choice", "").strip()
        values["answers"] = {
            o.id: form.get(f"answer-{o.id}", NOT_RATED).strip() for o in decision.options
        }
    elif ballot is not None:
        values["name"] = ballot.name or ""
        stored = ballot.answers or {}
        values["answers"] = {
            o.id: str(stored[str(o.id)]) if str(o.id) in stored else NOT_RATED
            for o in decision.options
        }
        values["choice"] = next((k for k, v in stored.items() if v == 1), "")
    return values


def _missing_label(method: str) -> str:
    labels: dict[str, str] | None = g.get("_missing_labels")
    if labels is None:
        labels = g._missing_labels = {
            "consensus": _("not rated"),
            "yesno": _("abstain"),
            "schedule": _("no"),
            "ranked": _("unranked"),
            "score": _("not scored"),
            "judgment": _("not graded"),
            "dots": "0",
        }
    return labels.get(method, "–")


def answer_label(method: str, settings: Mapping[str, Any], value: Any) -> str:
    """One stored answer in the method's words (a missing answer as the contract reads it)."""
    if value in (None, ""):
        return _missing_label(method)
    try:
        v = int(value)
    except (TypeError, ValueError):
        return str(value)
    if method == "consensus":
        names = resistance_names()
        return f"{v} – {names[v]}" if 0 <= v < len(names) else str(v)
    if method in ("single", "multiple"):
        return _("chosen") if v == 1 else "–"
    if method == "yesno":
        return {1: _("yes"), 0: _("abstain"), -1: _("no")}.get(v, str(v))
    if method == "schedule":
        return {2: _("yes"), 1: _("if need be"), 0: _("no")}.get(v, str(v))
    if method == "ranked":
        return _("rank %(num)s", num=v)
    if method == "judgment":
        grades = grade_names(settings.get("grades"))
        return grades[v] if 0 <= v < len(grades) else str(v)
    return str(v)


def name_hint(settings: Mapping[str, Any]) -> str:
    """What the ballot says about the name: who will really see it beside the answer, from
    ``individual_answers`` and ``results`` (the same rules as ``results.names_shown``)."""
    who = settings.get("individual_answers", "everyone")
    if who == "nobody":
        return _("Nobody, not even the organizer, sees your name beside your answer.")
    shown_to = settings.get("results", "public")
    if who == "organizer" or shown_to == "organizer":
        return _("Only the organizer sees your name with your answer.")
    if shown_to == "after_close":
        return _(
            "Your name and your answer are shown together to everyone with the link once the "
            "decision closes (the organizer sees them at once)."
        )
    return _("Everyone with the link sees your name with your answer on the results page.")


GRID_ROWS_SHOWN = 100


def schedule_grid(
    decision: Decision, own: Ballot | None, *, visible: bool, anonymous: bool
) -> dict[str, Any]:
    """The others' answers beside a date poll's ballot (only where results may be seen):
    rows of names, the others' totals per slot, and the best slots. ``anonymous``: rows are
    numbered, not named (anonymous decisions, and wherever ``individual_answers`` keeps names
    from this reader)."""
    from ...services import ballots

    grid: dict[str, Any] = {"others": [], "totals": {}, "best": set(), "hidden_rows": 0}
    if decision.method != "schedule" or not visible:
        return grid
    others = [b for b in ballots.list_ballots(decision) if own is None or b.id != own.id]
    totals = {o.id: [0, 0] for o in decision.options}
    for b in others:
        for o in decision.options:
            v = (b.answers or {}).get(str(o.id))
            if v == 2:
                totals[o.id][0] += 1
            elif v == 1:
                totals[o.id][1] += 1
    grid["others"] = [
        {
            "name": _("Participant %(num)s", num=i + 1) if anonymous else (b.name or "–"),
            "answers": b.answers or {},
        }
        for i, b in enumerate(others[:GRID_ROWS_SHOWN])
    ]
    grid["hidden_rows"] = max(0, len(others) - GRID_ROWS_SHOWN)
    grid["totals"] = {k: tuple(v) for k, v in totals.items()}
    top = max(((y, m) for y, m in totals.values()), default=(0, 0))
    if top != (0, 0):
        grid["best"] = {k for k, v in totals.items() if tuple(v) == top}
    return grid
