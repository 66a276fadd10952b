"""Shared pieces of the counting package: option info, errors, ballot conversion, rankings.

Nothing here knows about Flask, the database or HTTP. Every count turns the plain
ballots (``{option_id: value}`` mappings) into flat numpy arrays once
(:func:`ballot_entries`), and each method aggregates from those arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from operator import methodcaller
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from groupdecide.problems import FieldError

__all__ = [
    "AnswerError",
    "BallotEntries",
    "OptionInfo",
    "SettingsError",
    "VotingError",
    "ballot_entries",
    "group_best_first",
    "ints",
    "layers",
    "ratio",
]

IntArray = NDArray[np.int64]

# Stored values are small integers; anything beyond this is treated as garbage and ignored.
_VALUE_LIMIT = 2**40


@dataclass(frozen=True)
class OptionInfo:
    """One option of a decision as the counting code needs it."""

    id: int
    label: str
    passive: bool = False


class VotingError(ValueError):
    """A refused input: ``fields`` maps field paths (``answers.17``) to what is wrong there,
    as a :class:`~groupdecide.problems.FieldError` (a code with parameters that is also its
    English message). ``message`` is an English summary."""

    prefix = "Invalid input"

    def __init__(self, fields: Mapping[str, FieldError], message: str | None = None) -> None:
        self.fields: dict[str, FieldError] = dict(fields)
        self.message = message if message is not None else self._summary()
        super().__init__(self.message)

    def _summary(self) -> str:
        items = list(self.fields.items())
        if len(items) == 1 and items[0][0] in ("answers", "settings", "method"):
            text = items[0][1]
            return text[:1].upper() + text[1:] + "."
        shown = "; ".join(f"{key} {msg}" for key, msg in items[:3])
        more = f" (and {len(items) - 3} more)" if len(items) > 3 else ""
        return f"{self.prefix}: {shown}{more}."


class AnswerError(VotingError):
    """The answers of a ballot break the method's rules."""

    prefix = "Fix these answers"


class SettingsError(VotingError):
    """The method or its settings are not valid."""

    prefix = "Fix these settings"


class _Source:
    """The ballots behind a set of entries; works out each entry's ballot only when asked."""

    __slots__ = ("_rows", "ballots", "plain_dicts")

    def __init__(
        self,
        ballots: Sequence[Mapping[Any, Any]],
        plain_dicts: bool,
        rows: NDArray[np.intp] | None = None,
    ) -> None:
        self.ballots = ballots
        self.plain_dicts = plain_dicts  # every item of every ballot became one entry
        self._rows = rows

    def rows(self) -> NDArray[np.intp]:
        """The ballot of every entry, before any entry was dropped."""
        if self._rows is None:
            count = len(self.ballots)
            lens = np.fromiter(map(len, self.ballots), dtype=np.intp, count=count)
            self._rows = np.repeat(np.arange(count, dtype=np.intp), lens)
        return self._rows

    def non_empty(self) -> int:
        """How many ballots have at least one entry, before any entry was dropped."""
        if self.plain_dicts:
            return len(self.ballots) - self.ballots.count({})  # C speed, no per-item work
        rows = self.rows()
        return int(np.count_nonzero(np.bincount(rows, minlength=1))) if rows.size else 0


