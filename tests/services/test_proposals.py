"""Proposals (issue 12) in the services: the support threshold applied once on the way into
voting (also when ``voting_starts_at`` passes, without a job), never fewer than 2 options that
take answers, and the shuffled ballot order, stable per participant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import DecisionLogEntry
from groupdecide.services import decisions, proposals, supports

LABELS = ("Hiking", "Boat trip", "Museum", "Cinema")


def _proposals(decision: Any) -> list[Any]:
    return [o for o in decision.options if not o.passive]


def _mark(act, decision, option, *participants):
    for who in participants:
        act(decision, lambda d, o=option, w=who: supports.mark(d, o, w))


def _load(act, decision):
    return act(decision, lambda d: decisions.get_decision(d.id))


def _log(decision, action):
    return list(
        db.session.execute(
            sa.select(DecisionLogEntry).where(
                DecisionLogEntry.decision_id == decision.id, DecisionLogEntry.action == action
            )
        ).scalars()
    )


def test_threshold_is_applied_once_when_voting_starts_at_passes(make_decision, act):
    decision = make_decision(
        options=LABELS, settings={"start_phase": "collecting", "support_threshold": 2}
    )
    hiking, boat, museum, cinema = _proposals(decision)
    _mark(act, decision, hiking, "browser:a", "browser:b")
    _mark(act, decision, boat, "browser:a", "browser:b", "invite:1")
    _mark(act, decision, museum, "browser:a")
    # still collecting: nothing is hidden by loading it
    _load(act, decision)
    assert not any(o.hidden for o in decision.options)

    def start(d):
        d.voting_starts_at = datetime.now(UTC) - timedelta(seconds=1)

    act(decision, start)
    assert decision.current_phase == "voting"
    assert decision.phase == "collecting"  # no job moved it
    loaded = _load(act, decision)
    assert loaded.support_applied is True
    assert {o.label for o in loaded.ballot_options} == {
        "Hiking",
        "Boat trip",
        "Everything stays as it is",
    }
    assert museum.hidden
    assert cinema.hidden
    hidden = _log(decision, "option_hidden")
    assert sorted(e.detail["option"] for e in hidden) == sorted([museum.id, cinema.id])
    assert {e.detail["reason"] for e in hidden} == {"support"}
    # the next request applies nothing more, even if an option is shown again meanwhile
    act(decision, lambda d: setattr(cinema, "hidden", False))
    _load(act, decision)
    assert not cinema.hidden
    assert len(_log(decision, "option_hidden")) == 2


def test_never_fewer_than_two_options_take_answers(make_decision, act):
    decision = make_decision(
        options=LABELS,
        settings={"start_phase": "collecting", "support_threshold": 5, "passive_option": False},
    )
    _hiking, boat, museum, _cinema = _proposals(decision)
    _mark(act, decision, museum, "browser:a", "browser:b")
    _mark(act, decision, boat, "browser:a")
    from groupdecide.services.phases import set_phase

    act(decision, set_phase, "voting")
    assert [o.label for o in decision.ballot_options] == ["Boat trip", "Museum"]
    kept = _log(decision, "support_kept")
    assert [k["option"] for k in kept[0].detail["kept"]] == [museum.id, boat.id]


def test_with_the_passive_solution_one_proposal_is_enough(make_decision, act):
    decision = make_decision(
        options=LABELS, settings={"start_phase": "collecting", "support_threshold": 5}
    )
    from groupdecide.services.phases import set_phase

    act(decision, set_phase, "voting")
    answerable = decision.ballot_options
    assert len(answerable) == 2
    assert any(o.passive for o in answerable)
    assert any(o.label == "Hiking" for o in answerable)  # all at 0 marks: the first stays


def test_shuffled_order_is_stable_per_participant_with_the_passive_solution_first(
    make_decision,
):
    labels = tuple(f"Proposal {i}" for i in range(8))
    decision = make_decision(options=labels, settings={"order": "shuffled"})
    options = list(decision.ballot_options)
    first = proposals.ballot_order(decision, options, "browser:a")
    assert proposals.ballot_order(decision, list(reversed(options)), "browser:a") == first
    assert first[0].passive
    orders = {
        tuple(o.id for o in proposals.ballot_order(decision, options, f"browser:{i}"))
        for i in range(6)
    }
    assert len(orders) > 1  # different participants see different orders
    fixed = make_decision(options=labels)
    assert proposals.ballot_order(fixed, fixed.ballot_options, "browser:a") == list(
        fixed.ballot_options
    )
