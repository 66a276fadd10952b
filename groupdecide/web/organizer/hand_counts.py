"""Hand counts on the admin page: a form usable on a tablet (per option one number field per
answer value; for ranked, rows of "this order × n") and the list with a remove button."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from groupdecide import parsing, voting
from groupdecide.errors import DomainError, NotFound
from groupdecide.models import Decision
from groupdecide.services import hand_counts
from groupdecide.web.methods import web_method

from . import _admin, _failed, _see_other, bp

# More answer values than this get one text field per option ("7: 3, 8: 5") instead of a grid.
GRID_MAX = 21
RANKED_ROWS = 6
PREFIX = "hc."


def _values(decision: Decision) -> list[int]:
    """The answer values the form asks a count of (left out: 0 where it means the same as no
    answer, as on a ballot)."""
    method = voting.get_method(decision.method)
    low, high = method.value_range(decision.rules.method, len(decision.ballot_options))
    values = list(range(low, high + 1))
    if method.drops_zeros:
        values = [v for v in values if v != 0]
    return values


@bp.app_template_global()
def hand_count_form(decision: Decision) -> dict[str, Any]:
    """What ``organizer/_hand_counts.html`` shows: the shape of the form and the hand counts of
    the current round."""
    method = voting.get_method(decision.method)
    wm = web_method(decision.method)
    settings = decision.rules.to_json()
    values = [] if method.hand_counts == "ballots" else _values(decision)
    labels = {o.id: o.label for o in decision.options}
    items = []
    for hc in hand_counts.current(decision):
        items.append({"id": hc.id, "label": hc.label, "people": hc.people})
    return {
        "by_ballots": method.hand_counts == "ballots",
        "values": [(v, wm.value_label(settings, v)) for v in values],
        "grid": len(values) <= GRID_MAX,
        "rows": range(RANKED_ROWS),
        "options": decision.ballot_options,
        "labels": labels,
        "items": items,
        "n_options": len(decision.ballot_options),
    }


def _number(text: str | None) -> Any:
    """A typed count: an int, None when empty, the text itself for the service to name."""
    text = (text or "").strip()
    if not text:
        return None
    parsed = parsing.parse_int(text, lo=-(10**9), hi=10**9)
    return parsed if parsed is not None else text


def _pairs(text: str) -> dict[str, Any] | str:
    """``"7: 3, 8: 5"`` as ``{"7": 3, "8": 5}``; what is not such a list stays text."""
    out: dict[str, Any] = {}
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        if not part.strip():
            continue
        value, sep, many = part.partition(":")
        if not sep:
            return text
        out[value.strip()] = _number(many)
    return out


def read_body(decision: Decision, form: MultiDict[str, str]) -> dict[str, Any]:
    """The API body of a hand count from the form."""
    spec = hand_count_form(decision)
    people = _number(form.get("hc_people"))
    body: dict[str, Any] = {"label": form.get("hc_label", ""), "people": people}
    if spec["by_ballots"]:
        ballots: list[dict[str, Any]] = []
        for i in spec["rows"]:
            answers = {}
            for o in spec["options"]:
                rank = _number(form.get(f"hc_rank_{i}_{o.id}"))
                if rank is not None:
                    answers[str(o.id)] = rank
            times = _number(form.get(f"hc_times_{i}"))
            if answers or times is not None:
                ballots.append({"answers": answers, "count": times})
        body["ballots"] = ballots
        return body
    counts: dict[str, Any] = {}
    for o in spec["options"]:
        if spec["grid"]:
            row = {}
            for value, _label in spec["values"]:
                many = _number(form.get(f"hc_count_{o.id}_{value}"))
                if many is not None:
                    row[str(value)] = many
        else:
            text = form.get(f"hc_text_{o.id}", "").strip()
            row = _pairs(text) if text else {}  # type: ignore[assignment]
        if row:
            counts[str(o.id)] = row
    body["counts"] = counts
    return body


@bp.post("/d/<decision_id>/admin/hand-counts")
def add_hand_count(decision_id: str) -> Response | tuple[str, int]:
    """Add a room's count from the form."""
    decision, token = _admin(decision_id)
    values = {k: v for k, v in request.form.items() if k.startswith("hc_")}
    try:
        hc = hand_counts.add_hand_count(decision, read_body(decision, request.form))
    except DomainError as exc:
        return _failed(decision, token, exc, prefix=PREFIX, values=values)
    flash(
        _(
            "The room count is added: %(num)s people are counted with the online ballots.",
            num=hc.people,
        ),
        "success",
    )
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="hand-counts")


@bp.post("/d/<decision_id>/admin/hand-counts/<hand_count_id>/remove")
def remove_hand_count(decision_id: str, hand_count_id: str) -> Response | tuple[str, int]:
    """Remove a room's count (the id as text: a form route is found, and its CSRF checked,
    whatever the id is)."""
    decision, token = _admin(decision_id)
    try:
        number = parsing.parse_int(hand_count_id, lo=1, hi=2**62)
        if number is None:
            raise NotFound(_("There is no such hand count."))
        hand_counts.remove_hand_count(decision, hand_counts.get_hand_count(decision, number))
    except DomainError as exc:
        return _failed(decision, token, exc)
    flash(_("The room count is removed."), "success")
    return _see_other("organizer.admin", decision_id=decision.id, _anchor="hand-counts")
