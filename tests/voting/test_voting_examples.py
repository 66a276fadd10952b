"""Hand-worked and published examples for every method."""

from __future__ import annotations

import json
from typing import Any

import pytest
from by_key import tally

from groupdecide.voting import OptionInfo

# ----------------------------------------------------------------------------- helpers


def opts(*labels: str, passive: int | None = None, first_id: int = 1) -> list[OptionInfo]:
    return [
        OptionInfo(first_id + i, label, passive=(first_id + i == passive))
        for i, label in enumerate(labels)
    ]


def by_id(result: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in result["options"]}


def expand(groups: list[tuple[int, dict[int, int]]]) -> list[dict[int, int]]:
    return [dict(ballot) for count, ballot in groups for _ in range(count)]


def assert_json_clean(result: dict[str, Any]) -> None:
    """Plain JSON types only (no numpy scalars), and it survives a round trip."""
    assert json.loads(json.dumps(result, allow_nan=False)) == result


# ----------------------------------------------------------------------------- consensus

CONSENSUS_BALLOTS = [
    {1: 0, 2: 3, 4: 6},
    {1: 2, 2: 3, 3: 10, 4: 8},
    {2: 0, 4: 10},
    {1: 4},
]


def test_consensus_hand_worked() -> None:
    options = opts("A", "B", "C", "Nothing changes", "D", passive=4)
    result = tally("consensus", {}, options, CONSENSUS_BALLOTS)
    assert_json_clean(result)
    rows = by_id(result)
    assert result["method"] == "consensus"
    assert "tally" not in result
    assert result["ballot_count"] == 4
    assert result["details"] == {"passive_option": 4}

    a, b, c, p, d = (rows[i] for i in range(1, 6))
    assert (a["votes"], a["resistance"], a["mean"], a["acceptance"], a["max"]) == (
        3,
        6,
        2.0,
        0.8,
        4,
    )
    assert a["histogram"] == [1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    assert (b["votes"], b["resistance"], b["mean"], b["max"]) == (3, 6, 2.0, 3)
    # Not rated is not 0: C was rated by one participant only, with 10.
    assert (c["votes"], c["resistance"], c["mean"], c["acceptance"], c["max"]) == (
        1,
        10,
        10.0,
        0.0,
        10,
    )
    assert (p["votes"], p["resistance"], p["mean"], p["max"]) == (3, 24, 8.0, 10)
    assert p["acceptance"] == pytest.approx(0.2)
    assert p["passive"] is True
    assert a["passive"] is False
    # Nobody rated D.
    assert d == {
        "id": 5,
        "label": "D",
        "passive": False,
        "votes": 0,
        "resistance": 0,
        "mean": None,
        "acceptance": None,
        "max": None,
        "enough_ratings": False,
        "histogram": [0] * 11,
        "below_passive": False,
        "passive_gap": None,
    }
    assert [r["below_passive"] for r in (a, b, c, p)] == [True, True, False, False]
    assert [r["passive_gap"] for r in (a, b, c, p)] == [6.0, 6.0, -2.0, 0.0]
    # A and B tie on the mean; the passive option is ranked like the others; D last.
    assert result["ranking"] == [[1, 2], [4], [3], [5]]
    assert result["winners"] == [1, 2]


def test_consensus_passive_gap_is_exact() -> None:
    options = opts("A", "Passive", passive=2)
    ballots = [{1: 1, 2: 2}, {1: 0, 2: 2}, {1: 0, 2: 3}]
    rows = by_id(tally("consensus", {}, options, ballots))
    # 7/3 - 1/3 = 2 exactly (a float subtraction would give 1.9999999999999998)
    assert rows[1]["passive_gap"] == 2.0
    assert rows[1]["mean"] == pytest.approx(1 / 3)


def test_consensus_without_passive_option() -> None:
    result = tally("consensus", {"passive_option": False}, opts("A", "B"), [{1: 5, 2: 1}])
    assert result["details"] == {"passive_option": None}
    for row in result["options"]:
        assert row["below_passive"] is False
        assert row["passive_gap"] is None
    assert result["ranking"] == [[2], [1]]
    assert result["winners"] == [2]


def test_consensus_passive_without_votes() -> None:
    result = tally("consensus", {}, opts("A", "P", passive=2), [{1: 5}])
    rows = by_id(result)
    assert rows[1]["below_passive"] is False
    assert rows[1]["passive_gap"] is None
    assert result["ranking"] == [[1], [2]]


def test_consensus_no_ballots() -> None:
    result = tally("consensus", {}, opts("A", "B", "P", passive=3), [])
    assert_json_clean(result)
    assert result["ballot_count"] == 0
    assert result["winners"] == []
    assert result["ranking"] == [[1, 2, 3]]
    for row in result["options"]:
        assert row["mean"] is None
        assert row["acceptance"] is None
        assert row["max"] is None
        assert row["below_passive"] is False
        assert row["passive_gap"] is None


def test_consensus_ballots_only_for_removed_options() -> None:
    result = tally("consensus", {}, opts("A", "B"), [{99: 3}, {98: 0}])
    assert result["ballot_count"] == 2
    assert result["winners"] == []
    assert result["ranking"] == [[1, 2]]


def test_consensus_zero_is_a_rating() -> None:
    result = tally("consensus", {}, opts("A", "B"), [{1: 0}, {2: 1}])
    rows = by_id(result)
    assert rows[1]["votes"] == 1
    assert rows[1]["mean"] == 0.0
    assert rows[1]["acceptance"] == 1.0
    assert result["winners"] == [1]


# ----------------------------------------------------------------------------- choice methods


def test_single() -> None:
    ballots = [{1: 1}, {2: 1}, {1: 1}, {3: 1}, {1: 1}, {99: 1}]
    result = tally("single", {}, opts("A", "B", "C"), ballots)
    assert_json_clean(result)
    rows = by_id(result)
    assert result["ballot_count"] == 6
    assert [rows[i]["count"] for i in (1, 2, 3)] == [3, 1, 1]
    assert [rows[i]["share"] for i in (1, 2, 3)] == [0.5, 1 / 6, 1 / 6]
    assert result["ranking"] == [[1], [2, 3]]
    assert result["winners"] == [1]


def test_single_no_ballots_and_ties() -> None:
    empty = tally("single", {}, opts("A", "B"), [])
    assert empty["winners"] == []
    assert empty["ranking"] == [[1, 2]]
    assert [r["share"] for r in empty["options"]] == [None, None]
    tie = tally("single", {}, opts("A", "B"), [{1: 1}, {2: 1}])
    assert tie["winners"] == [1, 2]
    assert tie["ranking"] == [[1, 2]]


def test_multiple() -> None:
    ballots = [{1: 1, 2: 1}, {2: 1}, {2: 1, 3: 1}, {1: 0, 2: 1}]
    result = tally("multiple", {"min_choices": 1}, opts("A", "B", "C"), ballots)
    rows = by_id(result)
    assert [rows[i]["count"] for i in (1, 2, 3)] == [1, 4, 1]
    assert [rows[i]["share"] for i in (1, 2, 3)] == [0.25, 1.0, 0.25]
    assert result["ranking"] == [[2], [1, 3]]
    assert result["winners"] == [2]


def test_yesno() -> None:
    ballots = [{1: 1, 2: -1, 3: 0}, {1: 1, 2: 1, 3: -1}, {1: -1, 2: 1}]
    result = tally("yesno", {}, opts("M1", "M2", "M3"), ballots)
    assert_json_clean(result)
    rows = by_id(result)
    assert {k: rows[1][k] for k in ("yes", "no", "abstain", "passed")} == {
        "yes": 2,
        "no": 1,
        "abstain": 0,
        "passed": True,
    }
    assert (rows[2]["yes"], rows[2]["no"], rows[2]["abstain"], rows[2]["passed"]) == (
        2,
        1,
        0,
        True,
    )
    # The third ballot has no answer for M3: it counts as an abstention.
    assert (rows[3]["yes"], rows[3]["no"], rows[3]["abstain"], rows[3]["passed"]) == (
        0,
        1,
        2,
        False,
    )
    assert result["ranking"] == [[1, 2], [3]]
    assert result["winners"] == [1, 2]


def test_yesno_tie_does_not_pass() -> None:
    result = tally("yesno", {}, opts("M1", "M2"), [{1: 1, 2: 0}, {1: -1, 2: 0}])
    assert [r["passed"] for r in result["options"]] == [False, False]
    assert result["winners"] == []
    assert result["ranking"] == [[1, 2]]


def test_schedule() -> None:
    ballots = [{1: 2, 2: 1}, {1: 1, 2: 2}, {2: 2, 3: 1}, {}]
    result = tally("schedule", {}, opts("Mon", "Tue", "Wed"), ballots)
    rows = by_id(result)
    assert [(rows[i]["yes"], rows[i]["maybe"], rows[i]["no"]) for i in (1, 2, 3)] == [
        (1, 1, 2),
        (2, 1, 1),
        (0, 1, 3),
    ]
    assert result["ranking"] == [[2], [1], [3]]
    assert result["winners"] == [2]
    # equal yes: more maybe wins; equal both: tie
    tie = tally("schedule", {}, opts("A", "B", "C"), [{1: 2, 2: 2, 3: 2}, {1: 1}])
    assert tie["ranking"] == [[1], [2, 3]]


def test_dots() -> None:
    ballots = [{1: 7, 2: 3}, {2: 10}, {3: 1}]
    result = tally("dots", {"budget": 10}, opts("A", "B", "C"), ballots)
    assert [r["points"] for r in result["options"]] == [7, 13, 1]
    assert result["ranking"] == [[2], [1], [3]]
    assert result["winners"] == [2]


def test_score() -> None:
    options = opts("A", "B", "C", "Late")
    ballots = [{1: 10, 2: 4, 3: 5}, {1: 0, 2: 6, 3: 6}, {1: 5, 2: 5, 3: 4, 4: 9}]
    result = tally("score", {"scale": {"min": 0, "max": 10}}, options, ballots)
    assert_json_clean(result)
    rows = by_id(result)
    assert [(rows[i]["count"], rows[i]["sum"], rows[i]["mean"]) for i in (1, 2, 3, 4)] == [
        (3, 15, 5.0),
        (3, 15, 5.0),
        (3, 15, 5.0),
        (1, 9, 9.0),
    ]
    assert result["ranking"] == [[4], [1, 2, 3]]
    assert result["winners"] == [4]


def test_score_negative_scale_and_unscored_option() -> None:
    options = opts("A", "B", "New")
    scale = {"scale": {"min": -2, "max": 2}}
    result = tally("score", scale, options, [{1: -2, 2: 1}, {1: 2, 2: -1}])
    rows = by_id(result)
    assert rows[1]["mean"] == 0.0
    assert rows[2]["mean"] == 0.0
    assert rows[3] == {"id": 3, "label": "New", "count": 0, "sum": 0, "mean": None}
    assert result["ranking"] == [[1, 2], [3]]


# ----------------------------------------------------------------------------- judgment

FOUR_GRADES = {"grades": ["Poor", "Fair", "Good", "Excellent"]}


def test_judgment_removes_medians_until_they_differ() -> None:
    # X: Good, Good, Fair, Poor; Y: Excellent, Fair, Fair, Fair. Both medians are Fair;
    # removing one Fair from each gives X the median Good: X wins.
    ballots = [{1: 2, 2: 3}, {1: 2, 2: 1}, {1: 1, 2: 1}, {1: 0, 2: 1}]
    result = tally("judgment", FOUR_GRADES, opts("X", "Y"), ballots)
    assert_json_clean(result)
    rows = by_id(result)
    assert rows[1]["grade_counts"] == [1, 1, 2, 0]
    assert rows[2]["grade_counts"] == [0, 3, 0, 1]
    assert rows[1]["median"] == rows[2]["median"] == 1
    assert rows[1]["median_label"] == "Fair"
    assert result["ranking"] == [[1], [2]]
    assert result["winners"] == [1]
    assert result["details"] == {"grades": FOUR_GRADES["grades"]}


def test_judgment_majority_value_not_gauge() -> None:
    # X: 0,1,1,1,3 and Y: 0,1,1,1,2 share the median and the gauge (one above, one below),
    # so a gauge tie-break ties them; the majority value goes on and X wins on the last grade.
    x = [0, 1, 1, 1, 3]
    y = [0, 1, 1, 1, 2]
    ballots = [{1: a, 2: b} for a, b in zip(x, y, strict=True)]
    result = tally("judgment", FOUR_GRADES, opts("X", "Y"), ballots)
    assert result["ranking"] == [[1], [2]]


def test_judgment_equal_distributions_tie() -> None:
    ballots = [{1: 0, 2: 3}, {1: 3, 2: 0}, {1: 2, 2: 2}]
    result = tally("judgment", FOUR_GRADES, opts("X", "Y"), ballots)
    assert result["ranking"] == [[1, 2]]
    assert result["winners"] == [1, 2]


def test_judgment_two_grades_package_example() -> None:
    # 5 x grade 0 + 5 x grade 1 ranks below 3 x grade 0 + 7 x grade 1.
    a = [0] * 5 + [1] * 5
    b = [0] * 3 + [1] * 7
    ballots = [{1: x, 2: y} for x, y in zip(a, b, strict=True)]
    result = tally("judgment", {"grades": ["No", "Yes"]}, opts("A", "B"), ballots)
    assert result["ranking"] == [[2], [1]]


def test_judgment_option_added_later_and_none() -> None:
    options = opts("A", "B", "Late")
    ballots = [{1: 4, 2: 3}, {1: 4, 2: 3}, {1: 1, 2: 3, 3: 5}]
    result = tally("judgment", {}, options, ballots)
    rows = by_id(result)
    assert rows[3]["count"] == 1
    assert rows[3]["median"] == 5
    # Late's single grade (5) beats B's first median (3) and A's (4).
    assert result["ranking"] == [[3], [1], [2]]
    empty = tally("judgment", {}, options, [])
    assert empty["winners"] == []
    assert empty["ranking"] == [[1, 2, 3]]
    assert all(r["median"] is None and r["median_label"] is None for r in empty["options"])


def test_judgment_tennessee() -> None:
    # The Tennessee capital example as graded in the majority judgment articles: each
    # voter gives Excellent, Good, Fair, Poor to the cities in their order of preference.
    # Medians: Nashville Good, Chattanooga Good, Knoxville Fair, Memphis Poor; Nashville
    # beats Chattanooga once the shared Good grades are removed.
    m, n, c, k = 1, 2, 3, 4
    ballots = expand(
        [
            (42, {m: 3, n: 2, c: 1, k: 0}),
            (26, {n: 3, c: 2, k: 1, m: 0}),
            (15, {c: 3, k: 2, n: 1, m: 0}),
            (17, {k: 3, c: 2, n: 1, m: 0}),
        ]
    )
    options = opts("Memphis", "Nashville", "Chattanooga", "Knoxville")
    result = tally("judgment", FOUR_GRADES, options, ballots)
    rows = by_id(result)
    assert rows[n]["grade_counts"] == [0, 32, 42, 26]
    assert rows[c]["grade_counts"] == [0, 42, 43, 15]
    assert [rows[i]["median_label"] for i in (m, n, c, k)] == ["Poor", "Good", "Good", "Fair"]
    assert result["ranking"] == [[n], [c], [k], [m]]
    assert result["winners"] == [n]


# ----------------------------------------------------------------------------- ranked

TENNESSEE = expand(
    [
        (42, {1: 1, 2: 2, 3: 3, 4: 4}),  # Memphis, Nashville, Chattanooga, Knoxville
        (26, {2: 1, 3: 2, 4: 3, 1: 4}),
        (15, {3: 1, 4: 2, 2: 3, 1: 4}),
        (17, {4: 1, 3: 2, 2: 3, 1: 4}),
    ]
)
CITIES = opts("Memphis", "Nashville", "Chattanooga", "Knoxville")
M, N, C, K = 1, 2, 3, 4


def test_tennessee_plurality() -> None:
    firsts = [{min(b, key=b.__getitem__): 1} for b in TENNESSEE]
    result = tally("single", {}, CITIES, firsts)
    assert result["winners"] == [M]
    assert [r["count"] for r in result["options"]] == [42, 26, 15, 17]


def test_tennessee_irv() -> None:
    result = tally("ranked", {"tally": "irv"}, CITIES, TENNESSEE)
    assert_json_clean(result)
    assert result["tally"] == "irv"
    assert result["winners"] == [K]
    assert result["details"]["rounds"] == [
        {"counts": {"1": 42.0, "2": 26.0, "3": 15.0, "4": 17.0}, "eliminated": [C]},
        {"counts": {"1": 42.0, "2": 26.0, "4": 32.0}, "eliminated": [N]},
        {"counts": {"1": 42.0, "4": 58.0}, "eliminated": []},
    ]
    assert [r["first_round"] for r in result["options"]] == [42.0, 26.0, 15.0, 17.0]
    assert result["ranking"] == [[K], [M], [N], [C]]


def test_tennessee_borda() -> None:
    result = tally("ranked", {"tally": "borda"}, CITIES, TENNESSEE)
    # classic Borda (3, 2, 1, 0 points): 126, 194, 173, 107; the contract's symmetric
    # score is 2 * classic - 3 * 100 on complete ballots.
    assert [r["score"] for r in result["options"]] == [-48, 88, 46, -86]
    assert result["winners"] == [N]
    assert result["ranking"] == [[N], [C], [M], [K]]
    assert result["details"]["pairwise"][N - 1] == [58, 0, 68, 68]


def test_tennessee_condorcet_methods() -> None:
    schulze = tally("ranked", {"tally": "schulze"}, CITIES, TENNESSEE)
    copeland = tally("ranked", {"tally": "copeland"}, CITIES, TENNESSEE)
    assert schulze["winners"] == copeland["winners"] == [N]
    assert schulze["ranking"] == [[N], [C], [K], [M]]
    assert [r["wins"] for r in schulze["options"]] == [0, 3, 2, 1]
    assert [r["score"] for r in copeland["options"]] == [-3, 3, 1, -1]
    assert copeland["ranking"] == [[N], [C], [K], [M]]


WIKI_SCHULZE = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]


