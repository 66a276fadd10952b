"""The method objects: registry, frozen settings, codes for field errors, typed results."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from by_key import tally

from groupdecide import voting
from groupdecide.problems import MESSAGES, FieldError
from groupdecide.voting import (
    REGISTRY,
    AnswerError,
    Method,
    MethodSettings,
    OptionInfo,
    Result,
    SettingsError,
    get_method,
    result_json,
)
from groupdecide.voting.methods.choice import ChoiceFigures, MultipleSettings, YesNoFigures
from groupdecide.voting.methods.consensus import ConsensusDetails, ConsensusFigures
from groupdecide.voting.methods.judgment import JudgmentDetails
from groupdecide.voting.methods.ranked import (
    IrvDetails,
    IrvFigures,
    IrvRound,
    PairwiseDetails,
    RankScoreFigures,
    SchulzeDetails,
    SchulzeFigures,
)
from groupdecide.voting.result import NoDetails

OPTIONS = [OptionInfo(17, "A"), OptionInfo(18, "B"), OptionInfo(19, "C", passive=True)]


def test_registry_in_the_contracts_order() -> None:
    assert tuple(REGISTRY) == voting.METHODS
    for key, method in REGISTRY.items():
        assert isinstance(method, Method)
        assert method.key == key
        assert get_method(key) is method
        assert method.name
        assert method.name.isascii()
    with pytest.raises(TypeError):
        REGISTRY["x"] = REGISTRY["single"]  # type: ignore[index]


@pytest.mark.parametrize("key", ["", "Ranked", "approval", None, 3])
def test_unknown_method(key: Any) -> None:
    with pytest.raises(SettingsError) as info:
        get_method(key)
    assert info.value.fields["method"].code == "unknown_method"
    assert info.value.message == "Unknown method: choose one of " + ", ".join(voting.METHODS) + "."


def test_what_left_out_means() -> None:
    omitted = {key: m.omitted for key, m in REGISTRY.items()}
    assert omitted == {
        "consensus": "not_rated",
        "single": "not_chosen",
        "multiple": "not_chosen",
        "yesno": "abstain",
        "schedule": "no",
        "ranked": "unranked",
        "score": "not_rated",
        "judgment": "not_rated",
        "dots": "zero_points",
    }
    assert {k for k, m in REGISTRY.items() if m.drops_zeros} == {
        "single",
        "multiple",
        "schedule",
        "dots",
    }
    assert {k for k, m in REGISTRY.items() if m.complete} == {"yesno", "score", "judgment"}
    assert {k: m.hand_counts for k, m in REGISTRY.items() if m.hand_counts != "value_counts"} == {
        "ranked": "ballots"
    }


@pytest.mark.parametrize("key", voting.METHODS)
def test_settings_are_frozen_dataclasses_with_the_stored_form(key: str) -> None:
    method = get_method(key)
    settings = method.parse_settings({})
    assert isinstance(settings, method.settings_type)
    assert isinstance(settings, MethodSettings)
    assert dataclasses.is_dataclass(settings)
    assert settings == method.default_settings
    assert settings.to_json() == voting.get_method(key).parse_settings({}).to_json()
    assert method.parse_settings(settings.to_json()) == settings
    assert method.stored_settings(settings.to_json()) == settings
    hash(settings)
    for field in dataclasses.fields(settings):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(settings, field.name, None)


def test_value_ranges() -> None:
    ranges = {k: m.value_range(m.default_settings.resolve(4), 4) for k, m in REGISTRY.items()}
    assert ranges == {
        "consensus": (0, 10),
        "single": (0, 1),
        "multiple": (0, 1),
        "yesno": (-1, 1),
        "schedule": (0, 2),
        "ranked": (1, 4),
        "score": (0, 10),
        "judgment": (0, 5),
        "dots": (0, 10),
    }
    score = get_method("score")
    assert score.value_range(score.parse_settings({"scale": {"min": -3, "max": 3}}), 2) == (-3, 3)
    problem = score.value_problem(score.default_settings, 2, 11)
    assert problem is not None
    assert (problem.code, dict(problem.params)) == (
        "answer_out_of_range",
        {"min": 0, "max": 10},
    )
    assert score.value_problem(score.default_settings, 2, True) == "must be an integer"
    assert score.value_problem(score.default_settings, 2, 10) is None


def test_max_choices_defaults_to_the_options() -> None:
    multiple = get_method("multiple")
    settings = multiple.parse_settings({"min_choices": 2})
    assert settings == MultipleSettings(2, None)
    assert settings.to_json() == {"min_choices": 2}
    assert settings.resolve(5) == MultipleSettings(2, 5)
    assert MultipleSettings(2, 3).resolve(5) == MultipleSettings(2, 3)


def codes(error: SettingsError | AnswerError) -> dict[str, tuple[str, dict[str, Any]]]:
    for value in error.fields.values():
        assert isinstance(value, FieldError)
        assert value.code in MESSAGES
    return {k: (v.code, dict(v.params)) for k, v in error.fields.items()}


def test_settings_problems_are_codes() -> None:
    with pytest.raises(SettingsError) as info:
        get_method("multiple").parse_settings({"min_choices": 3, "max_choices": 2, "tally": "x"})
    assert codes(info.value) == {
        "settings.tally": ("setting_not_for_method", {"method": "multiple", "owner": "ranked"}),
        "settings.max_choices": ("lower_than_setting", {"other": "min_choices"}),
    }
    assert info.value.fields["settings.max_choices"] == "must not be lower than min_choices"
    with pytest.raises(SettingsError) as info:
        get_method("judgment").parse_settings({"grades": ["a"], "colour": 1})
    assert codes(info.value) == {
        "settings.colour": ("unknown_setting", {}),
        "settings.grades": ("grades_count", {"min": 2, "max": 10}),
    }
    with pytest.raises(SettingsError) as info:
        get_method("ranked").parse_settings([])
    assert codes(info.value) == {"settings": ("not_an_object", {})}


def test_option_problems_are_codes() -> None:
    multiple = get_method("multiple")
    problems = multiple.option_problems(MultipleSettings(3, 4), 2)
    assert {k: (v.code, dict(v.params)) for k, v in problems.items()} == {
        "settings.min_choices": ("more_than_options", {"n": 2}),
        "settings.max_choices": ("more_than_options", {"n": 2}),
    }
    assert list(multiple.option_problems(MultipleSettings(1, 4), 2, new=False)) == []


@pytest.mark.parametrize(
    ("key", "settings", "answers", "expected", "text"),
    [
        ("single", {}, {"17": 1, "18": 1}, ("choose_exactly_one", {}), None),
        ("multiple", {"min_choices": 2}, {"17": 1}, ("choose_at_least", {"min": 2}), None),
        ("multiple", {}, {}, ("choose_at_least", {"min": 1}), "choose at least 1 option"),
        (
            "multiple",
            {"max_choices": 1},
            {"17": 1, "18": 1},
            ("choose_at_most", {"max": 1}),
            "choose at most 1 option",
        ),
        ("dots", {}, {"17": 0}, ("too_few_points", {"min": 1}), "give at least 1 point"),
        (
            "dots",
            {"budget": 3},
            {"17": 2, "18": 2},
            ("too_many_points", {"max": 3, "given": 4}),
            "give at most 3 points in total (you gave 4)",
        ),
        ("consensus", {}, {}, ("rate_at_least_one", {}), None),
        ("ranked", {}, {}, ("rank_at_least_one", {}), None),
    ],
)
def test_whole_ballot_problems_are_codes(
    key: str, settings: dict[str, Any], answers: dict[str, int], expected: Any, text: str | None
) -> None:
    method = get_method(key)
    with pytest.raises(AnswerError) as info:
        method.validate(method.parse_settings(settings), OPTIONS, answers)
    assert codes(info.value) == {"answers": expected}
    if text is not None:
        assert info.value.fields["answers"] == text


def test_answer_problems_are_codes() -> None:
    method = get_method("yesno")
    with pytest.raises(AnswerError) as info:
        method.validate(method.default_settings, OPTIONS, {"17": 2, "99": 1, "x": 1, "18": "1"})
    assert codes(info.value) == {
        "answers.17": ("not_yes_abstain_no", {}),
        "answers.99": ("unknown_option", {}),
        "answers.x": ("unknown_option", {}),
        "answers.18": ("not_an_integer", {}),
        "answers.19": ("answer_every_option", {}),
    }
    with pytest.raises(AnswerError) as info:
        method.validate(method.default_settings, OPTIONS, [1])
    assert codes(info.value) == {"answers": ("answers_not_an_object", {})}
    assert info.value.fields["answers"] == 'must be an object of option id to value, like {"17": 1}'


def only_plain_json(value: object) -> None:
    """Lists, dicts with str keys, str, int, float, bool, None: nothing else."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert type(k) is str
            only_plain_json(v)
    elif isinstance(value, list):
        for v in value:
            only_plain_json(v)
    else:
        assert value is None or type(value) in (str, int, float, bool), repr(value)


