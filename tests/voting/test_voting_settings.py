"""parse_settings / stored_settings: defaults, and every refusal with its field key."""

from __future__ import annotations

from typing import Any

import pytest
from by_key import method_settings, resolved_settings

from groupdecide.voting import METHODS, TALLIES, SettingsError, get_method

DEFAULT_GRADES = ["Reject", "Poor", "Fair", "Good", "Very good", "Excellent"]


def test_names() -> None:
    assert METHODS == (
        "consensus",
        "single",
        "multiple",
        "yesno",
        "schedule",
        "ranked",
        "score",
        "judgment",
        "dots",
    )
    assert TALLIES == ("schulze", "irv", "borda", "copeland")


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (
            "consensus",
            {"passive_option": True, "min_ratings": 1, "support_threshold": 0, "order": "fixed"},
        ),
        ("single", {}),
        ("multiple", {"min_choices": 1}),
        ("yesno", {"majority": "simple"}),
        ("schedule", {}),
        ("ranked", {"tally": "schulze"}),
        ("score", {"scale": {"min": 0, "max": 10}}),
        ("judgment", {"grades": DEFAULT_GRADES}),
        ("dots", {"budget": 10}),
    ],
)
def test_defaults(method: str, expected: dict[str, Any]) -> None:
    assert method_settings(method, {}) == expected


@pytest.mark.parametrize(
    ("method", "raw"),
    [
        ("consensus", {"passive_option": False}),
        ("multiple", {"min_choices": 2, "max_choices": 3}),
        ("multiple", {"min_choices": 2, "max_choices": 2}),
        ("ranked", {"tally": "irv"}),
        ("ranked", {"tally": "borda"}),
        ("ranked", {"tally": "copeland"}),
        ("score", {"scale": {"min": -5, "max": 5}}),
        ("judgment", {"grades": ["Bad", "Good"]}),
        ("judgment", {"grades": [str(i) for i in range(10)]}),
        ("dots", {"budget": 1}),
        ("dots", {"budget": 1000}),
    ],
)
def test_accepted(method: str, raw: dict[str, Any]) -> None:
    out = method_settings(method, raw)
    for key, value in raw.items():
        assert out[key] == value


def refused(method: str, raw: Any) -> dict[str, str]:
    with pytest.raises(SettingsError) as info:
        method_settings(method, raw)
    assert isinstance(info.value, ValueError)
    assert str(info.value)  # a message a person can act on
    return info.value.fields


@pytest.mark.parametrize(
    ("method", "raw", "field"),
    [
        ("single", {"tally": "irv"}, "settings.tally"),
        ("ranked", {"budget": 3}, "settings.budget"),
        ("consensus", {"grades": ["a", "b"]}, "settings.grades"),
        ("score", {"colour": "red"}, "settings.colour"),
        ("ranked", {"tally": "kemeny"}, "settings.tally"),
        ("ranked", {"tally": 1}, "settings.tally"),
        ("ranked", {"tally": None}, "settings.tally"),
        ("multiple", {"min_choices": 0}, "settings.min_choices"),
        ("multiple", {"min_choices": True}, "settings.min_choices"),
        ("multiple", {"min_choices": "2"}, "settings.min_choices"),
        ("multiple", {"min_choices": 1.0}, "settings.min_choices"),
        ("multiple", {"max_choices": 0}, "settings.max_choices"),
        ("multiple", {"max_choices": False}, "settings.max_choices"),
        ("multiple", {"min_choices": 3, "max_choices": 2}, "settings.max_choices"),
        ("multiple", {"max_choices": 1, "min_choices": 2}, "settings.max_choices"),
        ("score", {"scale": {"min": 5, "max": 5}}, "settings.scale"),
        ("score", {"scale": {"min": 6, "max": 5}}, "settings.scale"),
        ("score", {"scale": {"min": 0}}, "settings.scale"),
        ("score", {"scale": {"min": 0, "max": 10, "step": 1}}, "settings.scale"),
        ("score", {"scale": {"min": True, "max": 10}}, "settings.scale"),
        ("score", {"scale": {"min": 0, "max": 10.0}}, "settings.scale"),
        ("score", {"scale": {"min": "0", "max": 10}}, "settings.scale"),
        ("score", {"scale": [0, 10]}, "settings.scale"),
        ("score", {"scale": {"min": 0, "max": 10**30}}, "settings.scale"),
        ("judgment", {"grades": ["only"]}, "settings.grades"),
        ("judgment", {"grades": [str(i) for i in range(11)]}, "settings.grades"),
        ("judgment", {"grades": ["ok", ""]}, "settings.grades"),
        ("judgment", {"grades": ["ok", "   "]}, "settings.grades"),
        ("judgment", {"grades": ["ok", 3]}, "settings.grades"),
        ("judgment", {"grades": ["ok", "x" * 101]}, "settings.grades"),
        ("judgment", {"grades": "bad,good"}, "settings.grades"),
        ("judgment", {"grades": ["Good", "good"]}, "settings.grades"),
        ("dots", {"budget": 0}, "settings.budget"),
        ("dots", {"budget": 1001}, "settings.budget"),
        ("dots", {"budget": True}, "settings.budget"),
        ("dots", {"budget": 5.0}, "settings.budget"),
        ("dots", {"budget": "10"}, "settings.budget"),
        ("consensus", {"passive_option": 1}, "settings.passive_option"),
        ("consensus", {"passive_option": "false"}, "settings.passive_option"),
        ("consensus", {"passive_option": None}, "settings.passive_option"),
    ],
)
def test_refused(method: str, raw: dict[str, Any], field: str) -> None:
    assert field in refused(method, raw)