def test_schulze_wikipedia_45_voters() -> None:
    options = opts("A", "B", "C", "D", "E", first_id=11)
    letter = {o.label: o.id for o in options}
    ballots = expand(
        [
            (count, {letter[ch]: r + 1 for r, ch in enumerate(order)})
            for count, order in WIKI_SCHULZE
        ]
    )
    result = tally("ranked", {}, options, ballots)
    assert result["tally"] == "schulze"
    assert result["ballot_count"] == 45
    assert result["details"]["pairwise"] == [
        [0, 20, 26, 30, 22],
        [25, 0, 16, 33, 18],
        [19, 29, 0, 17, 24],
        [15, 12, 28, 0, 14],
        [23, 27, 21, 31, 0],
    ]
    assert result["details"]["strongest_paths"] == [
        [0, 28, 28, 30, 24],
        [25, 0, 28, 33, 24],
        [25, 29, 0, 29, 24],
        [25, 28, 28, 0, 24],
        [25, 28, 28, 31, 0],
    ]
    e, a, c, b, d = (letter[x] for x in "EACBD")
    assert result["winners"] == [e]
    assert result["ranking"] == [[e], [a], [c], [b], [d]]
    assert [r["wins"] for r in result["options"]] == [3, 1, 2, 0, 4]


def test_schulze_truncated_and_tied_ballots() -> None:
    # {A} and {B > C}: each ranked option is above the unranked ones, so A ties B and C
    # (1:1), and only B beats C.
    result = tally("ranked", {}, opts("A", "B", "C"), [{1: 1}, {2: 1, 3: 2}])
    assert result["details"]["pairwise"] == [[0, 1, 1], [1, 0, 1], [1, 0, 0]]
    assert result["details"]["strongest_paths"] == [[0, 0, 0], [0, 0, 1], [0, 0, 0]]
    assert result["ranking"] == [[1, 2], [3]]
    assert result["winners"] == [1, 2]
    assert [r["wins"] for r in result["options"]] == [0, 1, 0]


