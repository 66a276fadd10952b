"""Exports for the organizer: results and ballots as CSV and JSON, and a time slot as iCalendar.

Plain functions over a decision and its count; the web layer adds the headers. CSV is UTF-8
with a byte order mark (spreadsheets then read umlauts right), CRLF line ends, and every text
cell that a spreadsheet would take for a formula (= + - @, tab, carriage return) prefixed with
an apostrophe. Numbers are written as numbers, so a "no" (-1) stays -1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NotRequired, TypedDict

from groupdecide.i18n import grade_names
from groupdecide.models import Decision, Option

from .ballots import list_ballots
from .results import names_shown
from .serialize import (
    BallotJSON,
    OptionSummaryJSON,
    SettingsJSON,
    ballot_json,
    option_summary_json,
    settings_json,
)
from .times import iso, now

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: text that starts like a formula gets a ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return BOM + out.getvalue()


class ExportedDecisionJSON(TypedDict):
    id: str
    title: str
    method: str
    settings: NotRequired[SettingsJSON]
    options: list[OptionSummaryJSON]


class ResultsExportJSON(TypedDict):
    decision: ExportedDecisionJSON
    exported_at: str | None
    results: dict[str, Any]  # the count (voting.result_json), as the API's results answer


class BallotsExportJSON(TypedDict):
    decision: ExportedDecisionJSON
    items: list[BallotJSON]


# ----------------------------------------------------------------------------- results

_SKIP = {"id", "label"}


def result_rows(count: dict[str, Any], grades: Sequence[str] | None = None) -> list[list[Any]]:
    """The count as a table: rank, option id, label, winner, then the method's figures (lists
    such as a histogram or grade counts spread over one column each)."""
    rank_of: dict[int, int] = {}
    rank = 1
    for group in count["ranking"]:
        for oid in group:
            rank_of[oid] = rank
        rank += len(group)
    winners = set(count.get("winners") or [])
    options = count["options"]
    columns: list[str] = []
    for row in options[:1]:
        columns = [k for k in row if k not in _SKIP]
    header: list[Any] = ["rank", "option_id", "label", "winner"]
    for key in columns:
        value = options[0][key]
        if isinstance(value, list):
            if key == "grade_counts" and grades:
                header += [f"grade: {g}" for g in grades]
            else:
                header += [f"{key}_{i}" for i in range(len(value))]
        else:
            header.append(key)
    out: list[list[Any]] = [header]
    for row in sorted(options, key=lambda r: rank_of.get(r["id"], 0)):
        line: list[Any] = [rank_of.get(row["id"]), row["id"], row["label"], row["id"] in winners]
        for key in columns:
            value = row.get(key)
            if key == "median_label" and grades and row.get("median") is not None:
                value = grades[row["median"]]
            line += list(value) if isinstance(value, list) else [value]
        out.append(line)
    return out


def results_csv(decision: Decision, count: dict[str, Any]) -> str:
    """The count as CSV; the default grades (grade columns, median) in the current language."""
    grades = count.get("details", {}).get("grades")
    rows = result_rows(count, grade_names(grades) if grades else None)
    room = count.get("details", {}).get("hand_counts") or []
    if room:  # the room counts the figures include, marked as such below the table
        rows.append([])
        rows.append(["room_count", "hand_count_id", "label", "people"])
        rows += [["room_count", hc["id"], hc["label"], hc["people"]] for hc in room]
    if count.get("quorum_met") is False:
        quorum = count.get("details", {}).get("quorum") or {}
        rows.append([])
        rows.append(["quorum_not_met", quorum.get("ballots"), quorum.get("needed")])
    return to_csv(rows)


def results_json(decision: Decision, count: dict[str, Any]) -> ResultsExportJSON:
    """The decision (id, title, method, settings, options) with its count, as the API gives it."""
    return {
        "decision": {
            "id": decision.id,
            "title": decision.title,
            "method": decision.method,
            "settings": settings_json(decision),
            "options": [option_summary_json(o) for o in decision.options],
        },
        "exported_at": iso(now()),
        "results": count,
    }


# ----------------------------------------------------------------------------- ballots


def ballots_csv(decision: Decision) -> str:
    """One row per ballot, one column per option (its id and label in the header); the raw
    values of the contract's encoding, empty where an option got no answer. No name column
    for an anonymous decision or where ``individual_answers`` is ``nobody``."""
    anonymous = not names_shown(decision, as_admin=True)  # the organizer's view
    options = list(decision.options)
    header: list[Any] = ["ballot_id"] + ([] if anonymous else ["name"])
    header += ["created_at", "updated_at"] + [f"{o.id}: {o.label}" for o in options]
    with_vetoes = decision.rules.vetoes
    if with_vetoes:
        header.append("vetoes")
    rows: list[list[Any]] = [header]
    for b in list_ballots(decision):
        answers = b.answers or {}
        line: list[Any] = [b.id] + ([] if anonymous else [b.name])
        line += [iso(b.created_at), iso(b.updated_at)]
        line += [answers.get(str(o.id)) for o in options]
        if with_vetoes:
            line.append("; ".join(f"{k}: {v}" for k, v in (b.vetoes or {}).items()))
        rows.append(line)
    return to_csv(rows)


def ballots_json(decision: Decision) -> BallotsExportJSON:
    """The ballots as the API lists them (names null when anonymous), with the options."""
    anonymous = not names_shown(decision, as_admin=True)  # the organizer's view
    return {
        "decision": {
            "id": decision.id,
            "title": decision.title,
            "method": decision.method,
            "options": [option_summary_json(o) for o in decision.options],
        },
        "items": [ballot_json(b, anonymous) for b in list_ballots(decision)],
    }


# ----------------------------------------------------------------------------- iCalendar


def ics_text(value: str) -> str:
    """TEXT escaped as RFC 5545 (3.3.11) asks: backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def _ics_time(dt: datetime) -> str:
    return iso(dt).replace("-", "").replace(":", "")  # type: ignore[union-attr]


def slot_ics(
    decision: Decision, option: Option, *, host: str, link: str, stamp: datetime | None = None
) -> str:
    """One time slot as an iCalendar event (UTC times). The caller checks it has a start."""
    assert option.starts_at is not None
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//groupdecide//groupdecide//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{decision.id}-{option.id}@{host}",
        f"DTSTAMP:{_ics_time(stamp or now())}",
        f"DTSTART:{_ics_time(option.starts_at)}",
    ]
    if option.ends_at is not None:
        lines.append(f"DTEND:{_ics_time(option.ends_at)}")
    lines += [
        f"SUMMARY:{ics_text(decision.title)}",
        f"DESCRIPTION:{ics_text(option.label + chr(10) + link)}",
        f"URL:{link}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(ics_fold(line) + "\r\n" for line in lines)
