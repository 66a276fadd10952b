"""Seeded random profiles, checked against pref-voting and against the naive references.

Each family runs on 240 profiles: 0 and 1 voters, 2 to 30 options, complete, truncated
and tied ballots, and profiles built to tie (mirrored ballots, Condorcet cycles, few
distinct ballots repeated).

How pref-voting lines up with the contract:

* Schulze: ``beat_path`` on a ``ProfileWithTies`` using extended strict preference
  (ranked options above unranked ones, as the contract says) and
  ``strength_function=prof.support``: links weighted by winning votes, as in the
  contract (its -inf for a missing link orders paths like our 0, since every real link
  is worth at least 1).
* IRV: ``instant_runoff(prof, score_method="split")`` on a ``ProfileWithTies``:
  tied top ranks split the vote equally, a ballot with no continuing option counts for
  no one, every option with the fewest votes goes at once, and when all remaining tie
  they all win: the contract's rule. It ignores the majority stop and goes on until one
  option remains; the winner is the same, since an option holding a strict majority of
  the non-exhausted votes only gains share in later rounds and so is never the lowest.
  (With 0 voters it names every option; the contract says no winner then.)
  The rounds themselves are checked against the reference in ``voting_refs``.
* Borda: pref-voting's ``symmetric_borda_scores`` is exactly the contract's score
  (ranked below minus ranked above, with extended strict preference); on complete strict
  ballots the winners also equal the classic ``borda`` on a ``Profile``.
* Copeland: ``ProfileWithTies.copeland_scores()`` (1, 0, -1) is the contract's score.
* Plurality, approval and score voting: pref-voting's ``plurality``, ``approval`` and
  ``score_voting(evaluation_method="mean")`` on the same ballots.
* Majority judgment: pref-voting breaks median ties with the majority gauge, not with the
  majority value the contract asks for. So its lower medians must equal ours, our
  winners must be among its highest-median options and among its gauge winners (a
  strictly better gauge implies a better majority value), and the full ranking is
  checked against the literal "remove one median grade at a time" reference.
* Consensus, yes/no, schedule and dots have no pref-voting form: references only.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pytest
import voting_refs as ref
from by_key import tally
from pref_voting.c1_methods import copeland
from pref_voting.grade_methods import approval, majority_judgement, score_voting
from pref_voting.grade_profiles import GradeProfile
from pref_voting.iterative_methods import instant_runoff
from pref_voting.margin_based_methods import beat_path
from pref_voting.profiles import Profile
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.scoring_methods import borda, plurality, symmetric_borda_scores

from groupdecide.voting import OptionInfo

SEEDS = range(240)
REMOVED = 9999  # an option id that no longer exists


def make_options(rng: random.Random, n: int, passive: bool = False) -> list[OptionInfo]:
    start = rng.choice([1, 17, 1000, 10**9])
    step = rng.choice([1, 1, 3, 10**6])
    ids = [start + i * step for i in range(n)]
    rng.shuffle(ids)  # option order need not follow id order
    p = rng.randrange(n) if passive else -1
    return [OptionInfo(oid, f"o{oid}", passive=(i == p)) for i, oid in enumerate(ids)]


def sizes(rng: random.Random, seed: int, max_voters: int = 25) -> tuple[int, int]:
    n = 2 + seed % 29 if seed % 3 == 0 else rng.randint(2, 8)
    voters = [0, 1, 2, 3][seed % 4] if seed < 16 else rng.randint(2, max_voters)
    return n, voters


# ----------------------------------------------------------------------------- ranked


def ranked_profile(seed: int) -> tuple[list[OptionInfo], list[dict[int, int]], str]:
    rng = random.Random(seed)
    n, voters = sizes(rng, seed)
    options = make_options(rng, n)
    ids = [o.id for o in options]
    style = ["complete", "truncated", "ties", "mixed", "mirror", "cycle", "copies"][seed % 7]
    if seed < 16:
        style = ["complete", "truncated", "ties"][seed % 3]

    def one() -> dict[int, int]:
        order = ids[:]
        rng.shuffle(order)
        kind = style if style in ("complete", "truncated", "ties") else None
        kind = kind or rng.choice(["complete", "truncated", "ties"])
        if kind == "complete":
            return {o: r + 1 for r, o in enumerate(order)}
        k = rng.randint(1, n)
        if kind == "truncated":
            return {o: r + 1 for r, o in enumerate(order[:k])}
        return {o: rng.randint(1, max(1, k)) for o in order[:k]}

    ballots: list[dict[int, int]] = []
    if style == "mirror":
        while len(ballots) < voters:
            b = one()
            top = max(b.values()) + 1
            ballots += [b, {o: top - r for o, r in b.items()}]
        ballots = ballots[: max(voters, 2)]
    elif style == "cycle":
        a = ids[:]
        rng.shuffle(a)
        for i in range(max(voters // 3, 1)):
            rot = a[i % len(a) :] + a[: i % len(a)]
            for s in range(3):
                r3 = rot[s:] + rot[:s]
                ballots.append({o: r + 1 for r, o in enumerate(r3[:3])})
    elif style == "copies":
        distinct = [one() for _ in range(rng.randint(1, 3))]
        ballots = [dict(rng.choice(distinct)) for _ in range(voters)]
    else:
        ballots = [one() for _ in range(voters)]
    if ballots and rng.random() < 0.3:
        ballots[0][REMOVED] = 1  # an answer for a removed option is ignored
    return options, ballots, style


def pv_profile(ids: list[int], ballots: list[dict[int, int]]) -> ProfileWithTies:
    clean = [{o: r for o, r in b.items() if o in ids} for b in ballots]
    prof = ProfileWithTies(clean, candidates=ids)
    prof.use_extended_strict_preference()
    return prof


def sorted_ids(xs: Any) -> list[int]:
    return sorted(int(x) for x in xs)


@pytest.mark.parametrize("seed", SEEDS)
def test_ranked_against_pref_voting_and_reference(seed: int) -> None:
    options, ballots, _style = ranked_profile(seed)
    ids = [o.id for o in options]
    clean = [{o: r for o, r in b.items() if o in ids} for b in ballots]
    results = {t: tally("ranked", {"tally": t}, options, ballots) for t in ref_tallies()}
    prof = pv_profile(ids, ballots)
    has_votes = any(clean)

    # --- pairwise: pref-voting supports == ours == reference
    d = [[prof.support(a, b) for b in ids] for a in ids]
    for t in ("schulze", "borda", "copeland"):
        assert results[t]["details"]["pairwise"] == d
    assert ref.pairwise(ids, clean) == d

    # --- Schulze
    sch = results["schulze"]
    expected = ref.schulze(ids, clean)
    assert sch["details"]["strongest_paths"] == expected["strongest_paths"]
    assert sch["ranking"] == expected["ranking"]
    assert [r["wins"] for r in sch["options"]] == expected["wins"]
    if has_votes:
        assert sorted_ids(sch["winners"]) == sorted_ids(
            beat_path(prof, strength_function=prof.support)
        )
    else:
        assert sch["winners"] == []

    # --- Borda
    bor = results["borda"]
    pv_scores = symmetric_borda_scores(prof)
    assert [r["score"] for r in bor["options"]] == [pv_scores[i] for i in ids]
    assert [r["score"] for r in bor["options"]] == ref.borda_scores(ids, clean)
    assert bor["ranking"] == ref.groups_desc(ids, lambda i: pv_scores[i])
    complete = all(sorted(b.values()) == list(range(1, len(ids) + 1)) for b in clean)
    if has_votes and complete:
        pos = {oid: k for k, oid in enumerate(ids)}
        linear = Profile([[pos[o] for o in sorted(ids, key=b.__getitem__)] for b in clean])
        assert sorted_ids(bor["winners"]) == sorted_ids(ids[k] for k in borda(linear))

    # --- Copeland
    cop = results["copeland"]
    pv_cop = prof.copeland_scores()
    assert [r["score"] for r in cop["options"]] == [int(pv_cop[i]) for i in ids]
    assert cop["ranking"] == ref.groups_desc(ids, lambda i: pv_cop[i])
    if has_votes:
        assert sorted_ids(cop["winners"]) == sorted_ids(copeland(prof))

    # --- IRV
    irv = results["irv"]
    exp = ref.irv(ids, clean)
    got_rounds = irv["details"]["rounds"]
    assert len(got_rounds) == len(exp["rounds"])
    for got, want in zip(got_rounds, exp["rounds"], strict=True):
        assert got["eliminated"] == want["eliminated"]
        assert got["counts"] == {str(o): float(c) for o, c in want["counts"].items()}
    assert irv["winners"] == exp["winners"]
    assert irv["ranking"] == exp["ranking"]
    if exp["rounds"]:
        first = exp["rounds"][0]["counts"]
        assert [r["first_round"] for r in irv["options"]] == [float(first[i]) for i in ids]
    if has_votes:
        pv_winners = instant_runoff(prof, score_method="split")
        assert sorted_ids(irv["winners"]) == sorted_ids(pv_winners)
    else:
        assert irv["winners"] == []

    for result in results.values():
        assert sorted(x for g in result["ranking"] for x in g) == sorted(ids)
        assert result["ballot_count"] == len(ballots)


def ref_tallies() -> tuple[str, ...]:
    return ("schulze", "irv", "borda", "copeland")


# ----------------------------------------------------------------------------- choice


@pytest.mark.parametrize("seed", SEEDS)
def test_single_against_pref_voting(seed: int) -> None:
    rng = random.Random(10_000 + seed)
    n, voters = sizes(rng, seed, max_voters=40)
    options = make_options(rng, n)
    ids = [o.id for o in options]
    favourites = ids[: rng.randint(1, n)]  # fewer distinct choices: more ties
    ballots = [{rng.choice(favourites): 1} for _ in range(voters)]
    result = tally("single", {}, options, ballots)
    counts = ref.counts_of_ones(ids, ballots)
    assert [r["count"] for r in result["options"]] == [counts[i] for i in ids]
    shares = [r["share"] for r in result["options"]]
    assert shares == [counts[i] / voters if voters else None for i in ids]
    assert result["ranking"] == ref.groups_desc(ids, lambda i: counts[i])
    if voters:
        prof = ProfileWithTies(ballots, candidates=ids)
        assert prof.plurality_scores() == counts
        assert sorted_ids(result["winners"]) == sorted_ids(plurality(prof))
    else:
        assert result["winners"] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_multiple_against_pref_voting(seed: int) -> None:
    rng = random.Random(20_000 + seed)
    n, voters = sizes(rng, seed, max_voters=40)
    options = make_options(rng, n)
    ids = [o.id for o in options]
    ballots = []
    for _ in range(voters):
        chosen = rng.sample(ids, rng.randint(1, n))
        ballots.append({o: 1 for o in chosen})
    result = tally("multiple", {}, options, ballots)
    counts = ref.counts_of_ones(ids, ballots)
    assert [r["count"] for r in result["options"]] == [counts[i] for i in ids]
    assert result["ranking"] == ref.groups_desc(ids, lambda i: counts[i])
    if voters:
        full = [{o: b.get(o, 0) for o in ids} for b in ballots]
        g = GradeProfile(full, [0, 1], candidates=ids)
        assert [int(g.sum(i)) for i in ids] == [counts[i] for i in ids]
        assert sorted_ids(result["winners"]) == sorted_ids(approval(g))
    else:
        assert result["winners"] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_yesno_schedule_dots_against_references(seed: int) -> None:
    rng = random.Random(30_000 + seed)
    n, voters = sizes(rng, seed, max_voters=30)
    options = make_options(rng, n)
    ids = [o.id for o in options]

    yn = [{o: rng.choice([-1, 0, 1]) for o in ids if rng.random() < 0.9} for _ in range(voters)]
    result = tally("yesno", {}, options, yn)
    exp = ref.yesno(ids, yn)
    for row in result["options"]:
        want = exp["rows"][row["id"]]
        assert {k: row[k] for k in want} == want
    assert result["ranking"] == exp["ranking"]
    assert result["winners"] == exp["winners"]

    sched = [{o: v for o in ids if (v := rng.choice([0, 0, 1, 2]))} for _ in range(voters)]
    result = tally("schedule", {}, options, sched)
    exp = ref.schedule(ids, sched)
    for row in result["options"]:
        assert {k: row[k] for k in ("yes", "maybe", "no")} == exp["rows"][row["id"]]
    assert result["ranking"] == exp["ranking"]
    has_any = any(sched)
    assert result["winners"] == (exp["ranking"][0] if has_any else [])

    budget = rng.choice([1, 3, 10, 100])
    dots = []
    for _ in range(voters):
        left, ballot = rng.randint(1, budget), {}
        while left:
            o, k = rng.choice(ids), rng.randint(1, left)
            ballot[o] = ballot.get(o, 0) + k
            left -= k
        dots.append(ballot)
    result = tally("dots", {"budget": budget}, options, dots)
    exp = ref.dots(ids, dots)
    assert [r["points"] for r in result["options"]] == [exp["points"][i] for i in ids]
    assert result["ranking"] == exp["ranking"]
    assert result["winners"] == (exp["ranking"][0] if voters else [])


# ----------------------------------------------------------------------------- grades


def graded_ballots(
    rng: random.Random, ids: list[int], voters: int, low: int, high: int, late: bool
) -> list[dict[int, int]]:
    narrow = rng.random() < 0.5  # few distinct grades: more ties
    values = list(range(low, high + 1))
    if narrow:
        values = rng.sample(values, min(len(values), 2))
    ballots = [{o: rng.choice(values) for o in ids} for _ in range(voters)]
    if late and ballots:
        # the last option was added late: the earlier ballots have no answer for it
        for b in ballots[: rng.randint(1, len(ballots))]:
            del b[ids[-1]]
    return ballots


@pytest.mark.parametrize("seed", SEEDS)
def test_score_against_pref_voting(seed: int) -> None:
    rng = random.Random(40_000 + seed)
    n, voters = sizes(rng, seed, max_voters=30)
    options = make_options(rng, n)
    ids = [o.id for o in options]
    low = rng.choice([0, 1, -5])
    high = low + rng.choice([1, 2, 5, 10])
    ballots = graded_ballots(rng, ids, voters, low, high, late=seed % 5 == 0)
    result = tally("score", {"scale": {"min": low, "max": high}}, options, ballots)
    exp = ref.score(ids, ballots)
    for row in result["options"]:
        per = exp["per"][row["id"]]
        assert (row["count"], row["sum"]) == (len(per), sum(per))
        m = exp["mean"][row["id"]]
        assert row["mean"] == (float(m) if m is not None else None)
    assert result["ranking"] == exp["ranking"]
    if voters:
        g = GradeProfile(ballots, list(range(low, high + 1)), candidates=ids)
        assert sorted_ids(result["winners"]) == sorted_ids(
            score_voting(g, evaluation_method="mean")
        )
    else:
        assert result["winners"] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_judgment_against_pref_voting_and_reference(seed: int) -> None:
    rng = random.Random(50_000 + seed)
    n, voters = sizes(rng, seed, max_voters=30)
    options = make_options(rng, n)
    ids = [o.id for o in options]
    n_grades = rng.randint(2, 10)
    grades = [f"g{i}" for i in range(n_grades)]
    ballots = graded_ballots(rng, ids, voters, 0, n_grades - 1, late=seed % 5 == 0)
    result = tally("judgment", {"grades": grades}, options, ballots)
    exp = ref.judgment(ids, n_grades, ballots)
    for row in result["options"]:
        assert row["grade_counts"] == exp["counts"][row["id"]]
        assert row["median"] == exp["medians"][row["id"]]
    assert result["ranking"] == exp["ranking"]
    if voters:
        g = GradeProfile(ballots, list(range(n_grades)), candidates=ids)
        for row in result["options"]:
            assert row["median"] == g.median(row["id"])
        winners = set(result["winners"])
        assert winners <= set(score_voting(g, evaluation_method="median"))
        if seed % 5 != 0:  # the gauge argument needs equal numbers of grades
            assert winners <= set(majority_judgement(g))
    else:
        assert result["winners"] == []


# ----------------------------------------------------------------------------- consensus


@pytest.mark.parametrize("seed", SEEDS)
def test_consensus_against_reference(seed: int) -> None:
    rng = random.Random(60_000 + seed)
    n, voters = sizes(rng, seed, max_voters=30)
    options = make_options(rng, n, passive=rng.random() < 0.7)
    ids = [o.id for o in options]
    passive = next((o.id for o in options if o.passive), None)
    values = list(range(11)) if rng.random() < 0.5 else [0, 5, 10]
    skip = rng.choice([0.0, 0.3, 0.8])
    ballots = []
    for _ in range(voters):
        b = {o: rng.choice(values) for o in ids if rng.random() >= skip}
        ballots.append(b or {rng.choice(ids): rng.choice(values)})
    result = tally("consensus", {}, options, ballots)
    exp = ref.consensus(ids, passive, ballots)
    assert result["details"] == {"passive_option": passive}
    for row in result["options"]:
        want = exp["options"][row["id"]]
        for key, value in want.items():
            got = row[key]
            if isinstance(value, Fraction):
                assert got == float(value), key
            else:
                assert got == value, key
        assert row["passive"] == (row["id"] == passive)
    assert result["ranking"] == exp["ranking"]
    assert result["winners"] == exp["winners"]