def test_irv_splits_ties_exhausts_and_eliminates_together() -> None:
    ballots = [{1: 1, 2: 1}, {2: 1}, {3: 1}, {3: 1, 1: 2}, {1: 1}]
    result = tally("ranked", {"tally": "irv"}, opts("A", "B", "C"), ballots)
    assert result["details"]["rounds"] == [
        {"counts": {"1": 1.5, "2": 1.5, "3": 2.0}, "eliminated": [1, 2]},
        {"counts": {"3": 2.0}, "eliminated": []},
    ]
    assert result["winners"] == [3]
    assert result["ranking"] == [[3], [1, 2]]
    assert [r["first_round"] for r in result["options"]] == [1.5, 1.5, 2.0]


def test_irv_all_remaining_tie() -> None:
    result = tally("ranked", {"tally": "irv"}, opts("A", "B", "C"), [{1: 1}, {2: 1}])
    assert result["details"]["rounds"] == [
        {"counts": {"1": 1.0, "2": 1.0, "3": 0.0}, "eliminated": [3]},
        {"counts": {"1": 1.0, "2": 1.0}, "eliminated": []},
    ]
    assert result["winners"] == [1, 2]
    assert result["ranking"] == [[1, 2], [3]]


def test_irv_thirds_are_exact() -> None:
    # Three-way tie on one ballot gives thirds; 1/3 + 1/3 + 1/3 must equal the 1 of B.
    ballots = [{1: 1, 2: 1, 3: 1}, {1: 1, 3: 2}, {1: 2, 3: 1}, {2: 1, 4: 2}]
    result = tally("ranked", {"tally": "irv"}, opts("A", "B", "C", "D"), ballots)
    first = result["details"]["rounds"][0]
    assert first["counts"]["4"] == 0.0
    assert first["eliminated"] == [4]
    second = result["details"]["rounds"][1]
    assert second["counts"] == pytest.approx({"1": 4 / 3, "2": 4 / 3, "3": 4 / 3})
    assert result["winners"] == [1, 2, 3]


