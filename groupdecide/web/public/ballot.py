"""The ballot form's values, an answer in the method's terms, the name hint and the date grid.

Every method's form names its fields ``answer-<option id>`` (single choice: one ``choice``
radio group); the method's ``WebMethod.read_answers`` (``web/methods/``) turns them into the
API's answers. What the numbers may be is checked by ``voting.validate_answers`` through the
ballot service, whose ``answers.<id>`` field errors the page shows beside the option.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide.i18n import gettext as _
from groupdecide.models import Ballot, Decision
from groupdecide.web.methods import web_method
from groupdecide.web.methods.base import NOT_RATED


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


def answer_label(method: str, settings: Mapping[str, Any], value: Any) -> str:
    """One stored answer in the method's words (a missing answer as the contract reads it)."""
    return web_method(method).answer_label(settings, value)


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
    from groupdecide.services import ballots

    grid: dict[str, Any] = {"others": [], "totals": {}, "best": set(), "hidden_rows": 0}
    if not web_method(decision.method).has_time_slots or not visible:
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
