"""Ranked ballots: one method, four tallies (Schulze, instant runoff, Borda, Copeland).

A ballot gives ranks 1 (best) upwards; equal ranks tie; options left out rank below all
ranked ones (and tie among themselves). All four tallies start from the dense rank matrix
``R[ballot, option]`` (unranked = :data:`UNRANKED`), held as ``int16`` so that the
pairwise count streams through little memory.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self

import numpy as np
from numpy.typing import NDArray

from groupdecide.problems import FieldError
from groupdecide.voting.base import BallotEntries, OptionInfo, group_best_first, ints, layers
from groupdecide.voting.result import Details, OptionFigures, Result, make_result

from .base import Errors, Method, MethodSettings

__all__ = [
    "RANKED",
    "TALLIES",
    "UNRANKED",
    "IrvDetails",
    "IrvFigures",
    "IrvRound",
    "PairwiseDetails",
    "RankScoreFigures",
    "RankedSettings",
    "SchulzeDetails",
    "SchulzeFigures",
    "irv_rounds",
    "pairwise",
    "rank_matrix",
    "strongest_paths",
]

TALLIES: tuple[str, ...] = ("schulze", "irv", "borda", "copeland")

Grid = tuple[tuple[int, ...], ...]

# The JSON key of the Borda and Copeland figure (the exports name their columns by it).
SCORE_FIGURE = "score"


@dataclass(frozen=True)
class RankedSettings(MethodSettings):
    keys: ClassVar[tuple[str, ...]] = ("tally",)
    tally: str = "schulze"

    def to_json(self) -> dict[str, Any]:
        return {"tally": self.tally}

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> Self:
        return cls(stored.get("tally") or "schulze")


@dataclass(frozen=True)
class SchulzeFigures(OptionFigures):
    wins: int  # options it beats


@dataclass(frozen=True)
class RankScoreFigures(OptionFigures):
    score: int  # Borda: sum of d[X][Y] - d[Y][X]; Copeland: pairwise wins minus losses


@dataclass(frozen=True)
class IrvFigures(OptionFigures):
    first_round: float  # first preferences (tied top ranks split)


@dataclass(frozen=True)
class PairwiseDetails(Details):
    pairwise: Grid  # d[i][j]: ballots ranking option i strictly above j (options order)


@dataclass(frozen=True)
class SchulzeDetails(PairwiseDetails):
    strongest_paths: Grid  # p[i][j], winning votes


@dataclass(frozen=True)
class IrvRound:
    counts: Mapping[int, float]  # option id -> votes this round, for the continuing options
    eliminated: tuple[int, ...]


@dataclass(frozen=True)
class IrvDetails(Details):
    rounds: tuple[IrvRound, ...]


RankedFigures = SchulzeFigures | RankScoreFigures | IrvFigures
RankedDetails = SchulzeDetails | PairwiseDetails | IrvDetails
RankedResult = Result[RankedFigures, RankedDetails]

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


def irv_rounds(ranks: NDArray[np.int16], ids: Sequence[int]) -> tuple[list[IrvRound], list[int]]:
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
    rounds: list[IrvRound] = []
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
        counts = {ids[j]: scaled[j] / scale for j in alive}
        majority = [j for j in alive if 2 * scaled[j] > active * scale]
        if majority:
            rounds.append(IrvRound(counts, ()))
            return rounds, majority
        fewest = min(scaled[j] for j in alive)
        out = [j for j in alive if scaled[j] == fewest]
        if len(out) == len(alive):
            rounds.append(IrvRound(counts, ()))
            return rounds, alive
        rounds.append(IrvRound(counts, tuple(ids[j] for j in out)))
        continuing[out] = False
        hit = np.flatnonzero(top[:, out].any(axis=1))
        if hit.size:
            _add(cnt, top[hit], size[hit], -1)
            new_top, new_size = _tops(ranks[hit], continuing)
            top[hit] = new_top
            size[hit] = new_size
            _add(cnt, new_top, new_size, 1)


def _grid(m: Matrix) -> Grid:
    return tuple(tuple(int(x) for x in row) for row in m.tolist())


def _schulze(
    options: Sequence[OptionInfo], ranks: NDArray[np.int16], counted: int, total: int
) -> RankedResult:
    ids = [o.id for o in options]
    d = pairwise(ranks)
    p = strongest_paths(d)
    beats = p > p.T
    wins = beats.sum(axis=1).tolist()
    rows = [SchulzeFigures(o.id, o.label, int(w)) for o, w in zip(options, wins, strict=True)]
    positions = layers(list(range(len(ids))), lambda x, y: bool(beats[x, y]))
    ranking = [[ids[i] for i in group] for group in positions]
    details = SchulzeDetails(_grid(d), _grid(p))
    return make_result("ranked", total, counted, rows, ranking, details, tally="schulze")


def _scored(
    tally: str,
    options: Sequence[OptionInfo],
    d: Matrix,
    scores: list[int],
    counted: int,
    total: int,
) -> RankedResult:
    ids = [o.id for o in options]
    rows = [RankScoreFigures(o.id, o.label, s) for o, s in zip(options, scores, strict=True)]
    ranking = group_best_first(ids, scores, lambda s: s)
    return make_result(
        "ranked", total, counted, rows, ranking, PairwiseDetails(_grid(d)), tally=tally
    )


def _borda(
    options: Sequence[OptionInfo], ranks: NDArray[np.int16], counted: int, total: int
) -> RankedResult:
    d = pairwise(ranks)
    return _scored("borda", options, d, ints((d - d.T).sum(axis=1)), counted, total)


def _copeland(
    options: Sequence[OptionInfo], ranks: NDArray[np.int16], counted: int, total: int
) -> RankedResult:
    d = pairwise(ranks)
    scores = ints((d > d.T).sum(axis=1) - (d < d.T).sum(axis=1))
    return _scored("copeland", options, d, scores, counted, total)


def _irv(
    options: Sequence[OptionInfo], ranks: NDArray[np.int16], counted: int, total: int
) -> RankedResult:
    ids = [o.id for o in options]
    if counted == 0 or not ids:
        rows = [IrvFigures(o.id, o.label, 0.0) for o in options]
        return make_result(
            "ranked", total, 0, rows, [ids] if ids else [], IrvDetails(()), tally="irv"
        )
    rounds, winner_pos = irv_rounds(ranks, ids)
    first = rounds[0].counts
    rows = [IrvFigures(o.id, o.label, first[o.id]) for o in options]
    winners = [ids[j] for j in winner_pos]
    last = rounds[-1].counts
    taken = set(winners)
    still_in = [oid for oid in ids if oid in last and oid not in taken]
    ranking: list[list[int]] = [winners]
    ranking += group_best_first(still_in, [last[oid] for oid in still_in], lambda c: c)
    for done in reversed(rounds):
        if done.eliminated:
            ranking.append(sorted(done.eliminated, key=ids.index))
    return make_result(
        "ranked",
        total,
        counted,
        rows,
        ranking,
        IrvDetails(tuple(rounds)),
        tally="irv",
        winners=winners,
    )


TallyFunction = Callable[[Sequence[OptionInfo], NDArray[np.int16], int, int], RankedResult]

TALLY_FUNCTIONS: Mapping[str, TallyFunction] = {
    "schulze": _schulze,
    "irv": _irv,
    "borda": _borda,
    "copeland": _copeland,
}


class Ranked(Method[RankedSettings, RankedFigures, RankedDetails]):
    """Ranked ballots: ranks 1 (best) to the number of options, ties allowed, at least one
    option ranked; counted with the decision's ``tally``."""

    key = "ranked"
    position = 60
    name = "Ranked choice"
    settings_type = RankedSettings
    omitted = "unranked"
    hand_counts = "ballots"

    def _parse(self, raw: Mapping[str, Any], errors: Errors) -> RankedSettings:
        tally = raw.get("tally", "schulze")
        if not isinstance(tally, str) or tally not in TALLIES:
            errors["settings.tally"] = FieldError("not_a_tally", choices=TALLIES)
            return RankedSettings()
        return RankedSettings(tally)

    def value_range(self, settings: RankedSettings, n_options: int) -> tuple[int, int]:
        return 1, max(n_options, 1)

    def ballot_problem(
        self, settings: RankedSettings, given: Mapping[int, int]
    ) -> FieldError | None:
        return None if given else FieldError("rank_at_least_one")

    def count(
        self, settings: RankedSettings, options: Sequence[OptionInfo], entries: BallotEntries
    ) -> RankedResult:
        """Count with the settings' tally (schulze, irv, borda or copeland)."""
        function = TALLY_FUNCTIONS.get(settings.tally)
        if function is None:
            raise ValueError(f"unknown tally {settings.tally!r}")
        ranks, counted = rank_matrix(entries)
        return function(options, ranks, counted, entries.ballot_count)


RANKED = Ranked()