@dataclass(frozen=True)
class BallotEntries:
    """All ballots flattened: ballot ``rows[e]`` gave ``vals[e]`` to column ``cols[e]``.

    Columns are positions in the decision's option list; entries for unknown (removed)
    options are already dropped. ``ballot_count`` counts every ballot, empty ones too.
    ``rows`` is worked out on first use: the per-option counts never need it.
    """

    ballot_count: int
    n_options: int
    cols: NDArray[np.intp]
    vals: IntArray
    source: _Source
    index: NDArray[np.intp] | None = None  # positions in the source's entries; None = all

    @cached_property
    def rows(self) -> NDArray[np.intp]:
        """The ballot (position in the ballot list) of every entry."""
        full = self.source.rows()
        return full if self.index is None else full[self.index]

    def only(self, keep: NDArray[np.bool_]) -> BallotEntries:
        """The entries where ``keep`` is true."""
        if bool(keep.all()):
            return self
        index = np.flatnonzero(keep) if self.index is None else self.index[keep]
        return BallotEntries(
            self.ballot_count,
            self.n_options,
            self.cols[keep],
            self.vals[keep],
            self.source,
            index.astype(np.intp, copy=False),
        )

    def within(self, low: int, high: int) -> BallotEntries:
        """The entries whose value lies in ``low..high`` (others are not valid answers)."""
        vals = self.vals
        if vals.size == 0 or (int(vals.min()) >= low and int(vals.max()) <= high):
            return self
        return self.only((vals >= low) & (vals <= high))

    def counted(self) -> int:
        """How many ballots have at least one entry (for a current option)."""
        if self.vals.size == 0:
            return 0
        if self.index is None:
            return self.source.non_empty()
        seen = np.zeros(self.ballot_count, dtype=np.bool_)
        seen[self.rows] = True
        return int(np.count_nonzero(seen))

    def value_counts(self, low: int, high: int) -> IntArray:
        """Matrix ``[n_options, high - low + 1]``: how often each option got each value."""
        width = high - low + 1
        ent = self.within(low, high)
        flat = ent.cols * width + (ent.vals - low)
        counts = np.bincount(flat, minlength=self.n_options * width)
        return counts.astype(np.int64).reshape(self.n_options, width)

    def column_sums(self) -> IntArray:
        """Sum of the values per option."""
        if self.vals.size == 0:
            return np.zeros(self.n_options, dtype=np.int64)
        biggest = int(np.abs(self.vals).max())
        if biggest * self.vals.size < 2**53:
            # float64 weights add integers exactly below 2**53, and bincount is fast
            sums = np.bincount(self.cols, weights=self.vals, minlength=self.n_options)
            return np.rint(sums).astype(np.int64)
        out = np.zeros(self.n_options, dtype=np.int64)
        np.add.at(out, self.cols, self.vals)
        return out

    def matrix(self, fill: int, dtype: type[np.signedinteger[Any]] = np.int64) -> NDArray[Any]:
        """Dense ``[ballot_count, n_options]`` matrix, ``fill`` where a ballot has no entry."""
        out = np.full(self.ballot_count * self.n_options, fill, dtype=dtype)
        out[self.rows * self.n_options + self.cols] = self.vals
        return out.reshape(self.ballot_count, self.n_options)


def _as_int(value: object) -> int | None:
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit() and len(text) < 20:
            return int(text)
    return None


def _entries_slow(
    ballots: Sequence[Mapping[Any, Any]],
) -> tuple[NDArray[np.intp], IntArray, IntArray]:
    """Fallback for ballots with keys or values numpy cannot read directly (e.g. ``"17"``)."""
    rows: list[int] = []
    keys: list[int] = []
    vals: list[int] = []
    for row, ballot in enumerate(ballots):
        for key, value in ballot.items():
            k = _as_int(key)
            v = _as_int(value)
            if k is None or v is None or abs(k) >= 2**62 or abs(v) >= _VALUE_LIMIT:
                continue
            rows.append(row)
            keys.append(k)
            vals.append(v)
    return (
        np.asarray(rows, dtype=np.intp),
        np.asarray(keys, dtype=np.int64),
        np.asarray(vals, dtype=np.int64),
    )


