"""Method.validate: the answer table of the contract, every rule refused with its field key."""

from __future__ import annotations

from typing import Any

import pytest
from by_key import resolved_settings, validate_answers

from groupdecide.voting import AnswerError, OptionInfo

OPTIONS = [OptionInfo(17, "A"), OptionInfo(18, "B"), OptionInfo(19, "C")]
PASSIVE = [*OPTIONS[:2], OptionInfo(19, "Nothing changes", passive=True)]


def ok(method: str, answers: Any, settings: dict[str, Any] | None = None) -> dict[int, int]:
    return validate_answers(method, settings or {}, OPTIONS, answers)


def bad(method: str, answers: Any, settings: dict[str, Any] | None = None) -> dict[str, str]:
    with pytest.raises(AnswerError) as info:
        validate_answers(method, settings or {}, OPTIONS, answers)
    assert isinstance(info.value, ValueError)
    assert str(info.value)
    return info.value.fields


# ----------------------------------------------------------------------------- accepted


def test_consensus_keeps_zero_and_allows_partial() -> None:
    assert validate_answers("consensus", {}, PASSIVE, {"17": 0, "19": 10}) == {17: 0, 19: 10}
    assert ok("consensus", {"18": 5}) == {18: 5}


def test_single_drops_zeros() -> None:
    assert ok("single", {"17": 0, "18": 1, "19": 0}) == {18: 1}
    assert ok("single", {"19": 1}) == {19: 1}


def test_multiple() -> None:
    assert ok("multiple", {"17": 1, "18": 0, "19": 1}) == {17: 1, 19: 1}
    assert ok("multiple", {"17": 1, "18": 1, "19": 1}) == {17: 1, 18: 1, 19: 1}
    settings = {"min_choices": 2, "max_choices": 2}
    assert ok("multiple", {"17": 1, "19": 1}, settings) == {17: 1, 19: 1}


def test_yesno_keeps_abstain() -> None:
    assert ok("yesno", {"17": 1, "18": 0, "19": -1}) == {17: 1, 18: 0, 19: -1}


def test_schedule_omitted_is_no() -> None:
    assert ok("schedule", {"17": 2, "18": 0}) == {17: 2}
    assert ok("schedule", {}) == {}
    assert ok("schedule", {"17": 1, "18": 2, "19": 0}) == {17: 1, 18: 2}


def test_ranked_ties_gaps_and_omissions() -> None:
    assert ok("ranked", {"17": 1, "18": 1}) == {17: 1, 18: 1}
    assert ok("ranked", {"19": 3}) == {19: 3}
    assert ok("ranked", {"17": 3, "18": 2, "19": 1}) == {17: 3, 18: 2, 19: 1}


def test_score_on_scale() -> None:
    settings = {"scale": {"min": -3, "max": 3}}
    assert ok("score", {"17": -3, "18": 0, "19": 3}, settings) == {17: -3, 18: 0, 19: 3}
    assert ok("score", {"17": 0, "18": 10, "19": 5}) == {17: 0, 18: 10, 19: 5}


def test_judgment() -> None:
    assert ok("judgment", {"17": 0, "18": 5, "19": 2}) == {17: 0, 18: 5, 19: 2}
    two = {"grades": ["No", "Yes"]}
    assert ok("judgment", {"17": 0, "18": 1, "19": 1}, two) == {17: 0, 18: 1, 19: 1}


def test_dots() -> None:
    assert ok("dots", {"17": 10}) == {17: 10}
    assert ok("dots", {"17": 0, "18": 1}) == {18: 1}
    assert ok("dots", {"17": 3, "18": 3, "19": 4}) == {17: 3, 18: 3, 19: 4}
    assert ok("dots", {"17": 99, "18": 1}, {"budget": 100}) == {17: 99, 18: 1}


def test_result_follows_option_order_and_int_keys_are_accepted() -> None:
    assert list(ok("yesno", {"19": 1, "17": 0, "18": -1})) == [17, 18, 19]
    assert ok("single", {17: 1}) == {17: 1}


def test_the_whole_stored_settings_can_be_passed() -> None:
    # the stored JSON holds the common settings too: the method reads only its own keys
    stored = {"anonymous": False, "results": "public"}
    settings = {**stored, **resolved_settings("multiple", stored, 3)}
    assert validate_answers("multiple", settings, OPTIONS, {"17": 1}) == {17: 1}


# ----------------------------------------------------------------------------- refused

NOT_AN_OBJECT = [[], [17], "17", 17, None, True, 1.5]


@pytest.mark.parametrize("answers", NOT_AN_OBJECT)
@pytest.mark.parametrize("method", ["consensus", "single", "ranked", "dots"])
def test_answers_must_be_an_object(method: str, answers: Any) -> None:
    assert set(bad(method, answers)) == {"answers"}


@pytest.mark.parametrize(
    "key", ["20", "abc", "", "017", "+17", " 17", "17.0", "-17", "\uff11\uff17"]
)
def test_unknown_option(key: str) -> None:
    fields = bad("consensus", {"17": 1, key: 1})
    assert fields == {f"answers.{key}": "unknown option"}