def test_not_applicable_says_so() -> None:
    fields = refused("single", {"tally": "irv", "nonsense": 1})
    assert "does not apply to method single" in fields["settings.tally"]
    assert fields["settings.nonsense"] == "unknown setting"


def test_every_problem_at_once() -> None:
    fields = refused("multiple", {"min_choices": 0, "max_choices": "x", "budget": 3})
    assert set(fields) == {"settings.min_choices", "settings.max_choices", "settings.budget"}


def test_grade_labels_at_the_limit() -> None:
    grades = ["x" * 100, "y"]
    assert method_settings("judgment", {"grades": grades}) == {"grades": grades}


@pytest.mark.parametrize("method", ["", "Ranked", "approval", None, 3])
def test_unknown_method(method: Any) -> None:
    with pytest.raises(SettingsError) as info:
        method_settings(method, {})
    assert "method" in info.value.fields
    with pytest.raises(SettingsError):
        resolved_settings(method, {}, 3)


def test_settings_must_be_an_object() -> None:
    assert "settings" in refused("ranked", ["tally"])


def test_resolved_settings() -> None:
    assert resolved_settings("multiple", {}, 5) == {"min_choices": 1, "max_choices": 5}
    assert resolved_settings("multiple", {"max_choices": 2}, 5)["max_choices"] == 2
    assert resolved_settings("multiple", {"max_choices": None}, 5)["max_choices"] == 5
    assert resolved_settings("ranked", {}, 3) == {"tally": "schulze"}
    assert resolved_settings("ranked", {"tally": "irv"}, 3) == {"tally": "irv"}
    assert resolved_settings("score", {}, 3) == {"scale": {"min": 0, "max": 10}}
    assert resolved_settings("judgment", {}, 3) == {"grades": DEFAULT_GRADES}
    assert resolved_settings("dots", {}, 3) == {"budget": 10}
    assert resolved_settings("consensus", {}, 3) == {
        "passive_option": True,
        "min_ratings": 1,
        "support_threshold": 0,
        "order": "fixed",
    }
    assert resolved_settings("single", {}, 3) == {}
    # common keys are not the method's: ignored (merged beside it in DecisionSettings,
    # tests/services/test_decision_settings.py)
    assert resolved_settings("yesno", {"anonymous": True}, 3) == {"majority": "simple"}
    assert get_method("multiple").stored_settings({"anonymous": True, "min_choices": 2}) == (
        get_method("multiple").parse_settings({"min_choices": 2})
    )
    # stored settings are not changed in place
    stored = {"min_choices": 2}
    resolved_settings("multiple", stored, 4)
    assert stored == {"min_choices": 2}


def test_method_settings_round_trip_through_resolved() -> None:
    for method in METHODS:
        stored = method_settings(method, {})
        again = resolved_settings(method, stored, 4)
        assert method_settings(method, {k: again[k] for k in stored}) == stored