def ballot_entries(
    options: Sequence[OptionInfo], ballots: Iterable[Mapping[int, int]]
) -> BallotEntries:
    """Flatten the ballots into entry arrays, dropping answers for options not in ``options``.

    The fast path reads keys and values with ``np.fromiter`` over the mappings (no
    per-item Python code); mappings with odd keys or values take a slower, forgiving path
    that skips what is not an integer.
    """
    blist = ballots if isinstance(ballots, list) else list(ballots)
    count = len(blist)
    n = len(options)
    if count == 0 or n == 0:
        empty = np.zeros(0, dtype=np.intp)
        return BallotEntries(count, n, empty, np.zeros(0, dtype=np.int64), _Source(blist, False))
    keep: NDArray[np.bool_] | None = None
    try:
        keys = np.fromiter(chain.from_iterable(blist), dtype=np.int64)
        try:  # dict.values (unbound) is quicker than a methodcaller, but takes dicts only
            vals = np.fromiter(
                chain.from_iterable(map(dict.values, blist)), dtype=np.int64, count=keys.size
            )
            source = _Source(blist, plain_dicts=True)
        except TypeError:
            vals = np.fromiter(
                chain.from_iterable(map(methodcaller("values"), blist)),
                dtype=np.int64,
                count=keys.size,
            )
            source = _Source(blist, plain_dicts=False)
        if keys.size and int(np.abs(vals).max()) >= _VALUE_LIMIT:
            keep = np.abs(vals) < _VALUE_LIMIT
    except (TypeError, ValueError, OverflowError):
        rows, keys, vals = _entries_slow(blist)
        source = _Source(blist, plain_dicts=False, rows=rows)
    cols = _columns(np.asarray([o.id for o in options], dtype=np.int64), keys)
    known = cols >= 0
    keep = known if keep is None else keep & known
    entries = BallotEntries(count, n, cols, vals, source)
    return entries.only(keep)


def _columns(ids: IntArray, keys: IntArray) -> NDArray[np.intp]:
    """Position of each key in ``ids``, or -1 for keys that are not there."""
    n = ids.size
    if keys.size == 0:
        return np.zeros(0, dtype=np.intp)
    low = int(ids.min())
    span = int(ids.max()) - low + 1
    if span <= max(4 * n, 1 << 16):
        lut = np.full(span, -1, dtype=np.intp)
        lut[ids - low] = np.arange(n, dtype=np.intp)
        offset = keys - low
        inside = (offset >= 0) & (offset < span)
        if bool(inside.all()):
            return lut[offset]
        cols = np.full(keys.size, -1, dtype=np.intp)
        cols[inside] = lut[offset[inside]]
        return cols
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    pos = np.searchsorted(sorted_ids, keys)
    pos[pos >= n] = 0
    found = sorted_ids[pos] == keys
    return np.where(found, order[pos], -1).astype(np.intp)


K = TypeVar("K")


def group_best_first(
    ids: Sequence[int],
    keys: Sequence[K | None],
    better: Callable[[K], Any],
) -> list[list[int]]:
    """Groups of ids best first: sorted by ``better(key)`` descending, equal keys together.

    Ids whose key is None (nothing to rank them by) come last as one group. Within a
    group ids keep their order in ``ids``.
    """
    scored: list[tuple[Any, int, int]] = []
    unscored: list[int] = []
    for pos, (oid, key) in enumerate(zip(ids, keys, strict=True)):
        if key is None:
            unscored.append(oid)
        else:
            scored.append((better(key), pos, oid))
    # reverse=True keeps equal keys in their original (options) order: the sort is stable
    scored.sort(key=lambda item: item[0], reverse=True)
    groups: list[list[int]] = []
    last: Any = None
    for sort_key, _pos, oid in scored:
        if groups and sort_key == last:
            groups[-1].append(oid)
        else:
            groups.append([oid])
            last = sort_key
    if unscored:
        groups.append(unscored)
    return groups


H = TypeVar("H", bound=Hashable)


def layers(items: Sequence[H], beats: Callable[[H, H], bool]) -> list[list[H]]:
    """Rank by a strict partial order: each layer is every remaining item no remaining item beats.

    ``beats`` must be acyclic (it is for Schulze and majority judgment); should it not be,
    the remaining items form one last group rather than looping forever.
    """
    remaining = list(items)
    out: list[list[H]] = []
    while remaining:
        layer = [x for x in remaining if not any(beats(y, x) for y in remaining if y != x)]
        if not layer:
            out.append(remaining)
            break
        out.append(layer)
        taken = set(layer)
        remaining = [x for x in remaining if x not in taken]
    return out


def ratio(num: int, den: int) -> float | None:
    """``num / den`` as a float, or None when ``den`` is 0."""
    return num / den if den else None


def ints(values: NDArray[Any]) -> list[int]:
    """A numpy vector as a list of Python ints."""
    return [int(v) for v in values.tolist()]
