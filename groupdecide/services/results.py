"""Results: who may see them, and the count (done by ``voting``, fed from the database)."""

from __future__ import annotations

import copy
import hashlib
import json
import math
import threading
from collections import OrderedDict
from typing import Any, TypedDict

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide import voting
from groupdecide.errors import ResultsHidden
from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Invite

from . import hand_counts
from .ballots import ballot_answers
from .decisions import ballot_count, option_infos

TABLE_ROWS_MAX = 500


def results_visible(decision: Decision, *, as_admin: bool) -> bool:
    """Whether the results may be shown: the organizer always; others as ``settings.results``.
    Every view that shows others' answers or figures (results page and its live fragment,
    the decision record, the API, the exports, the date grid beside a ballot) asks this."""
    if as_admin:
        return True
    mode = decision.rules.results
    if mode == "public":
        return True
    if mode == "after_close":
        return decision.current_phase == "closed"
    return False


def require_results_visible(decision: Decision, *, as_admin: bool) -> None:
    if not results_visible(decision, as_admin=as_admin):
        mode = decision.rules.results
        if mode == "after_close":
            raise ResultsHidden(_("The results are shown when the decision has closed."))
        raise ResultsHidden(_("Only the organizer can see the results of this decision."))


def names_shown(decision: Decision, *, as_admin: bool) -> bool:
    """Whether this reader may see names beside answers (answer tables, veto names, the date
    grid, the ballots list and exports): never on anonymous decisions; per
    ``settings.individual_answers`` (``everyone`` where the results may be seen, ``organizer``
    only with the admin rights, ``nobody`` not even then)."""
    rules = decision.rules
    if rules.anonymous:
        return False
    who = rules.individual_answers
    if who == "nobody":
        return False
    if who == "organizer":
        return as_admin
    return results_visible(decision, as_admin=as_admin)


class VetoRow(TypedDict):
    """One veto: the option, the reason and (unless the decision is anonymous) the name."""

    option: int
    reason: str
    name: str | None


def vetoes(decision: Decision) -> list[VetoRow]:
    """Every veto with its reason and, unless the decision is anonymous, the name."""
    anonymous = decision.rules.anonymous
    rows = db.session.execute(
        sa.select(Ballot.name, Ballot.vetoes)
        .where(Ballot.decision_id == decision.id, Ballot.vetoes.is_not(None))
        .order_by(Ballot.id)
    ).all()
    order = {o.id: i for i, o in enumerate(decision.options)}
    out: list[VetoRow] = []
    for name, given in rows:
        for key, reason in (given or {}).items():
            if key.isdigit() and int(key) in order:
                out.append(
                    {"option": int(key), "reason": reason, "name": None if anonymous else name}
                )
    out.sort(key=lambda v: order[v["option"]])
    return out


# Counts of recent decisions, per worker process: (decision id, results_version, options,
# the settings the count reads) -> result. Every change of a ballot raises the version in its
# transaction, and the options and settings are part of the key, so an entry is never stale;
# it only saves reading and counting all ballots again for the next visitor of an unchanged
# result.
_CACHE: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_CACHE_SIZE = 64
_CACHE_LOCK = threading.Lock()


def _cache_key(decision: Decision) -> tuple[Any, ...]:
    return (
        decision.id,
        decision.results_version,
        tuple((o.id, o.label, o.passive, o.hidden) for o in decision.options),
        decision.method,
        decision.rules.method,
        decision.rules.vetoes,
        decision.rules.anonymous,  # the names in ``details.vetoes``
        decision.round,  # only the current round's hand counts count
    )


def count(decision: Decision, *, as_admin: bool = False) -> dict[str, Any]:
    """The contract's result object for the decision (a fresh copy each call; the count is
    cached per results version). With ``settings.vetoes`` (an extension) each option also has
    ``vetoes`` (how many) and ``details.vetoes`` lists them with their reasons, and with the
    names only where ``names_shown`` lets this reader see them."""
    key = _cache_key(decision)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            result = copy.deepcopy(cached)
        else:
            result = None
    if result is None:
        result = _count(decision)
        with _CACHE_LOCK:
            _CACHE[key] = copy.deepcopy(result)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    if not names_shown(decision, as_admin=as_admin):
        for veto in result.get("details", {}).get("vetoes", []):
            veto["name"] = None
    apply_quorum(decision, result)
    return result


def quorum_needed(decision: Decision) -> int | None:
    """How many ballots (hand counts included) the result needs to stand, or None without a
    quorum; a share is of the invites made (rounded up)."""
    quorum = decision.rules.quorum
    if quorum is None:
        return None
    if isinstance(quorum, dict):
        made = int(
            db.session.execute(
                sa.select(sa.func.count(Invite.id)).where(Invite.decision_id == decision.id)
            ).scalar_one()
        )
        share = float(quorum.get("share", 1))
        return max(1, math.ceil(round(share * made, 9)))
    return int(quorum)


def apply_quorum(decision: Decision, result: dict[str, Any]) -> None:
    """``quorum_met`` (true without a quorum); where false, no winners and no motion passed.
    ``details.quorum`` (an extension) says how many ballots were needed."""
    needed = quorum_needed(decision)
    met = needed is None or int(result["ballot_count"]) >= needed
    result["quorum_met"] = met
    if needed is not None:
        result["details"]["quorum"] = {"needed": needed, "ballots": result["ballot_count"]}
    if not met:
        result["winners"] = []
        for row in result["options"]:
            if "passed" in row:
                row["passed"] = False


def _count(decision: Decision) -> dict[str, Any]:
    rules = decision.rules
    method = voting.get_method(decision.method)
    room = hand_counts.current(decision)
    ballots = ballot_answers(decision)
    if room:
        ballots.extend(hand_counts.synthetic_ballots(decision, room))
    result = voting.result_json(method.tally(rules.method, option_infos(decision), ballots))
    result["details"]["hand_counts"] = [hand_counts.ref(hc) for hc in room]
    if rules.vetoes:
        listed = vetoes(decision)
        per_option: dict[int, int] = {}
        for v in listed:
            per_option[v["option"]] = per_option.get(v["option"], 0) + 1
        for row in result["options"]:
            row["vetoes"] = per_option.get(row["id"], 0)
        result["details"]["vetoes"] = listed
    return result


def etag(decision: Decision, result: dict[str, Any], *extra: Any) -> str:
    """A validator of what a results view shows: the count itself (so an edit of an anonymous
    ballot, whose time is only the day, changes it too), the phase and the outcome."""
    raw = json.dumps(
        [result, decision.current_phase, decision.outcome, decision.title, [str(x) for x in extra]],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def answer_table(decision: Decision, *, as_admin: bool = False) -> dict[str, Any]:
    """Who answered what (Doodle-style), where ``names_shown`` allows it; the caller checks that
    the results may be seen. At most ``TABLE_ROWS_MAX`` rows, the rest counted."""
    if not names_shown(decision, as_admin=as_admin):
        return {"rows": [], "hidden_rows": 0}
    total = ballot_count(decision)
    rows = db.session.execute(
        sa.select(Ballot.name, Ballot.answers)
        .where(Ballot.decision_id == decision.id)
        .order_by(Ballot.id)
        .limit(TABLE_ROWS_MAX)
    ).all()
    return {
        "rows": [{"name": name or "–", "answers": answers or {}} for name, answers in rows],
        "hidden_rows": max(0, total - len(rows)),
    }
