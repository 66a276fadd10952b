"""``decision.rules`` (the typed settings, built once) and ``decision.current_phase``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from groupdecide.voting.methods.choice import MultipleSettings
from groupdecide.voting.methods.consensus import ConsensusSettings


def test_rules_are_typed_and_their_json_is_the_merged_settings(make_decision):
    decision = make_decision(
        method="multiple",
        options=("A", "B", "C"),
        settings={"anonymous": True, "results": "after_close", "min_choices": 2},
    )
    rules = decision.rules
    assert rules.anonymous is True
    assert rules.results == "after_close"
    assert rules.access == "link"
    assert rules.allow_proposals is False
    assert rules.individual_answers == "everyone"
    assert rules.comments is True
    assert rules.vetoes is False
    assert rules.voting_starts_at is None
    # max_choices defaults to the number of options
    assert rules.method == MultipleSettings(min_choices=2, max_choices=3)
    assert rules.to_json() == {
        "min_choices": 2,
        "max_choices": 3,
        "anonymous": True,
        "results": "after_close",
        "access": "link",
        "allow_proposals": False,
        "start_phase": "voting",
        "closes_at": None,
        "individual_answers": "everyone",
        "receipts": False,
        "quorum": None,
        "comments": True,
    }
    # a fresh dict each call: changing it changes nothing
    rules.to_json()["anonymous"] = False
    assert decision.rules.to_json()["anonymous"] is True


def test_consensus_rules_carry_the_extensions(make_decision):
    decision = make_decision(settings={"vetoes": True})
    rules = decision.rules
    assert rules.vetoes is True
    assert isinstance(rules.method, ConsensusSettings)
    json = rules.to_json()
    assert json["vetoes"] is True
    assert "voting_starts_at" in json
    assert json["voting_starts_at"] is None


def test_rules_are_built_once_and_rebuilt_when_their_sources_change(make_decision, act):
    from groupdecide.services.comments import set_comments
    from groupdecide.services.option_input import add_option

    decision = make_decision(method="multiple", options=("A", "B", "C"))
    first = decision.rules
    assert decision.rules is first
    assert first.method.max_choices == 3

    act(decision, add_option, "D", as_admin=True)
    assert decision.rules.method.max_choices == 4  # the default follows the options

    act(decision, set_comments, False)
    assert decision.rules.comments is False

    # assigned without a commit (no reload) the change is seen too
    decision.settings = {**decision.settings, "anonymous": True}
    assert decision.rules.anonymous is True
    closes = datetime.now(UTC) + timedelta(days=1)
    decision.closes_at = closes
    assert decision.rules.closes_at == closes
    assert decision.rules.to_json()["closes_at"] == closes


def test_the_current_phase_follows_the_clock(make_decision):
    decision: Any = make_decision()
    assert decision.current_phase == "voting"
    past = datetime.now(UTC) - timedelta(minutes=1)
    decision.closes_at = past
    assert decision.phase == "voting"  # stored
    assert decision.current_phase == "closed"
    assert decision.phase_at(past - timedelta(minutes=1)) == "voting"


def test_collecting_turns_into_voting_at_voting_starts_at(make_decision):
    decision: Any = make_decision(settings={"start_phase": "collecting"})
    assert decision.current_phase == "collecting"
    decision.voting_starts_at = datetime.now(UTC) - timedelta(seconds=1)
    assert decision.current_phase == "voting"
    assert decision.phase_at(datetime.now(UTC) - timedelta(hours=1)) == "collecting"
