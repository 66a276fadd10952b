"""Counting methods: single choice, approval (multiple), yes/no motions, scheduling, dots."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .base import BallotEntries, OptionInfo, Result, group_best_first, make_result, ratio

__all__ = [
    "tally_dots",
    "tally_multiple",
    "tally_schedule",
    "tally_single",
    "tally_yesno",
]


def _chosen(method: str, options: Sequence[OptionInfo], entries: BallotEntries) -> Result:
    chosen = entries.only(entries.vals == 1)
    counts = chosen.value_counts(1, 1)[:, 0].tolist()
    total = entries.ballot_count
    rows = [
        {"id": o.id, "label": o.label, "count": int(c), "share": ratio(int(c), total)}
        for o, c in zip(options, counts, strict=True)
    ]
    ranking = group_best_first([o.id for o in options], counts, lambda c: c)
    return make_result(method, total, chosen.counted(), rows, ranking, {})


def tally_single(
    settings: Mapping[str, Any], options: Sequence[OptionInfo], entries: BallotEntries
) -> Result:
    """Single choice (plurality): ``count`` and ``share`` of ballots; higher count first."""
    return _chosen("single", options, entries)


def tally_multiple(
    settings: Mapping[str, Any], options: Sequence[OptionInfo], entries: BallotEntries
) -> Result:
    """Approval: ``count`` of approvals and ``share`` of ballots; higher count first."""
    return _chosen("multiple", options, entries)


def tally_yesno(
    settings: Mapping[str, Any], options: Sequence[OptionInfo], entries: BallotEntries
) -> Result:
    """Motions: ``yes``, ``no``, ``abstain`` (missing answers too), ``passed`` (yes > no).

    Ranked by yes minus no; the winners are every option that passed, best first.
    """
    counts = entries.value_counts(-1, 1)
    total = entries.ballot_count
    rows: list[dict[str, Any]] = []
    margins: list[int] = []
    for o, (no, _abstain, yes) in zip(options, counts.tolist(), strict=True):
        rows.append(
            {
                "id": o.id,
                "label": o.label,
                "yes": yes,
                "no": no,
                "abstain": total - yes - no,
                "passed": yes > no,
            }
        )
        margins.append(yes - no)
    ranking = group_best_first([o.id for o in options], margins, lambda m: m)
    passed = {row["id"] for row in rows if row["passed"]}
    winners = [oid for group in ranking for oid in group if oid in passed]
    return make_result("yesno", total, entries.counted(), rows, ranking, {}, winners=winners)


def tally_schedule(
    settings: Mapping[str, Any], options: Sequence[OptionInfo], entries: BallotEntries
) -> Result:
    """Time slots: ``yes``, ``maybe``, ``no`` (missing answers too); more yes, then more maybe."""
    counts = entries.value_counts(1, 2)
    total = entries.ballot_count
    rows: list[dict[str, Any]] = []
    keys: list[tuple[int, int]] = []
    for o, (maybe, yes) in zip(options, counts.tolist(), strict=True):
        rows.append(
            {"id": o.id, "label": o.label, "yes": yes, "maybe": maybe, "no": total - yes - maybe}
        )
        keys.append((yes, maybe))
    ranking = group_best_first([o.id for o in options], keys, lambda k: k)
    counted = entries.within(1, 2).counted()
    return make_result("schedule", total, counted, rows, ranking, {})


def tally_dots(
    settings: Mapping[str, Any], options: Sequence[OptionInfo], entries: BallotEntries
) -> Result:
    """Dot voting: ``points`` per option (sum over ballots); more points first."""
    valid = entries.only(entries.vals > 0)
    points = valid.column_sums().tolist()
    rows = [
        {"id": o.id, "label": o.label, "points": int(p)}
        for o, p in zip(options, points, strict=True)
    ]
    ranking = group_best_first([o.id for o in options], points, lambda p: p)
    return make_result("dots", entries.ballot_count, valid.counted(), rows, ranking, {})