@pytest.mark.parametrize("method", ["schulze", "irv", "borda", "copeland"])
def test_ranked_no_ballots(method: str) -> None:
    result = tally("ranked", {"tally": method}, opts("A", "B", "C"), [])
    assert_json_clean(result)
    assert result["tally"] == method
    assert result["ballot_count"] == 0
    assert result["winners"] == []
    assert result["ranking"] == [[1, 2, 3]]
    if method == "irv":
        assert result["details"] == {"rounds": []}
        assert [r["first_round"] for r in result["options"]] == [0.0, 0.0, 0.0]
    else:
        assert result["details"]["pairwise"] == [[0] * 3] * 3


@pytest.mark.parametrize("method", ["schulze", "irv", "borda", "copeland"])
def test_ranked_ignores_removed_options_and_counts_unranked_below(method: str) -> None:
    # Option 9 was removed; B was added after the first ballot (so it is unranked there).
    ballots = [{1: 2, 9: 1}, {1: 1, 2: 2}, {2: 1}]
    result = tally("ranked", {"tally": method}, opts("A", "B"), ballots)
    assert result["ballot_count"] == 3
    if method != "irv":
        assert result["details"]["pairwise"] == [[0, 2], [1, 0]]
    assert result["winners"] == [1]


@pytest.mark.parametrize(
    "method",
    ["consensus", "single", "multiple", "yesno", "schedule", "ranked", "score", "judgment", "dots"],
)
def test_every_method_with_no_options_and_one_option(method: str) -> None:
    assert tally(method, {}, [], [{1: 1}])["ranking"] == []
    one = tally(method, {}, opts("Only"), [{1: 1}])
    assert_json_clean(one)
    assert one["ranking"] == [[1]]


