"""Hand counts: a meeting room's answers, merged with the online ballots (the contract's part
two, "Hand counts").

A hand count is counted exactly as ``people`` ballots would be: :func:`expand` turns it into
that many synthetic ballots, which ``results`` feeds to the method's ``tally`` together with
the online ones. For every method except ``ranked`` a hand count gives, per option, how many
people gave each answer value (``counts``); synthetic ballot *i* takes the *i*-th value of
each option's list (so an option with fewer answers than ``people`` is left out of the last
ballots, as a participant who skipped it). For ``single`` the options' choices go to
different ballots, so no synthetic ballot has two. For ``ranked`` a hand count gives the
paper ballots, grouped (``ballots``: answers and how many such ballots); when their counts
sum to less than ``people``, the rest are empty ballots (handed in blank: counted in
``ballot_count``, ranking nobody).

Per-option counts cannot say which person gave which combination, so the rules about a
ballot as a whole (approval's ``min_choices``/``max_choices``, the dots budget) are not
checked on hand counts; every single value is, as on a ballot, and single choice's total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

import sqlalchemy as sa

from groupdecide import voting
from groupdecide.errors import Conflict, NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.i18n import gettext as _
from groupdecide.models import Decision, HandCount
from groupdecide.problems import FieldError
from groupdecide.voting import OptionInfo
from groupdecide.voting.methods.base import key_id

from . import decision_log
from .ballots import bump_results_version
from .decisions import option_infos
from .fields import clean_text
from .times import iso

PEOPLE_MAX = 100_000
LABEL_MAX = 200
BALLOT_GROUPS_MAX = 1_000
BODY_KEYS = frozenset({"label", "people", "counts", "ballots"})


class HandCountRef(TypedDict):
    """A hand count as ``details.hand_counts`` lists it."""

    id: int
    label: str
    people: int


def _int_key(key: object) -> int | None:
    """An answer value named by a key: a canonical decimal string ("3", "-1") or an int."""
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    if isinstance(key, str) and key.isascii() and 0 < len(key) < 20:
        digits = key[1:] if key.startswith("-") else key
        if digits.isdigit() and str(int(key)) == key:
            return int(key)
    return None


def _count_of(value: object, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        return None
    return value


def validate(
    method: voting.Method[Any, Any, Any],
    settings: voting.MethodSettings,
    options: Sequence[OptionInfo],
    data: object,
) -> tuple[str, int, dict[str, dict[str, int]] | None, list[dict[str, Any]] | None]:
    """Check a hand count's body (straight from JSON): every problem at once, as a
    ValidationFailed naming the fields (``counts.17.11``, ``ballots.0.answers.17``, ``people``).
    Returns the cleaned label, people, counts (or None) and ballots (or None)."""
    errors: dict[str, FieldError] = {}
    if not isinstance(data, Mapping):
        raise ValidationFailed(
            _("The hand count must be an object."), {"body": FieldError("not_an_object")}
        )
    for key in sorted(set(data) - BODY_KEYS, key=str):
        errors[str(key)] = FieldError("unknown_field")
    label = clean_text(data.get("label"), "label", max_len=LABEL_MAX, errors=errors)
    raw_people = data.get("people")
    people = 0
    if raw_people is None:
        errors["people"] = FieldError("required")
    elif _count_of(raw_people, PEOPLE_MAX) is None or raw_people == 0:
        errors["people"] = FieldError("integer_not_in_range", min=1, max=PEOPLE_MAX)
    else:
        people = int(raw_people)
    limit = people or PEOPLE_MAX  # with a bad people, the counts are checked on their own
    settings = settings.resolve(len(options))
    counts: dict[str, dict[str, int]] | None = None
    ballots: list[dict[str, Any]] | None = None
    if method.hand_counts == "ballots":
        if "counts" in data:
            errors["counts"] = FieldError("ballots_for_ranked")
        ballots = _check_ballots(method, settings, options, data.get("ballots"), limit, errors)
    else:
        if "ballots" in data:
            errors["ballots"] = FieldError("counts_for_this_method")
        counts = _check_counts(method, settings, options, data.get("counts"), limit, errors)
    if errors:
        raise ValidationFailed(_("Some fields need another look."), errors)
    return label, people, counts, ballots


def _check_counts(
    method: voting.Method[Any, Any, Any],
    settings: voting.MethodSettings,
    options: Sequence[OptionInfo],
    raw: object,
    people: int,
    errors: dict[str, FieldError],
) -> dict[str, dict[str, int]]:
    if raw is None:
        errors["counts"] = FieldError("required")
        return {}
    if not isinstance(raw, Mapping):
        errors["counts"] = FieldError("not_an_object")
        return {}
    ids = {o.id for o in options}
    n = len(options)
    out: dict[str, dict[str, int]] = {}
    chosen = 0  # single choice: the choices over every option
    for key, per_value in raw.items():
        field = f"counts.{key}"
        oid = key_id(key)
        if oid is None or oid not in ids:
            errors[field] = FieldError("unknown_option")
            continue
        if not isinstance(per_value, Mapping):
            errors[field] = FieldError("not_an_object")
            continue
        row: dict[str, int] = {}
        total = 0
        ok = True
        for vkey, given in per_value.items():
            vfield = f"{field}.{vkey}"
            value = _int_key(vkey)
            problem = (
                FieldError("not_an_integer")
                if value is None
                else method.value_problem(settings, n, value)
            )
            if problem is not None:
                errors[vfield] = problem
                ok = False
                continue
            many = _count_of(given, PEOPLE_MAX)
            if many is None:
                errors[vfield] = FieldError("integer_not_in_range", min=0, max=people)
                ok = False
                continue
            assert value is not None
            total += many
            if many:
                row[str(value)] = row.get(str(value), 0) + many
        if ok and total > people:
            errors[field] = FieldError("more_answers_than_people", given=total, people=people)
        if method.one_choice:
            chosen += row.get("1", 0)
        out[str(oid)] = dict(sorted(row.items(), key=lambda kv: int(kv[0])))
    if method.one_choice and chosen > people and "counts" not in errors:
        errors["counts"] = FieldError("choices_more_than_people", given=chosen, people=people)
    order = {str(o.id): i for i, o in enumerate(options)}
    return dict(sorted(out.items(), key=lambda kv: order[kv[0]]))


def _check_ballots(
    method: voting.Method[Any, Any, Any],
    settings: voting.MethodSettings,
    options: Sequence[OptionInfo],
    raw: object,
    people: int,
    errors: dict[str, FieldError],
) -> list[dict[str, Any]]:
    if raw is None:
        errors["ballots"] = FieldError("required")
        return []
    if not isinstance(raw, list):
        errors["ballots"] = FieldError("hand_count_ballots_not_a_list")
        return []
    if len(raw) > BALLOT_GROUPS_MAX:
        errors["ballots"] = FieldError("too_many_ballot_groups", max=BALLOT_GROUPS_MAX)
        return []
    out: list[dict[str, Any]] = []
    total = 0
    ok = True
    for i, group in enumerate(raw):
        field = f"ballots.{i}"
        if not isinstance(group, Mapping):
            errors[field] = FieldError("not_an_object")
            ok = False
            continue
        for key in sorted(set(group) - {"answers", "count"}, key=str):
            errors[f"{field}.{key}"] = FieldError("unknown_field")
        many = _count_of(group.get("count"), PEOPLE_MAX)
        if many is None or many == 0:
            errors[f"{field}.count"] = FieldError("integer_not_in_range", min=1, max=people)
            ok = False
        try:
            answers = method.validate(settings, options, group.get("answers"))
        except voting.AnswerError as exc:
            for key, problem in exc.fields.items():
                errors[f"{field}.{key}"] = problem
            ok = False
            continue
        if many:
            total += many
            out.append({"answers": {str(k): v for k, v in answers.items()}, "count": many})
    if ok and total > people:
        errors["ballots"] = FieldError("more_ballots_than_people", given=total, people=people)
    return out


def expand(
    method_key: str,
    people: int,
    counts: Mapping[str, Mapping[str, int]] | None,
    ballots: Sequence[Mapping[str, Any]] | None,
) -> list[dict[str, int]]:
    """The ``people`` synthetic ballots a hand count stands for (see the module's words)."""
    out: list[dict[str, int]] = [{} for _ in range(people)]
    if ballots is not None:
        i = 0
        for group in ballots:
            for _ in range(int(group["count"])):
                if i < people:
                    out[i] = dict(group["answers"])
                i += 1
        return out
    method = voting.get_method(method_key)
    offset = 0
    for oid, per_value in (counts or {}).items():
        values = [
            int(v)
            for v, many in sorted(per_value.items(), key=lambda kv: int(kv[0]))
            for _ in range(many)
        ]
        if method.one_choice:
            values = [v for v in values if v == 1]
            start, offset = offset, offset + len(values)
        else:
            start = 0
        for i, value in enumerate(values):
            if start + i >= people:
                break
            if method.drops_zeros and value == 0:
                continue
            out[start + i][oid] = value
    return out


def current(decision: Decision) -> list[HandCount]:
    """The hand counts of the decision's current round, oldest first."""
    return list(
        db.session.execute(
            sa.select(HandCount)
            .where(HandCount.decision_id == decision.id, HandCount.round == decision.round)
            .order_by(HandCount.id)
        ).scalars()
    )


def synthetic_ballots(decision: Decision, counted: Sequence[HandCount]) -> list[dict[str, int]]:
    """Every synthetic ballot of these hand counts, for the count."""
    out: list[dict[str, int]] = []
    for hc in counted:
        out.extend(expand(decision.method, hc.people, hc.counts, hc.ballots))
    return out


def ref(hc: HandCount) -> HandCountRef:
    return {"id": hc.id, "label": hc.label, "people": hc.people}


def hand_count_json(hc: HandCount) -> dict[str, Any]:
    """A hand count as the API answers it."""
    out: dict[str, Any] = {"id": hc.id, "label": hc.label, "people": hc.people}
    if hc.ballots is not None:
        out["ballots"] = hc.ballots
    else:
        out["counts"] = hc.counts or {}
    out["created_at"] = iso(hc.created_at)
    return out


def _require_voting(decision: Decision) -> None:
    if decision.current_phase != "voting":
        raise Conflict(_("Hand counts are added and removed only while voting is open."))


def add_hand_count(decision: Decision, data: object) -> HandCount:
    """Add a room's count (phase ``voting`` only, else 409), logged and counted at once."""
    _require_voting(decision)
    method = voting.get_method(decision.method)
    label, people, counts, ballots = validate(
        method, decision.rules.method, option_infos(decision), data
    )
    hc = HandCount(
        tenant_id=decision.tenant_id,
        decision_id=decision.id,
        round=decision.round,
        label=label,
        people=people,
        counts=counts,
        ballots=ballots,
    )
    db.session.add(hc)
    db.session.flush()
    decision_log.record(decision, "hand_count_added", id=hc.id, label=label, people=people)
    bump_results_version(decision)
    return hc


def get_hand_count(decision: Decision, hand_count_id: int) -> HandCount:
    hc = db.session.execute(
        sa.select(HandCount).where(
            HandCount.decision_id == decision.id,
            HandCount.id == hand_count_id,
            HandCount.round == decision.round,
        )
    ).scalar_one_or_none()
    if hc is None:
        raise NotFound(_("There is no such hand count."))
    return hc


def remove_hand_count(decision: Decision, hc: HandCount) -> None:
    """Remove a hand count (phase ``voting`` only, else 409), logged."""
    _require_voting(decision)
    decision_log.record(decision, "hand_count_removed", id=hc.id, label=hc.label, people=hc.people)
    db.session.delete(hc)
    db.session.flush()
    bump_results_version(decision)
