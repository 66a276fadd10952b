"""Rules of the services, checked without HTTP (the API tests stay the contract's check)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from groupdecide.errors import Conflict, ValidationFailed
from groupdecide.extensions import db

from .conftest import option_ids


def _ballots(decision: Any) -> list[Any]:
    from groupdecide.models import Ballot

    return list(db.session.scalars(sa.select(Ballot).where(Ballot.decision_id == decision.id)))


def test_a_ballot_on_a_closed_decision_is_refused_and_nothing_is_stored(make_decision, cast, act):
    from groupdecide.services.phases import set_phase

    decision = make_decision()
    cast(decision, {0: 3, 1: 5, 2: 0}, by_position=True)
    act(decision, set_phase, "closed")
    with pytest.raises(Conflict, match="closed"):
        cast(decision, {0: 1, 1: 1, 2: 1}, name="Bert", by_position=True)
    assert len(_ballots(decision)) == 1


def test_a_ballot_while_collecting_is_refused(make_decision, cast):
    decision = make_decision(settings={"start_phase": "collecting"})
    with pytest.raises(Conflict, match="not started"):
        cast(decision, {0: 3, 1: 5, 2: 0}, by_position=True)
    assert _ballots(decision) == []


def test_the_second_ballot_of_the_same_browser_replaces_the_first(make_decision, cast, act):
    """The browser keeps the edit token; its next ballot is an update of the one it has."""
    from groupdecide.services.ballots import ballot_by_token, update_ballot

    decision = make_decision()
    a, b, passive = option_ids(decision)
    first, token = cast(decision, {a: 1, b: 2, passive: 3})
    mine = ballot_by_token(decision, token)
    assert mine is not None
    assert mine.id == first.id
    new_answers = {str(a): 9, str(b): 8, str(passive): 0}
    act(decision, update_ballot, mine, {"name": "Anna", "answers": new_answers})
    (only,) = _ballots(decision)
    assert only.id == first.id
    assert only.answers == new_answers
    assert ballot_by_token(decision, "not-the-token") is None


def test_an_option_rated_by_fewer_than_min_ratings_never_wins(make_decision, cast):
    from groupdecide.services import results

    decision = make_decision(options=("Rarely rated", "Rated by all"), settings={"min_ratings": 2})
    rare, common, passive = option_ids(decision)
    cast(decision, {rare: 0, common: 3, passive: 6}, name="A")
    cast(decision, {common: 2, passive: 7}, name="B")
    result = results.count(decision)
    rows = {o["id"]: o for o in result["options"]}
    assert rows[rare]["enough_ratings"] is False
    assert rows[common]["enough_ratings"] is True
    assert result["winners"] == [common]
    assert result["ranking"] == [[common], [passive], [rare]]


@pytest.mark.parametrize("bad", [0, "2", 1.5, True, 10**6])
def test_min_ratings_must_be_a_whole_number_in_range(make_decision, bad):
    with pytest.raises(ValidationFailed) as caught:
        make_decision(settings={"min_ratings": bad})
    assert "settings.min_ratings" in caught.value.fields


def test_min_ratings_is_for_consensus_only(make_decision):
    with pytest.raises(ValidationFailed) as caught:
        make_decision(method="single", settings={"min_ratings": 2})
    assert "settings.min_ratings" in caught.value.fields


def test_removing_an_option_keeps_two_that_take_answers_while_voting(make_decision, act):
    from groupdecide.services.options import remove_option

    decision = make_decision(method="single", options=("A", "B", "C"))
    first, second, _third = decision.ballot_options
    act(decision, remove_option, first)
    with pytest.raises(Conflict) as caught:
        act(decision, remove_option, second)
    assert caught.value.fields == {"options": "at least 2 options must take answers while voting"}
    assert [o.label for o in decision.ballot_options] == ["B", "C"]


def test_while_collecting_options_may_go_below_two(make_decision, act):
    from groupdecide.services.options import remove_option

    decision = make_decision(
        method="single", options=("A", "B"), settings={"start_phase": "collecting"}
    )
    act(decision, remove_option, decision.ballot_options[0])
    assert [o.label for o in decision.ballot_options] == ["B"]


def test_the_passive_solution_cannot_be_removed(make_decision, act):
    from groupdecide.services.options import remove_option

    decision = make_decision()
    passive = next(o for o in decision.options if o.passive)
    with pytest.raises(Conflict, match="passive"):
        act(decision, remove_option, passive)
