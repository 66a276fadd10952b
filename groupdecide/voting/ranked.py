"""Ranked ballots: Schulze, instant runoff (IRV), Borda and Copeland.

A ballot gives ranks 1 (best) upwards; equal ranks tie; options left out rank below all
ranked ones (and tie among themselves). All four tallies start from the dense rank matrix
``R[ballot, option]`` (unranked = :data:`UNRANKED`), held as ``int16`` so that the
pairwise count streams through little memory.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .base import BallotEntries, OptionInfo, Result, group_best_first, ints, layers, make_result

__all__ = [
    "UNRANKED",
    "irv_rounds",
    "pairwise",
    "rank_matrix",
    "strongest_paths",
    "tally_ranked",
]

UNRANKED = 32767
_MAX_RANK = UNRANKED - 1

Matrix = NDArray[np.int64]


def rank_matrix(entries: BallotEntries) -> tuple[NDArray[np.int16], int]:
    """The ``int16`` rank matrix of the counted ballots, and how many ballots were counted.

    Ballots that rank no current option are left out: they take part in no comparison and
    give no first preference.
    """
    valid = entries.within(1, 2**40)
    vals = np.minimum(valid.vals, _MAX_RANK).astype(np.int16)
    if valid.vals.size == 0:
        return np.zeros((0, entries.n_options), dtype=np.int16), 0
    used = np.zeros(entries.ballot_count, dtype=np.bool_)
    used[valid.rows] = True
    counted = int(np.count_nonzero(used))
    row_of = np.cumsum(used, dtype=np.intp) - 1
    n = entries.n_options
    out = np.full(counted * n, UNRANKED, dtype=np.int16)
    out[row_of[valid.rows] * n + valid.cols] = vals
    return out.reshape(counted, n), counted


def pairwise(ranks: NDArray[np.int16]) -> Matrix:
    """``d[i][j]``: how many ballots rank option ``i`` strictly above option ``j``."""
    n = ranks.shape[1]
    d = np.zeros((n, n), dtype=np.int64)
    if ranks.shape[0] == 0 or n == 0:
        return d
    # Options as rows: each comparison then runs over contiguous memory.
    by_option = np.ascontiguousarray(ranks.T)
    for i in range(n):
        d[i] = np.count_nonzero(by_option[i] < by_option, axis=1)
    return d


def strongest_paths(d: Matrix) -> Matrix:
    """Schulze's ``p[i][j]``: the widest path from i to j, a link i->j worth ``d[i][j]`` where
    ``d[i][j] > d[j][i]`` and 0 otherwise (winning votes). The diagonal is 0."""
    p = np.where(d > d.T, d, 0).astype(np.int64)
    n = p.shape[0]
    np.fill_diagonal(p, 0)
    for k in range(n):
        # p[i][j] = max(p[i][j], min(p[i][k], p[k][j])); passing through the diagonal
        # never raises an off-diagonal entry, so it need not be masked.
        np.maximum(p, np.minimum(p[:, k : k + 1], p[k : k + 1, :]), out=p)
    np.fill_diagonal(p, 0)
    return p


def _tops(
    ranks: NDArray[np.int16], continuing: NDArray[np.bool_]
) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
    """Per ballot: which continuing options share its best rank, and how many."""
    masked = np.where(continuing, ranks, UNRANKED)
    best = masked.min(axis=1)
    top = (masked == best[:, None]) & (best < UNRANKED)[:, None]
    return top, top.sum(axis=1).astype(np.intp)


def _add(cnt: Matrix, top: NDArray[np.bool_], size: NDArray[np.intp], sign: int) -> None:
    """``cnt[j, k] += sign`` for every ballot whose top set (of size k) holds option j."""
    n = cnt.shape[0]
    b, j = np.nonzero(top)
    if b.size:
        flat = np.bincount(j * (n + 1) + size[b], minlength=n * (n + 1))
        cnt += sign * flat.reshape(n, n + 1)


def irv_rounds(
    ranks: NDArray[np.int16], ids: Sequence[int]
) -> tuple[list[dict[str, Any]], list[int]]:
    """Run instant runoff; return the rounds (as in the contract) and the winners' positions.

    Per round every counted ballot's vote goes to its best-ranked continuing options, split
    equally when they tie; a ballot with none left is exhausted. An option with a strict
    majority of the round's non-exhausted votes wins; otherwise every option with the
    fewest votes is eliminated; when all continuing options tie, they all win.

    Vote counts are kept exactly as ``cnt[j, k]`` = ballots whose top set has size ``k``
    and holds ``j`` (j's votes are ``sum_k cnt[j, k] / k``); comparisons use integers
    scaled by the lcm of the sizes present, so float rounding never decides a tie.
    Only the ballots whose top set lost an option are recomputed after a round.
    """
    n = ranks.shape[1]
    rounds: list[dict[str, Any]] = []
    continuing = np.ones(n, dtype=np.bool_)
    top, size = _tops(ranks, continuing)
    cnt = np.zeros((n, n + 1), dtype=np.int64)
    _add(cnt, top, size, 1)
    while True:
        alive = np.flatnonzero(continuing).tolist()
        used_sizes = [k for k in range(1, n + 1) if bool(cnt[:, k].any())]
        scale = math.lcm(*used_sizes) if used_sizes else 1
        weights = [scale // k for k in used_sizes]
        scaled = {
            j: sum(int(cnt[j, k]) * w for k, w in zip(used_sizes, weights, strict=True))
            for j in alive
        }
        active = int(np.count_nonzero(size))  # non-exhausted ballots this round
        counts = {str(ids[j]): scaled[j] / scale for j in alive}
        majority = [j for j in alive if 2 * scaled[j] > active * scale]
        if majority:
            rounds.append({"counts": counts, "eliminated": []})
            return rounds, majority
        fewest = min(scaled[j] for j in alive)
        out = [j for j in alive if scaled[j] == fewest]
        if len(out) == len(alive):
            rounds.append({"counts": counts, "eliminated": []})
            return rounds, alive
        rounds.append({"counts": counts, "eliminated": [ids[j] for j in out]})
        continuing[out] = False
        hit = np.flatnonzero(top[:, out].any(axis=1))
        if hit.size:
            _add(cnt, top[hit], size[hit], -1)
            new_top, new_size = _tops(ranks[hit], continuing)
            top[hit] = new_top
            size[hit] = new_size
            _add(cnt, new_top, new_size, 1)


def tally_ranked(
    settings: Mapping[str, Any], options: Sequence[OptionInfo], entries: BallotEntries
) -> Result:
    """Count ranked ballots with the decision's tally (schulze, irv, borda or copeland)."""
    method = str(settings.get("tally") or "schulze")
    ids = [o.id for o in options]
    ranks, counted = rank_matrix(entries)
    total = entries.ballot_count
    if method == "irv":
        return _irv(options, ranks, counted, total)
    d = pairwise(ranks)
    rows: list[dict[str, Any]] = []
    details: dict[str, Any] = {"pairwise": d.tolist()}
    if method == "schulze":
        p = strongest_paths(d)
        beats = p > p.T
        wins = beats.sum(axis=1).tolist()
        rows = [
            {"id": o.id, "label": o.label, "wins": int(w)}
            for o, w in zip(options, wins, strict=True)
        ]
        positions = layers(list(range(len(ids))), lambda x, y: bool(beats[x, y]))
        ranking = [[ids[i] for i in group] for group in positions]
        details["strongest_paths"] = p.tolist()
    elif method in ("borda", "copeland"):
        if method == "borda":
            scores = ints((d - d.T).sum(axis=1))
        else:
            scores = ints((d > d.T).sum(axis=1) - (d < d.T).sum(axis=1))
        rows = [
            {"id": o.id, "label": o.label, "score": s} for o, s in zip(options, scores, strict=True)
        ]
        ranking = group_best_first(ids, scores, lambda s: s)
    else:
        raise ValueError(f"unknown tally {method!r}")
    return make_result("ranked", total, counted, rows, ranking, details, tally=method)


def _irv(
    options: Sequence[OptionInfo], ranks: NDArray[np.int16], counted: int, total: int
) -> Result:
    ids = [o.id for o in options]
    if counted == 0 or not ids:
        rows = [{"id": o.id, "label": o.label, "first_round": 0.0} for o in options]
        return make_result(
            "ranked", total, 0, rows, [ids] if ids else [], {"rounds": []}, tally="irv"
        )
    rounds, winner_pos = irv_rounds(ranks, ids)
    first = rounds[0]["counts"]
    rows = [{"id": o.id, "label": o.label, "first_round": first[str(o.id)]} for o in options]
    winners = [ids[j] for j in winner_pos]
    last = rounds[-1]["counts"]
    taken = set(winners)
    still_in = [oid for oid in ids if str(oid) in last and oid not in taken]
    ranking: list[list[int]] = [winners]
    ranking += group_best_first(still_in, [last[str(oid)] for oid in still_in], lambda c: c)
    for done in reversed(rounds):
        if done["eliminated"]:
            ranking.append(sorted(done["eliminated"], key=ids.index))
    return make_result(
        "ranked", total, counted, rows, ranking, {"rounds": rounds}, tally="irv", winners=winners
    )
