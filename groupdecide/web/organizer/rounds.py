"""The admin page's "Start another round" (part two, Rounds)."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from groupdecide.errors import DomainError
from groupdecide.services import rounds
from groupdecide.timeparse import TimeError, parse_local
from groupdecide.web.times import zone_message

from . import _admin, _failed, _render_admin, _see_other, _zone, bp


@bp.post("/d/<decision_id>/admin/round")
def new_round(decision_id: str) -> Response | tuple[str, int]:
    """Start another round of a closed decision: the options carry over, the answers of the
    round before are kept with its result."""
    decision, token = _admin(decision_id)
    form = request.form
    values = {
        "round_phase": form.get("round_phase", ""),
        "round_closes_at": form.get("round_closes_at", ""),
    }
    tz = _zone(decision)
    data: dict[str, Any] = {"phase": values["round_phase"]}
    try:
        closes = parse_local(values["round_closes_at"], tz)
    except TimeError as exc:
        errors = {"round_closes_at": zone_message(exc, tz.key)}
        return _render_admin(decision, token, errors=errors, values=values, status=422)
    if closes is not None:
        data["closes_at"] = closes.isoformat()
    try:
        rounds.start_round(decision, data)
    except DomainError as exc:
        return _failed(decision, token, exc, prefix="round_", values=values)
    flash(_("Round %(num)s is open.", num=decision.round), "success")
    return _see_other("organizer.admin", decision_id=decision.id)
