"""Hand counts belong to their round: a new round counts only its own room counts."""

from __future__ import annotations

import pytest

from groupdecide.errors import NotFound
from groupdecide.extensions import db
from groupdecide.services import hand_counts, results


def _next_round(decision):
    decision.round = decision.round + 1
    db.session.flush()
    hand_counts.bump_results_version(decision)


def test_only_the_current_rounds_hand_counts_count(make_decision, cast, act):
    decision = make_decision(method="single", options=("Red", "Green"))
    red = decision.options[0].id
    cast(decision, {red: 1})
    hc = act(decision, hand_counts.add_hand_count, {"people": 5, "counts": {str(red): {"1": 5}}})
    assert hc.round == decision.round == 1
    counted = act(decision, lambda d: results.count(d))
    assert counted["ballot_count"] == 6
    assert counted["details"]["hand_counts"] == [{"id": hc.id, "label": "", "people": 5}]

    act(decision, _next_round)
    counted = act(decision, lambda d: results.count(d))
    assert counted["ballot_count"] == 1
    assert counted["details"]["hand_counts"] == []
    # and the earlier round's count cannot be removed in this one
    with pytest.raises(NotFound):
        act(decision, lambda d: hand_counts.get_hand_count(d, hc.id))