@pytest.mark.parametrize("value", ["3", 3.0, 2.5, None, True, False, [1], {"v": 1}])
@pytest.mark.parametrize(
    "method", ["consensus", "single", "multiple", "yesno", "schedule", "ranked", "score"]
)
def test_value_must_be_an_integer(method: str, value: Any) -> None:
    answers = {"17": value, "18": 1, "19": 1}
    fields = bad(method, answers)
    assert fields["answers.17"] == "must be an integer"


@pytest.mark.parametrize(
    ("method", "value", "settings"),
    [
        ("consensus", -1, None),
        ("consensus", 11, None),
        ("consensus", 10**40, None),
        ("single", 2, None),
        ("single", -1, None),
        ("multiple", 2, None),
        ("yesno", 2, None),
        ("yesno", -2, None),
        ("schedule", 3, None),
        ("schedule", -1, None),
        ("ranked", 0, None),
        ("ranked", 4, None),
        ("ranked", -1, None),
        ("score", 11, None),
        ("score", -1, None),
        ("score", 4, {"scale": {"min": -3, "max": 3}}),
        ("score", -4, {"scale": {"min": -3, "max": 3}}),
        ("judgment", 6, None),
        ("judgment", -1, None),
        ("judgment", 2, {"grades": ["No", "Yes"]}),
        ("dots", -1, None),
        ("dots", 11, None),
        ("dots", 6, {"budget": 5}),
    ],
)
def test_value_out_of_range(method: str, value: int, settings: dict[str, Any] | None) -> None:
    answers = {"17": value, "18": 0, "19": 0}
    if method in ("ranked",):
        answers = {"17": value, "18": 1}
    fields = bad(method, answers, settings)
    assert "answers.17" in fields
    assert fields["answers.17"].startswith("must be")


def test_range_messages_say_what_is_allowed() -> None:
    assert bad("consensus", {"17": 11}) == {"answers.17": "must be between 0 and 10"}
    assert bad("ranked", {"17": 4}) == {"answers.17": "must be between 1 and 3"}
    assert bad("score", {"17": 1, "18": 1, "19": 12}) == {"answers.19": "must be between 0 and 10"}


def test_consensus_needs_one_rating() -> None:
    assert bad("consensus", {}) == {"answers": "rate at least one option"}


def test_single_exactly_one() -> None:
    assert set(bad("single", {})) == {"answers"}
    assert set(bad("single", {"17": 0, "18": 0})) == {"answers"}
    assert set(bad("single", {"17": 1, "18": 1})) == {"answers"}


def test_multiple_min_and_max() -> None:
    assert set(bad("multiple", {})) == {"answers"}
    assert set(bad("multiple", {"17": 0})) == {"answers"}
    settings = {"min_choices": 2, "max_choices": 2}
    assert "at least 2" in bad("multiple", {"17": 1}, settings)["answers"]
    assert "at most 2" in bad("multiple", {"17": 1, "18": 1, "19": 1}, settings)["answers"]


def test_multiple_max_defaults_to_number_of_options() -> None:
    assert ok("multiple", {"17": 1, "18": 1, "19": 1}, {"min_choices": 3}) == {
        17: 1,
        18: 1,
        19: 1,
    }


@pytest.mark.parametrize("method", ["yesno", "score", "judgment"])
def test_every_option_must_be_answered(method: str) -> None:
    fields = bad(method, {"17": 1})
    assert set(fields) == {"answers.18", "answers.19"}
    assert set(bad(method, {})) == {"answers.17", "answers.18", "answers.19"}


def test_ranked_needs_one_rank() -> None:
    assert bad("ranked", {}) == {"answers": "rank at least one option"}


def test_dots_sum() -> None:
    assert bad("dots", {}) == {"answers": "give at least 1 point"}
    assert set(bad("dots", {"17": 0, "18": 0})) == {"answers"}
    assert "at most 10" in bad("dots", {"17": 6, "18": 5})["answers"]
    assert "at most 5" in bad("dots", {"17": 3, "18": 3}, {"budget": 5})["answers"]


def test_all_field_errors_at_once() -> None:
    fields = bad("yesno", {"17": 5, "18": "yes", "99": 1})
    assert set(fields) == {"answers.17", "answers.18", "answers.99", "answers.19"}
    assert fields["answers.19"].startswith("is required")


def test_message_names_the_fields() -> None:
    with pytest.raises(AnswerError) as info:
        validate_answers("consensus", {}, OPTIONS, {"17": 11})
    assert "answers.17" in str(info.value)
    assert "between 0 and 10" in str(info.value)
    with pytest.raises(AnswerError) as info:
        validate_answers("single", {}, OPTIONS, {})
    assert str(info.value) == "Choose exactly one option."


def test_unknown_method() -> None:
    with pytest.raises(ValueError, match=r"(?i)unknown method"):
        validate_answers("approval", {}, OPTIONS, {"17": 1})