def test_string_keys_from_json_are_accepted() -> None:
    result = tally("single", {}, opts("A", "B"), [{"2": 1}, {"1": 1}, {"2": 1}])  # type: ignore[dict-item]
    assert result["winners"] == [2]


def test_stored_values_out_of_range_are_ignored() -> None:
    result = tally("judgment", FOUR_GRADES, opts("A", "B"), [{1: 9, 2: 2}, {1: 3, 2: -1}])
    rows = by_id(result)
    assert rows[1]["grade_counts"] == [0, 0, 0, 1]
    assert rows[2]["grade_counts"] == [0, 0, 1, 0]


def test_any_mapping_and_any_iterable_of_ballots() -> None:
    from types import MappingProxyType

    ballots = [MappingProxyType({1: 1, 2: 2}), {2: 1, 1: 2}, MappingProxyType({1: 1})]
    from_list = tally("ranked", {}, opts("A", "B"), ballots)
    from_generator = tally("ranked", {}, opts("A", "B"), (b for b in ballots))
    assert from_list == from_generator
    assert from_list["details"]["pairwise"] == [[0, 2], [1, 0]]
    assert from_list["winners"] == [1]


def test_huge_or_odd_stored_values_do_not_break_the_count() -> None:
    ballots: list[dict[Any, Any]] = [{1: 10**30, 2: 3}, {"x": 1, 2: 4}, {1: 2}]
    result = tally("consensus", {}, opts("A", "B"), ballots)
    rows = by_id(result)
    assert rows[1]["votes"] == 1
    assert rows[1]["resistance"] == 2
    assert rows[2]["votes"] == 2
    assert rows[2]["resistance"] == 7
