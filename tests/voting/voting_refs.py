"""Small, deliberately naive reference counts (plain loops and Fractions, no numpy).

They follow the contract's wording line by line, so that the package's vectorized code
is checked against a different code path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from functools import cmp_to_key
from typing import Any, TypeVar

Ballot = Mapping[int, int]
T = TypeVar("T")


def groups_desc(ids: Sequence[int], key: Callable[[int], Any]) -> list[list[int]]:
    """Ids grouped by equal key, best (highest) first, ids in given order inside a group."""
    distinct = sorted({key(i) for i in ids}, reverse=True)
    return [[i for i in ids if key(i) == k] for k in distinct]


def layers(ids: Sequence[T], beats: Callable[[T, T], bool]) -> list[list[T]]:
    remaining = list(ids)
    out: list[list[T]] = []
    while remaining:
        layer = [x for x in remaining if not any(beats(y, x) for y in remaining)]
        assert layer, "beats relation has a cycle"
        out.append(layer)
        remaining = [x for x in remaining if x not in layer]
    return out


# ----------------------------------------------------------------------------- consensus


def consensus(ids: Sequence[int], passive: int | None, ballots: Sequence[Ballot]) -> dict[str, Any]:
    per: dict[int, list[int]] = {i: [] for i in ids}
    for b in ballots:
        for oid, value in b.items():
            if oid in per:
                per[oid].append(value)
    mean = {i: Fraction(sum(v), len(v)) if v else None for i, v in per.items()}
    rated = [i for i in ids if mean[i] is not None]
    ranking = groups_desc(rated, lambda i: -mean[i])  # type: ignore[operator]
    unrated = [i for i in ids if mean[i] is None]
    if unrated:
        ranking.append(unrated)
    pm = mean[passive] if passive is not None else None
    options = {}
    for i in ids:
        v = per[i]
        m = mean[i]
        options[i] = {
            "votes": len(v),
            "resistance": sum(v),
            "mean": m,
            "acceptance": 1 - Fraction(sum(v), 10 * len(v)) if v else None,
            "max": max(v) if v else None,
            "histogram": [v.count(g) for g in range(11)],
            "below_passive": m is not None and pm is not None and m < pm,
            "passive_gap": pm - m if m is not None and pm is not None else None,
        }
    winners = ranking[0] if rated else []
    return {"options": options, "ranking": ranking, "winners": winners}


# ----------------------------------------------------------------------------- ranked

INF = math.inf


def rank_of(ballot: Ballot, oid: int) -> float:
    return ballot.get(oid, INF)


def pairwise(ids: Sequence[int], ballots: Sequence[Ballot]) -> list[list[int]]:
    return [[sum(1 for b in ballots if rank_of(b, x) < rank_of(b, y)) for y in ids] for x in ids]


def schulze_paths(d: list[list[int]]) -> list[list[int]]:
    """Strongest paths as in the Wikipedia pseudo-code (winning votes)."""
    n = len(d)
    p = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j and d[i][j] > d[j][i]:
                p[i][j] = d[i][j]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            for k in range(n):
                if i != k and j != k:
                    p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    return p


def schulze(ids: Sequence[int], ballots: Sequence[Ballot]) -> dict[str, Any]:
    d = pairwise(ids, ballots)
    p = schulze_paths(d)
    n = len(ids)
    beats = [[p[x][y] > p[y][x] for y in range(n)] for x in range(n)]
    ranking = [[ids[i] for i in g] for g in layers(range(n), lambda x, y: beats[x][y])]
    return {
        "pairwise": d,
        "strongest_paths": p,
        "wins": [sum(row) for row in beats],
        "ranking": ranking,
    }


def borda_scores(ids: Sequence[int], ballots: Sequence[Ballot]) -> list[int]:
    out = []
    for x in ids:
        s = 0
        for b in ballots:
            s += sum(1 for y in ids if rank_of(b, x) < rank_of(b, y))
            s -= sum(1 for y in ids if rank_of(b, y) < rank_of(b, x))
        out.append(s)
    return out


def copeland_scores(ids: Sequence[int], ballots: Sequence[Ballot]) -> list[int]:
    d = pairwise(ids, ballots)
    n = len(ids)
    return [
        sum(1 for j in range(n) if d[i][j] > d[j][i])
        - sum(1 for j in range(n) if d[i][j] < d[j][i])
        for i in range(n)
    ]


def irv(ids: Sequence[int], ballots: Sequence[Ballot]) -> dict[str, Any]:
    """Instant runoff exactly as the contract words it, with Fractions."""
    continuing = list(ids)
    rounds: list[dict[str, Any]] = []
    eliminated_rounds: list[list[int]] = []
    usable = [b for b in ballots if any(o in ids for o in b)]
    if not usable:
        return {"rounds": [], "winners": [], "ranking": [list(ids)] if ids else []}
    while True:
        counts = {o: Fraction(0) for o in continuing}
        active = 0
        for b in usable:
            ranked = [o for o in continuing if o in b]
            if not ranked:
                continue
            active += 1
            best = min(b[o] for o in ranked)
            top = [o for o in ranked if b[o] == best]
            for o in top:
                counts[o] += Fraction(1, len(top))
        majority = [o for o in continuing if counts[o] * 2 > active]
        if majority:
            rounds.append({"counts": counts, "eliminated": []})
            winners = majority
            break
        fewest = min(counts.values())
        out = [o for o in continuing if counts[o] == fewest]
        if len(out) == len(continuing):
            rounds.append({"counts": counts, "eliminated": []})
            winners = list(continuing)
            break
        rounds.append({"counts": counts, "eliminated": out})
        eliminated_rounds.append(out)
        continuing = [o for o in continuing if o not in out]
    last = rounds[-1]["counts"]
    rest = [o for o in continuing if o not in winners]
    ranking = [winners, *groups_desc(rest, lambda o: last[o])]
    ranking += [r for r in reversed(eliminated_rounds)]
    return {"rounds": rounds, "winners": winners, "ranking": ranking}


# ----------------------------------------------------------------------------- grades


def majority_value_cmp(a: Sequence[int], b: Sequence[int]) -> int:
    """Balinski–Laraki: compare lower medians, removing one median grade from each until
    they differ; a list running out first means a tie. 1 when a is better."""
    a, b = sorted(a), sorted(b)
    while a and b:
        ma, mb = a[(len(a) - 1) // 2], b[(len(b) - 1) // 2]
        if ma != mb:
            return 1 if ma > mb else -1
        a.pop((len(a) - 1) // 2)
        b.pop((len(b) - 1) // 2)
    return 0


def judgment(ids: Sequence[int], n_grades: int, ballots: Sequence[Ballot]) -> dict[str, Any]:
    per = {i: [b[i] for b in ballots if i in b] for i in ids}
    graded = [i for i in ids if per[i]]
    if len({len(per[i]) for i in graded}) <= 1:
        order = sorted(graded, key=cmp_to_key(lambda x, y: -majority_value_cmp(per[x], per[y])))
        ranking: list[list[int]] = []
        for i in order:
            if ranking and majority_value_cmp(per[ranking[-1][0]], per[i]) == 0:
                ranking[-1].append(i)
            else:
                ranking.append([i])
        ranking = [sorted(g, key=list(ids).index) for g in ranking]
    else:
        ranking = layers(graded, lambda x, y: majority_value_cmp(per[x], per[y]) > 0)
    ungraded = [i for i in ids if not per[i]]
    if ungraded:
        ranking.append(ungraded)
    medians = {i: sorted(v)[(len(v) - 1) // 2] if v else None for i, v in per.items()}
    counts = {i: [per[i].count(g) for g in range(n_grades)] for i in ids}
    return {"ranking": ranking, "medians": medians, "counts": counts}


def score(ids: Sequence[int], ballots: Sequence[Ballot]) -> dict[str, Any]:
    per = {i: [b[i] for b in ballots if i in b] for i in ids}
    mean = {i: Fraction(sum(v), len(v)) if v else None for i, v in per.items()}
    scored = [i for i in ids if per[i]]
    ranking = groups_desc(scored, lambda i: mean[i])
    if len(scored) < len(ids):
        ranking.append([i for i in ids if not per[i]])
    return {"per": per, "mean": mean, "ranking": ranking}


# ----------------------------------------------------------------------------- choice


def yesno(ids: Sequence[int], ballots: Sequence[Ballot]) -> dict[str, Any]:
    rows = {}
    for i in ids:
        yes = sum(1 for b in ballots if b.get(i) == 1)
        no = sum(1 for b in ballots if b.get(i) == -1)
        rows[i] = {"yes": yes, "no": no, "abstain": len(ballots) - yes - no, "passed": yes > no}
    ranking = groups_desc(ids, lambda i: rows[i]["yes"] - rows[i]["no"])
    winners = [i for g in ranking for i in g if rows[i]["passed"]]
    return {"rows": rows, "ranking": ranking, "winners": winners}


def schedule(ids: Sequence[int], ballots: Sequence[Ballot]) -> dict[str, Any]:
    rows = {}
    for i in ids:
        yes = sum(1 for b in ballots if b.get(i, 0) == 2)
        maybe = sum(1 for b in ballots if b.get(i, 0) == 1)
        rows[i] = {"yes": yes, "maybe": maybe, "no": len(ballots) - yes - maybe}
    ranking = groups_desc(ids, lambda i: (rows[i]["yes"], rows[i]["maybe"]))
    return {"rows": rows, "ranking": ranking}


def dots(ids: Sequence[int], ballots: Sequence[Ballot]) -> dict[str, Any]:
    points = {i: sum(b.get(i, 0) for b in ballots) for i in ids}
    return {"points": points, "ranking": groups_desc(ids, lambda i: points[i])}


def counts_of_ones(ids: Sequence[int], ballots: Sequence[Ballot]) -> dict[int, int]:
    return {i: sum(1 for b in ballots if b.get(i) == 1) for i in ids}
