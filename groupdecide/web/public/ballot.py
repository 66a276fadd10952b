"""Reading a ballot form into the API's answers, per method (consensus so far)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ...models import Ballot, Decision

NOT_RATED = ""


def consensus_answers(decision: Decision, form: MultiDict[str, str]) -> tuple[dict[str, int],
                                                                              dict[str, str]]:
    """``answer-<id>`` holds "" (not rated: left out, never 0) or a resistance 0..10."""
    answers: dict[str, int] = {}
    errors: dict[str, str] = {}
    for option in decision.options:
        raw = form.get(f"answer-{option.id}", NOT_RATED).strip()
        if raw == NOT_RATED:
            continue
        if raw.isdigit() and 0 <= int(raw) <= 10:
            answers[str(option.id)] = int(raw)
        else:
            errors[f"answers.{option.id}"] = _("Choose a value from 0 to 10.")
    return answers, errors


ANSWER_READERS: dict[str, Callable[[Decision, MultiDict[str, str]],
                                   tuple[dict[str, int], dict[str, str]]]] = {
    "consensus": consensus_answers,
}


def form_values(decision: Decision, form: MultiDict[str, str] | None,
                ballot: Ballot | None = None) -> dict[str, Any]:
    """What the ballot form shows: the values sent, else the stored ballot's, else not rated."""
    values: dict[str, Any] = {"name": "", "answers": {}}
    if form is not None:
        values["name"] = form.get("name", "")
        values["answers"] = {o.id: form.get(f"answer-{o.id}", NOT_RATED).strip()
                             for o in decision.options}
    elif ballot is not None:
        values["name"] = ballot.name or ""
        stored = ballot.answers or {}
        values["answers"] = {o.id: str(stored[str(o.id)]) if str(o.id) in stored else NOT_RATED
                             for o in decision.options}
    return values
