"""Benchmark: groupdecide.voting against pref-voting (or a plain-Python count).

Run from the repository root::

    python bench/bench_voting.py            # the full run (a few minutes on 2 cores)
    python bench/bench_voting.py --quick    # small sizes, a smoke test

Both sides start from the same plain ballots (a list of ``{option_id: value}`` dicts),
so each time includes turning them into whatever the counting code needs: for
pref-voting that is grouping identical ballots (to its advantage) and building the
``Profile`` / ``ProfileWithTies`` / ``GradeProfile``; for us it is the whole count
(``get_method(key).tally()`` and ``result_json()``). Ours is the best of a few runs; the
other side runs once. Where a pref-voting run would take longer than ``--budget``
seconds (predicted from a pilot run on a sample of the ballots, scaled linearly) it is
not run and the prediction is shown, marked ``~``.

The figures are printed and written to bench/results.md and bench/results.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from groupdecide.voting import OptionInfo, get_method, result_json  # noqa: E402

Ballots = list[dict[int, int]]
OUT_DIR = Path(__file__).resolve().parent


# ----------------------------------------------------------------------------- ballots


def make_ballots(kind: str, count: int, n: int, seed: int) -> tuple[list[OptionInfo], Ballots]:
    """Plain ballots for one method family, with some structure so that results differ."""
    rng = np.random.default_rng(seed)
    ids = [100 + 7 * i for i in range(n)]
    options = [OptionInfo(oid, f"Option {i}") for i, oid in enumerate(ids)]
    # a latent "quality" per option and noise per voter make realistic, non-uniform profiles
    quality = rng.normal(0, 1, n)
    utility = quality + rng.normal(0, 1.5, (count, n))
    order = np.argsort(-utility, axis=1)
    if kind in ("ranked-complete", "ranked-truncated"):
        ranks = np.empty_like(order)
        rows = np.arange(count)[:, None]
        ranks[rows, order] = np.arange(1, n + 1)
        ranks_l = ranks.tolist()
        if kind == "ranked-complete":
            return options, [dict(zip(ids, r, strict=True)) for r in ranks_l]
        depth = rng.integers(1, n + 1, count).tolist()
        return options, [
            {oid: r for oid, r in zip(ids, row, strict=True) if r <= k}
            for row, k in zip(ranks_l, depth, strict=True)
        ]
    if kind == "single":
        return options, [{ids[row[0]]: 1} for row in order[:, :1].tolist()]
    if kind == "multiple":
        take = (utility > 0.5).tolist()
        best = order[:, 0].tolist()
        return options, [
            {oid: 1 for oid, t in zip(ids, row, strict=True) if t} or {ids[b]: 1}
            for row, b in zip(take, best, strict=True)
        ]
    if kind == "yesno":
        vals = np.digitize(utility, [-0.5, 0.5]) - 1  # -1, 0, 1
        return options, [dict(zip(ids, r, strict=True)) for r in vals.tolist()]
    if kind == "schedule":
        vals = np.digitize(utility, [0.0, 1.0]).tolist()  # 0, 1, 2; zeros left out
        return options, [{o: v for o, v in zip(ids, r, strict=True) if v} for r in vals]
    if kind in ("score", "judgment"):
        top = 10 if kind == "score" else 5
        vals = np.clip(np.rint(utility * top / 4 + top / 2), 0, top).astype(int)
        return options, [dict(zip(ids, r, strict=True)) for r in vals.tolist()]
    if kind in ("consensus-complete", "consensus-partial"):
        vals = np.clip(np.rint(5 - utility * 2.5), 0, 10).astype(int).tolist()
        if kind == "consensus-complete":
            return options, [dict(zip(ids, r, strict=True)) for r in vals]
        rated = (rng.random((count, n)) < 0.6).tolist()
        return options, [
            {o: v for o, v, keep in zip(ids, r, k, strict=True) if keep} or {ids[0]: r[0]}
            for r, k in zip(vals, rated, strict=True)
        ]
    if kind == "dots":
        ballots = []
        for row in order[:, :3].tolist():
            a = int(rng.integers(4, 8))
            b = int(rng.integers(0, 10 - a))
            c = 10 - a - b
            ballot = {ids[row[0]]: a}
            if b:
                ballot[ids[row[1]]] = b
            if c:
                ballot[ids[row[2]]] = c
            ballots.append(ballot)
        return options, ballots
    raise ValueError(kind)


# ----------------------------------------------------------------------------- other side


def _grouped(ballots: Ballots) -> tuple[list[dict[int, int]], list[int]]:
    """Identical ballots grouped (pref-voting profiles take counts)."""
    counts = Counter(tuple(sorted(b.items())) for b in ballots)
    return [dict(k) for k in counts], list(counts.values())


def pv_linear(ids: list[int], ballots: Ballots) -> Any:
    from pref_voting.profiles import Profile

    pos = {oid: i for i, oid in enumerate(ids)}
    counts = Counter(tuple(pos[o] for o in sorted(b, key=b.__getitem__)) for b in ballots)
    return Profile([list(r) for r in counts], rcounts=list(counts.values()))


def pv_with_ties(ids: list[int], ballots: Ballots) -> Any:
    from pref_voting.profiles_with_ties import ProfileWithTies

    maps, counts = _grouped(ballots)
    prof = ProfileWithTies(maps, rcounts=counts, candidates=ids)
    prof.use_extended_strict_preference()
    return prof


def pv_grades(ids: list[int], ballots: Ballots, grades: list[int], fill: int | None) -> Any:
    from pref_voting.grade_profiles import GradeProfile

    if fill is not None:
        ballots = [{o: b.get(o, fill) for o in ids} for b in ballots]
    maps, counts = _grouped(ballots)
    return GradeProfile(maps, grades, gcounts=counts, candidates=ids)


@dataclass(frozen=True)
class Competitor:
    """The other side of a row: ``prepare`` builds the profile from the plain ballots (timed
    once per data set and shared by the rows that use the same profile), ``count`` finds
    the winners on it. Its time is the sum of the two."""

    label: str
    profile: str
    prepare: Callable[[list[int], Ballots], Any]
    count: Callable[[list[int], Any], list[int]]


def _ranked(method: str, kind: str) -> Competitor:
    from pref_voting.c1_methods import copeland
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.scoring_methods import borda, symmetric_borda_scores

    if kind == "ranked-complete":
        fn = {"schulze": beat_path, "irv": instant_runoff, "borda": borda, "copeland": copeland}
        name = {"schulze": "beat_path", "irv": "instant_runoff"}.get(method, method)
        return Competitor(
            f"pref-voting {name} (Profile)",
            "Profile",
            pv_linear,
            lambda ids, prof: [ids[c] for c in fn[method](prof)],
        )

    def count(ids: list[int], prof: Any) -> list[int]:
        if method == "schulze":
            return list(beat_path(prof, strength_function=prof.support))
        if method == "irv":
            return list(instant_runoff(prof, score_method="split"))
        if method == "copeland":
            return list(copeland(prof))
        scores = symmetric_borda_scores(prof)
        best = max(scores.values())
        return [c for c in ids if scores[c] == best]

    name = {
        "schulze": "beat_path(support)",
        "irv": "instant_runoff(split)",
        "borda": "symmetric_borda_scores",
        "copeland": "copeland",
    }[method]
    return Competitor(
        f"pref-voting {name} (ProfileWithTies)", "ProfileWithTies", pv_with_ties, count
    )


def other_side(method: str, kind: str) -> Competitor:
    """The competitor for one benchmark row."""
    if method in ("schulze", "irv", "borda", "copeland"):
        return _ranked(method, kind)
    if method == "single":
        from pref_voting.profiles_with_ties import ProfileWithTies
        from pref_voting.scoring_methods import plurality

        def prepare(ids: list[int], ballots: Ballots) -> Any:
            maps, counts = _grouped(ballots)
            return ProfileWithTies(maps, rcounts=counts, candidates=ids)

        return Competitor(
            "pref-voting plurality (ProfileWithTies)",
            "plurality",
            prepare,
            lambda ids, prof: list(plurality(prof)),
        )
    if method in ("multiple", "yesno", "score", "judgment"):
        from pref_voting.grade_methods import (
            approval,
            dis_and_approval,
            majority_judgement,
            score_voting,
        )

        grades, fill, fn, name = {
            "multiple": ([0, 1], 0, approval, "approval"),
            "yesno": ([-1, 0, 1], 0, dis_and_approval, "dis_and_approval"),
            "score": (
                list(range(11)),
                None,
                lambda g: score_voting(g, evaluation_method="mean"),
                "score_voting(mean)",
            ),
            "judgment": (list(range(6)), None, majority_judgement, "majority_judgement"),
        }[method]
        return Competitor(
            f"pref-voting {name} (GradeProfile)",
            f"GradeProfile-{method}",
            lambda ids, ballots: pv_grades(ids, ballots, grades, fill),
            lambda ids, prof: list(fn(prof)),
        )
    plain = PLAIN[method]
    return Competitor(
        "plain Python (no pref-voting form)",
        "none",
        lambda ids, ballots: ballots,
        plain,
    )


def plain_consensus(ids: list[int], ballots: Ballots) -> list[int]:
    votes = dict.fromkeys(ids, 0)
    resistance = dict.fromkeys(ids, 0)
    hist = {o: [0] * 11 for o in ids}
    for b in ballots:
        for o, v in b.items():
            if o in votes:
                votes[o] += 1
                resistance[o] += v
                hist[o][v] += 1
    means = {o: resistance[o] / votes[o] for o in ids if votes[o]}
    best = min(means.values())
    return [o for o in ids if o in means and means[o] == best]


def plain_schedule(ids: list[int], ballots: Ballots) -> list[int]:
    yes = dict.fromkeys(ids, 0)
    maybe = dict.fromkeys(ids, 0)
    for b in ballots:
        for o, v in b.items():
            if v == 2:
                yes[o] += 1
            elif v == 1:
                maybe[o] += 1
    best = max((yes[o], maybe[o]) for o in ids)
    return [o for o in ids if (yes[o], maybe[o]) == best]


def plain_dots(ids: list[int], ballots: Ballots) -> list[int]:
    points = dict.fromkeys(ids, 0)
    for b in ballots:
        for o, v in b.items():
            points[o] += v
    best = max(points.values())
    return [o for o in ids if points[o] == best]


PLAIN: dict[str, Callable[[list[int], Ballots], list[int]]] = {
    "consensus": plain_consensus,
    "schedule": plain_schedule,
    "dots": plain_dots,
}

# ----------------------------------------------------------------------------- the run

ROWS: list[tuple[str, str, dict[str, Any]]] = [
    ("schulze", "ranked-complete", {"tally": "schulze"}),
    ("schulze", "ranked-truncated", {"tally": "schulze"}),
    ("irv", "ranked-complete", {"tally": "irv"}),
    ("irv", "ranked-truncated", {"tally": "irv"}),
    ("borda", "ranked-complete", {"tally": "borda"}),
    ("borda", "ranked-truncated", {"tally": "borda"}),
    ("copeland", "ranked-complete", {"tally": "copeland"}),
    ("copeland", "ranked-truncated", {"tally": "copeland"}),
    ("single", "single", {}),
    ("multiple", "multiple", {}),
    ("yesno", "yesno", {}),
    ("schedule", "schedule", {}),
    ("score", "score", {}),
    ("judgment", "judgment", {}),
    ("consensus", "consensus-complete", {}),
    ("consensus", "consensus-partial", {}),
    ("dots", "dots", {}),
]


@dataclass
class Row:
    method: str
    ballots: str
    count: int
    options: int
    ours: float
    ours_first: float
    other: float | None
    other_estimated: bool
    other_name: str
    same_winners: str

    @property
    def ratio(self) -> float | None:
        return self.other / self.ours if self.other is not None and self.ours > 0 else None


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def method_name(method: str) -> str:
    return "ranked" if method in ("schulze", "irv", "borda", "copeland") else method


SAFETY = 1.5  # pilot runs under-predict large pref-voting runs (memory, GC)


Prepared = dict[tuple[str, str, bool], tuple[float, Any]]


def bench_row(
    method: str,
    kind: str,
    settings: dict[str, Any],
    data: tuple[list[OptionInfo], Ballots],
    prepared: Prepared,
    args: argparse.Namespace,
) -> Row:
    options, ballots = data
    ids = [o.id for o in options]
    counter = get_method(method_name(method))
    parsed = counter.parse_settings(settings)

    def count() -> dict[str, Any]:
        # the count and its JSON, as the results endpoint does
        return result_json(counter.tally(parsed, options, ballots))

    first, result = timed(count)
    best = first
    for _ in range(args.repeat - 1):
        seconds, result = timed(count)
        best = min(best, seconds)

    other = other_side(method, kind)

    def prep(sample: Ballots, full: bool) -> tuple[float, Any]:
        key = (kind, other.profile, full)
        if key not in prepared:
            prepared[key] = timed(lambda: other.prepare(ids, sample))
        return prepared[key]

    # Run the other side unless what is still to run is predicted to exceed the budget
    # (a profile already built for an earlier row costs nothing more).
    still_to_run = predicted = 0.0
    if len(ballots) > args.pilot:
        scale = len(ballots) / args.pilot * SAFETY
        pilot_prep, pilot_prof = prep(ballots[: args.pilot], False)
        pilot_count, _ = timed(lambda: other.count(ids, pilot_prof))
        done = prepared.get((kind, other.profile, True))
        prep_cost = pilot_prep * scale if done is None else 0.0
        still_to_run = prep_cost + pilot_count * scale
        predicted = (done[0] if done else prep_cost) + pilot_count * scale
    other_winners: list[int] | None = None
    if still_to_run > args.budget:
        other_time, estimated = predicted, True
    else:
        prep_time, prof = prep(ballots, True)
        count_time, other_winners = timed(lambda: other.count(ids, prof))
        other_time, estimated = prep_time + count_time, False
    same = "—"
    if other_winners is not None:
        # yes/no: our winners are every motion that passed; dis&approval names the best
        # yes-minus-no, which is our first ranking group.
        ours_best = result["ranking"][0] if method == "yesno" else result["winners"]
        same = "yes" if sorted(other_winners) == sorted(ours_best) else "NO"
    return Row(
        method,
        kind,
        len(ballots),
        len(ids),
        best,
        first,
        other_time,
        estimated,
        other.label,
        same,
    )


def run(args: argparse.Namespace, sizes: list[int], widths: list[int]) -> list[Row]:
    rows: list[Row] = []
    for count in sizes:
        for n in widths:
            data: dict[str, tuple[list[OptionInfo], Ballots]] = {}
            prepared: Prepared = {}
            gc.collect()
            for method, kind, settings in ROWS:
                if kind not in data:
                    data[kind] = make_ballots(kind, count, n, seed=count + n)
                row = bench_row(method, kind, settings, data[kind], prepared, args)
                rows.append(row)
                print(format_row(row), flush=True)
    return rows


def fmt_time(seconds: float | None, estimated: bool = False) -> str:
    if seconds is None:
        return "n/a"
    text = f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"
    return "~" + text if estimated else text


def format_row(row: Row) -> str:
    ratio = row.ratio
    mark = "~" if row.other_estimated else ""
    ratio_text = "n/a" if ratio is None else f"{mark}{ratio:.1f}x"
    return (
        f"| {row.method} | {row.ballots} | {row.count:,} x {row.options} "
        f"| {fmt_time(row.ours)} | {fmt_time(row.other, row.other_estimated)} | {ratio_text} "
        f"| {row.other_name} | {row.same_winners} |"
    )


HEADER = (
    "| method | ballots | size (ballots x options) | ours (s) | other (s) | other / ours "
    "| other side | same winners |\n|---|---|---|---:|---:|---:|---|---|"
)


@lru_cache(maxsize=1)
def environment() -> str:
    """Versions and machine, taken once (at the start of the run)."""
    import pref_voting

    return (
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"pref-voting {getattr(pref_voting, '__version__', '?')}, "
        f"{os.cpu_count()} CPUs ({platform.machine()}), "
        f"load average before the run {os.getloadavg()[0]:.1f}"
    )


def write(rows: list[Row], args: argparse.Namespace, total: float) -> None:
    schulze = [r for r in rows if r.method == "schulze" and r.count == 100_000 and r.options == 30]
    lines = [
        "# Counting benchmark: groupdecide.voting vs pref-voting",
        "",
        "Generated by `python bench/bench_voting.py"
        + (" --quick" if args.quick else "")
        + "` (see the docstring there for the method).",
        "",
        f"- Environment: {environment()}",
        f"- Whole run: {total:.0f} s. Ours: best of {args.repeat} runs. Other side: one run;"
        f" `~` = predicted from a {args.pilot:,}-ballot pilot run, not run because it would"
        f" exceed {args.budget:.0f} s.",
        "- Times include turning the plain ballots (list of dicts) into the counting"
        " structures on both sides.",
        '- "same winners" compares winner sets where both were computed. pref-voting\'s'
        " majority judgement breaks median ties with the gauge, ours with the majority"
        " value (as the contract says), so a difference there is expected.",
    ]
    for r in schulze:
        verdict = "met" if r.ours < 1.0 else "NOT met"
        lines.append(
            f'- Goal "Schulze, 100,000 ballots x 30 options, under 1 s" ({r.ballots}): '
            f"{r.ours:.3f} s (first run {r.ours_first:.3f} s), {verdict}."
        )
    slower = [r for r in rows if r.ratio is not None and r.ratio < 1]
    lines.append(
        "- Rows where the other side was faster: "
        + (", ".join(f"{r.method}/{r.ballots}/{r.count}x{r.options}" for r in slower) or "none")
        + "."
    )
    lines += ["", HEADER, *(format_row(r) for r in rows), ""]
    (OUT_DIR / "results.md").write_text("\n".join(lines), encoding="utf-8")
    payload = {
        "environment": environment(),
        "seconds_total": total,
        "rows": [asdict(r) | {"ratio": r.ratio} for r in rows],
    }
    (OUT_DIR / "results.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (smoke test)")
    parser.add_argument("--budget", type=float, default=60.0, help="max seconds per other run")
    parser.add_argument("--pilot", type=int, default=2_000, help="ballots in the pilot run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours per row (best)")
    args = parser.parse_args()
    random.seed(0)
    sizes = [1_000, 2_000] if args.quick else [10_000, 100_000]
    widths = [5, 10] if args.quick else [10, 30]
    if args.quick:
        args.pilot = 500
    print(environment())
    print(HEADER)
    start = time.perf_counter()
    rows = run(args, sizes, widths)
    total = time.perf_counter() - start
    write(rows, args, total)
    print(f"\nwhole run {total:.0f} s; written to {OUT_DIR / 'results.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