BALLOTS: dict[str, list[dict[int, int]]] = {
    "consensus": [{17: 0, 18: 4, 19: 10}, {17: 2, 19: 3}, {}],
    "single": [{17: 1}, {18: 1}, {18: 1}],
    "multiple": [{17: 1, 18: 1}, {18: 1}],
    "yesno": [{17: 1, 18: -1, 19: 0}, {17: 1, 18: 1, 19: -1}],
    "schedule": [{17: 2, 18: 1}, {17: 1}],
    "ranked": [{17: 1, 18: 2}, {18: 1, 19: 1}, {19: 1}],
    "score": [{17: 3, 18: 10, 19: 0}],
    "judgment": [{17: 0, 18: 5, 19: 2}, {17: 1, 18: 4, 19: 2}],
    "dots": [{17: 3, 18: 7}, {19: 10}],
}


@pytest.mark.parametrize(
    ("key", "settings", "figures", "details"),
    [
        ("consensus", {}, ConsensusFigures, ConsensusDetails),
        ("single", {}, ChoiceFigures, NoDetails),
        ("multiple", {}, ChoiceFigures, NoDetails),
        ("yesno", {}, YesNoFigures, NoDetails),
        ("ranked", {"tally": "schulze"}, SchulzeFigures, SchulzeDetails),
        ("ranked", {"tally": "irv"}, IrvFigures, IrvDetails),
        ("ranked", {"tally": "borda"}, RankScoreFigures, PairwiseDetails),
        ("ranked", {"tally": "copeland"}, RankScoreFigures, PairwiseDetails),
        ("judgment", {}, object, JudgmentDetails),
        ("schedule", {}, object, NoDetails),
        ("score", {}, object, NoDetails),
        ("dots", {}, object, NoDetails),
    ],
)
def test_typed_results(key: str, settings: dict[str, Any], figures: type, details: type) -> None:
    method = get_method(key)
    result = method.tally(method.parse_settings(settings), OPTIONS, BALLOTS[key])
    assert isinstance(result, Result)
    assert type(result.details) is details
    assert [type(f).__mro__[0] for f in result.options] == [type(result.options[0])] * 3
    assert all(isinstance(f, figures) for f in result.options)
    assert [f.id for f in result.options] == [17, 18, 19]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.options[0].id = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.winners = ()  # type: ignore[misc]
    data = result_json(result)
    only_plain_json(data)
    assert json.loads(json.dumps(data)) == data
    # the same count from the settings as stored (JSON), by key
    assert data == tally(key, settings, OPTIONS, BALLOTS[key])
    assert list(data)[:2] == (
        ["method", "tally"] if key == "ranked" else ["method", "ballot_count"]
    )


def test_irv_rounds_are_typed_and_serialized_with_string_keys() -> None:
    method = get_method("ranked")
    result = method.tally(method.parse_settings({"tally": "irv"}), OPTIONS, BALLOTS["ranked"])
    assert isinstance(result.details, IrvDetails)
    first = result.details.rounds[0]
    assert isinstance(first, IrvRound)
    assert dict(first.counts) == {17: 1.0, 18: 0.5, 19: 1.5}
    assert result_json(result)["details"]["rounds"][0] == {
        "counts": {"17": 1.0, "18": 0.5, "19": 1.5},
        "eliminated": [18],
    }
