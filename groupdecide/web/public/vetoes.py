"""Reading the participation fields of a ballot form (vetoes, e-mail) and saying the
services' messages about them in the page's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from groupdecide.models import Ballot, Decision
from groupdecide.web.problem_text import field_messages


def form_errors(fields: Mapping[str, str], method: str | None = None) -> dict[str, str]:
    """The service's field errors in the page's words."""
    return field_messages(fields, method)


def read_vetoes(decision: Decision, form: MultiDict[str, str]) -> dict[str, str]:
    """``veto-<id>`` ticked, with ``veto_reason-<id>``: the API's ``vetoes``."""
    return {
        str(o.id): form.get(f"veto_reason-{o.id}", "")
        for o in decision.options
        if form.get(f"veto-{o.id}") == "1"
    }


def veto_values(
    decision: Decision, form: MultiDict[str, str] | None, ballot: Ballot | None
) -> dict[int, dict[str, Any]]:
    """What the veto fields show: as sent, else as stored."""
    out: dict[int, dict[str, Any]] = {}
    stored = (ballot.vetoes or {}) if ballot is not None else {}
    for o in decision.options:
        if form is not None:
            out[o.id] = {
                "on": form.get(f"veto-{o.id}") == "1",
                "reason": form.get(f"veto_reason-{o.id}", ""),
            }
        else:
            out[o.id] = {"on": str(o.id) in stored, "reason": stored.get(str(o.id), "")}
    return out
