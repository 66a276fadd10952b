"""Hand counts are counted exactly as that many ballots: random room counts and online ballots,
expanded here independently (another order of the synthetic ballots), counted by the
references (voting_refs.py, pref-voting for ranked) and compared with the count of
``services.hand_counts.expand`` fed to the method's ``tally``. Also ``majority`` of yes/no
against a small reference, and ``min_ratings`` of consensus with room counts."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pytest
import voting_refs as ref
from by_key import tally
from pref_voting.margin_based_methods import beat_path
from pref_voting.profiles_with_ties import ProfileWithTies

from groupdecide.services.hand_counts import expand, validate
from groupdecide.voting import OptionInfo, get_method

SEEDS = range(40)


def _options(rng: random.Random, n: int, passive: bool = False) -> list[OptionInfo]:
    ids = rng.sample(range(1, 500), n)
    return [OptionInfo(i, f"O{i}", passive=passive and k == n - 1) for k, i in enumerate(ids)]


def _room_counts(
    rng: random.Random, ids: list[int], values: list[int], people: int
) -> dict[str, dict[str, int]]:
    """Per option a random number of answers (at most ``people``) spread over the values."""
    counts: dict[str, dict[str, int]] = {}
    for oid in ids:
        answered = rng.randint(0, people)
        row: dict[str, int] = {}
        for _ in range(answered):
            v = str(rng.choice(values))
            row[v] = row.get(v, 0) + 1
        if row:
            counts[str(oid)] = row
    return counts


def _independent(people: int, counts: dict[str, dict[str, int]]) -> list[dict[int, int]]:
    """The room as ballots, filled from the last ballot backwards (another pairing than the
    service's: per-option counts say nothing about who gave which combination)."""
    out: list[dict[int, int]] = [{} for _ in range(people)]
    for key, row in counts.items():
        i = people - 1
        for value, many in row.items():
            for _ in range(many):
                out[i][int(key)] = int(value)
                i -= 1
    return out


def _online(rng: random.Random, ids: list[int], values: list[int], n: int) -> list[dict[int, int]]:
    return [{o: rng.choice(values) for o in ids if rng.random() < 0.7} for _ in range(n)]


def _checked(method: str, settings: dict[str, Any], options: list[OptionInfo], body: Any) -> Any:
    m = get_method(method)
    return validate(m, m.stored_settings(settings), options, body)


@pytest.mark.parametrize("seed", SEEDS)
def test_consensus_with_room_counts_against_reference(seed: int) -> None:
    rng = random.Random(90_000 + seed)
    options = _options(rng, rng.randint(2, 6), passive=True)
    ids = [o.id for o in options]
    passive = options[-1].id
    online = _online(rng, ids, list(range(11)), rng.randint(0, 15))
    rooms = []
    for _ in range(rng.randint(1, 3)):
        people = rng.randint(1, 20)
        counts = _room_counts(rng, ids, rng.choice([list(range(11)), [0, 5, 10]]), people)
        _label, people, counts, _ballots = _checked(
            "consensus", {}, options, {"people": people, "counts": counts}
        )
        rooms.append((people, counts))
    synthetic = [b for p, c in rooms for b in expand("consensus", p, c, None)]
    result = tally("consensus", {}, options, online + synthetic)

    mine = online + [b for p, c in rooms for b in _independent(p, c)]
    exp = ref.consensus(ids, passive, mine)
    assert result["ballot_count"] == len(online) + sum(p for p, _c in rooms)
    for row in result["options"]:
        for key, value in exp["options"][row["id"]].items():
            assert row[key] == (float(value) if isinstance(value, Fraction) else value), key
    assert result["ranking"] == exp["ranking"]
    assert result["winners"] == exp["winners"]


def _min_ratings_ref(ids: list[int], ballots: list[dict[int, int]], least: int) -> dict[str, Any]:
    """Consensus with ``min_ratings``: rated often enough by mean, then rated too rarely by
    mean, then nobody rated; only the first can win."""
    per = {i: [b[i] for b in ballots if i in b] for i in ids}
    mean = {i: Fraction(sum(v), len(v)) for i, v in per.items() if v}
    enough = [i for i in ids if i in mean and len(per[i]) >= least]
    rare = [i for i in ids if i in mean and len(per[i]) < least]
    ranking = ref.groups_desc(enough, lambda i: -mean[i]) + ref.groups_desc(
        rare, lambda i: -mean[i]
    )
    unrated = [i for i in ids if i not in mean]
    if unrated:
        ranking.append(unrated)
    return {
        "ranking": ranking,
        "winners": ranking[0] if enough else [],
        "enough": {i: len(per[i]) >= least for i in ids},
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_min_ratings_counts_room_ratings(seed: int) -> None:
    rng = random.Random(91_000 + seed)
    options = _options(rng, rng.randint(2, 5))
    ids = [o.id for o in options]
    least = rng.randint(1, 12)
    online = _online(rng, ids, list(range(11)), rng.randint(0, 8))
    people = rng.randint(1, 12)
    counts = _room_counts(rng, ids, [0, 3, 7, 10], people)
    settings = {"min_ratings": least, "passive_option": False}
    result = tally(
        "consensus", settings, options, online + expand("consensus", people, counts, None)
    )
    exp = _min_ratings_ref(ids, online + _independent(people, counts), least)
    assert result["ranking"] == exp["ranking"]
    assert result["winners"] == exp["winners"]
    assert {r["id"]: r["enough_ratings"] for r in result["options"]} == exp["enough"]


@pytest.mark.parametrize("seed", SEEDS)
def test_choice_methods_with_room_counts_against_references(seed: int) -> None:
    rng = random.Random(92_000 + seed)
    options = _options(rng, rng.randint(2, 6))
    ids = [o.id for o in options]
    people = rng.randint(1, 25)

    # yes/no
    online = _online(rng, ids, [-1, 0, 1], rng.randint(0, 10))
    counts = _room_counts(rng, ids, [-1, 0, 1], people)
    _checked("yesno", {}, options, {"people": people, "counts": counts})
    result = tally("yesno", {}, options, online + expand("yesno", people, counts, None))
    exp = ref.yesno(ids, online + _independent(people, counts))
    for row in result["options"]:
        assert {k: row[k] for k in exp["rows"][row["id"]]} == exp["rows"][row["id"]]
    assert result["ranking"] == exp["ranking"]
    assert result["winners"] == exp["winners"]

    # scheduling (0 is no: left out, as on a ballot)
    online = [{o: v for o, v in b.items() if v} for b in _online(rng, ids, [0, 1, 2], 6)]
    counts = _room_counts(rng, ids, [1, 2], people)
    result = tally("schedule", {}, options, online + expand("schedule", people, counts, None))
    exp = ref.schedule(ids, online + _independent(people, counts))
    for row in result["options"]:
        assert {k: row[k] for k in ("yes", "maybe", "no")} == exp["rows"][row["id"]]
    assert result["ranking"] == exp["ranking"]

    # dots: points per option add up
    counts = _room_counts(rng, ids, [1, 2, 5], people)
    _checked("dots", {"budget": 10}, options, {"people": people, "counts": counts})
    result = tally("dots", {"budget": 10}, options, expand("dots", people, counts, None))
    exp = ref.dots(ids, _independent(people, counts))
    assert [r["points"] for r in result["options"]] == [exp["points"][i] for i in ids]
    assert result["ballot_count"] == people

    # single choice: at most one choice per person over all options
    left = people
    counts = {}
    for oid in ids:
        k = rng.randint(0, left)
        left -= k
        if k:
            counts[str(oid)] = {"1": k}
    _checked("single", {}, options, {"people": people, "counts": counts})
    synthetic = expand("single", people, counts, None)
    assert all(sum(b.values()) <= 1 for b in synthetic)
    result = tally("single", {}, options, synthetic)
    ones = ref.counts_of_ones(ids, [{int(k): v for k, v in b.items()} for b in synthetic])
    assert {r["id"]: r["count"] for r in result["options"]} == {
        i: counts.get(str(i), {}).get("1", 0) for i in ids
    }
    assert ones == {r["id"]: r["count"] for r in result["options"]}
    assert result["ballot_count"] == people


def _pv_profile(ids: list[int], ballots: list[dict[int, int]]) -> ProfileWithTies:
    prof = ProfileWithTies([{o: r for o, r in b.items()} for b in ballots], candidates=ids)
    prof.use_extended_strict_preference()
    return prof


@pytest.mark.parametrize("seed", SEEDS)
def test_ranked_with_paper_ballots_against_pref_voting(seed: int) -> None:
    rng = random.Random(93_000 + seed)
    options = _options(rng, rng.randint(2, 5))
    ids = [o.id for o in options]

    def ranking() -> dict[int, int]:
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        return {o: r for r, o in enumerate(chosen, start=1)}

    online = [ranking() for _ in range(rng.randint(0, 8))]
    groups = [{"answers": {str(k): v for k, v in ranking().items()}, "count": rng.randint(1, 5)}]
    groups += [
        {"answers": {str(k): v for k, v in ranking().items()}, "count": rng.randint(1, 5)}
        for _ in range(rng.randint(0, 3))
    ]
    grouped = sum(g["count"] for g in groups)
    people = grouped + rng.randint(0, 4)  # the rest handed in blank
    _label, people, _counts, checked = _checked(
        "ranked", {}, options, {"people": people, "ballots": groups}
    )
    result = tally(
        "ranked", {"tally": "schulze"}, options, online + expand("ranked", people, None, checked)
    )
    assert result["ballot_count"] == len(online) + people
    mine = online + [
        {int(k): v for k, v in g["answers"].items()} for g in groups for _ in range(g["count"])
    ]
    exp = ref.schulze(ids, mine)
    assert result["ranking"] == exp["ranking"]
    prof = _pv_profile(ids, mine)
    assert sorted(result["winners"]) == sorted(beat_path(prof, strength_function=prof.support))


def _majority_ref(majority: str, yes: int, no: int, abstain: int) -> bool:
    if majority == "simple":
        return yes > no
    if majority == "absolute":
        return Fraction(yes) > Fraction(yes + no + abstain, 2)
    return yes > 0 and Fraction(yes, yes + no) >= Fraction(2, 3)


@pytest.mark.parametrize("majority", ["simple", "absolute", "two_thirds"])
@pytest.mark.parametrize("seed", range(30))
def test_majorities_against_reference(majority: str, seed: int) -> None:
    rng = random.Random(94_000 + seed)
    options = _options(rng, rng.randint(2, 4))
    ids = [o.id for o in options]
    ballots = [{o: rng.choice([-1, 0, 1, 1]) for o in ids} for _ in range(rng.randint(0, 12))]
    result = tally("yesno", {"majority": majority}, options, ballots)
    passed = set()
    for row in result["options"]:
        want = _majority_ref(majority, row["yes"], row["no"], row["abstain"])
        assert row["passed"] is want
        if want:
            passed.add(row["id"])
    assert set(result["winners"]) == passed


def test_majority_edges() -> None:
    options = [OptionInfo(1, "M"), OptionInfo(2, "N")]

    def passed(majority: str, yes: int, no: int, abstain: int) -> bool:
        ballots = [{1: 1}] * yes + [{1: -1}] * no + [{1: 0}] * abstain
        return tally("yesno", {"majority": majority}, options, ballots)["options"][0]["passed"]

    assert passed("simple", 2, 1, 10) is True
    assert passed("absolute", 2, 1, 10) is False  # 2 of 13 ballots
    assert passed("absolute", 7, 0, 6) is True  # 7 of 13
    assert passed("absolute", 5, 0, 5) is False  # exactly half is not more than half
    assert passed("two_thirds", 2, 1, 0) is True  # exactly two thirds
    assert passed("two_thirds", 3, 2, 0) is False
    assert passed("two_thirds", 0, 0, 5) is False  # yes > 0
    assert passed("simple", 0, 0, 5) is False


def test_majority_is_checked() -> None:
    from groupdecide.voting import SettingsError

    method = get_method("yesno")
    for bad in ("most", 1, True, ["simple"]):
        with pytest.raises(SettingsError) as exc:
            method.parse_settings({"majority": bad})
        assert set(exc.value.fields) == {"settings.majority"}
    assert method.parse_settings({"majority": "two_thirds"}).to_json() == {"majority": "two_thirds"}
