"""Exports for the organizer: results and ballots as CSV, Excel (.xlsx) and JSON, and a time
slot as iCalendar.

Plain functions over a decision and its count; the web layer adds the headers. CSV is UTF-8
with a byte order mark (spreadsheets then read umlauts right), CRLF line ends, and every text
cell that a spreadsheet would take for a formula (= + - @, tab, carriage return) prefixed with
an apostrophe. Numbers are written as numbers, so a "no" (-1) stays -1.

CSV follows the reader's convention (``CsvStyle``): in English commas, a decimal point and the
column keys; in German semicolons, a decimal comma and German column names, as a German
spreadsheet opens it without an import dialog. Fractions are rounded as on the pages (two
places); the JSON keeps them exact, and the .xlsx keeps them as numbers (shown with two
places).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NotRequired, TypedDict

from flask_babel import get_locale

from groupdecide.i18n import gettext as _
from groupdecide.i18n import grade_names
from groupdecide.models import Decision, Option
from groupdecide.voting.methods.ranked import SCORE_FIGURE

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


@dataclass(frozen=True)
class CsvStyle:
    """How a spreadsheet of the reader's language reads a CSV file."""

    delimiter: str = ","
    decimal: str = "."
    true: str = "true"
    false: str = "false"
    named_columns: bool = False  # column names in the language instead of the keys


ENGLISH = CsvStyle()
GERMAN = CsvStyle(delimiter=";", decimal=",", true="ja", false="nein", named_columns=True)


def csv_style() -> CsvStyle:
    """The convention of the current language (the page the export was asked from)."""
    return GERMAN if str(get_locale() or "en").startswith("de") else ENGLISH


def safe_cell(value: Any, style: CsvStyle = ENGLISH) -> Any:
    """A cell a spreadsheet will not run: text that starts like a formula gets a ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return style.true if value else style.false
    if isinstance(value, float):
        return _fmt(round(value, 2), style)  # two places, as the pages show it
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _fmt(value: float, style: CsvStyle) -> str:
    return f"{value:.2f}".replace(".", style.decimal)


def to_csv(rows: Iterable[Sequence[Any]], style: CsvStyle = ENGLISH) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=style.delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(v, style) for v in row])
    return BOM + out.getvalue()


def to_xlsx(sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> bytes:
    """Sheets of rows as an Excel workbook: numbers stay numbers (fractions shown with two
    places), booleans booleans, text that starts like a formula is stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    cell.data_type = "s"  # never a formula
                elif isinstance(value, float):
                    cell.number_format = "0.00"
                if r == 1:
                    cell.font = bold
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def column_names() -> dict[str, str]:
    """The column keys of the result and ballot tables in words, in the current language
    (the German CSV and the .xlsx)."""
    return {
        "rank": _("Rank"),
        "option_id": _("Option ID"),
        "label": _("Option"),
        "winner": _("Winner"),
        "votes": _("Ratings"),
        "resistance": _("Total resistance"),
        "mean": _("Mean"),
        "acceptance": _("Acceptance"),
        "max": _("Highest resistance"),
        "passive": _("Passive solution"),
        "below_passive": _("Less resistance than the passive solution"),
        "enough_ratings": _("Enough ratings"),
        "vetoes": _("Vetoes"),
        "count": _("Count"),
        "share": _("Share"),
        "yes": _("Yes"),
        "no": _("No"),
        "abstain": _("Abstain"),
        "maybe": _("If need be"),
        "passed": _("Passed"),
        SCORE_FIGURE: _("Score"),
        "sum": _("Sum"),
        "points": _("Points"),
        "median": _("Median grade (index)"),
        "median_label": _("Median grade"),
        "ballot_id": _("Ballot"),
        "name": _("Name"),
        "created_at": _("Cast at"),
        "updated_at": _("Changed at"),
    }


def named_header(header: Sequence[Any]) -> list[Any]:
    """A header of column keys in words: ``histogram_3`` as "Histogram 3", the rest by
    ``column_names``; what has no name (an option's "17: label") stays."""
    names = column_names()
    out: list[Any] = []
    for key in header:
        text = str(key)
        base, _sep, index = text.rpartition("_")
        if text in names:
            out.append(names[text])
        elif base == "histogram" and index.isdigit():
            out.append(_("Resistance %(value)s", value=index))
        elif base and index.isdigit() and base in names:
            out.append(f"{names[base]} {index}")
        elif text.startswith("grade: "):
            out.append(_("Grade: %(grade)s", grade=text[len("grade: ") :]))
        else:
            out.append(text)
    return out


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


def results_table(count: dict[str, Any], named: bool) -> list[list[Any]]:
    """The count as rows (the default grades in the current language); ``named`` puts the
    column names in words. Below the table: the room counts the figures include, and a
    quorum that was not met."""
    grades = count.get("details", {}).get("grades")
    rows = result_rows(count, grade_names(grades) if grades else None)
    if named:
        rows[0] = named_header(rows[0])
    room = count.get("details", {}).get("hand_counts") or []
    if room:  # the room counts the figures include, marked as such below the table
        rows.append([])
        rows.append(["room_count", "hand_count_id", "label", "people"])
        rows += [["room_count", hc["id"], hc["label"], hc["people"]] for hc in room]
    if count.get("quorum_met") is False:
        quorum = count.get("details", {}).get("quorum") or {}
        rows.append([])
        rows.append(["quorum_not_met", quorum.get("ballots"), quorum.get("needed")])
    return rows


def results_csv(decision: Decision, count: dict[str, Any]) -> str:
    """The count as CSV in the reader's convention (``csv_style``)."""
    style = csv_style()
    return to_csv(results_table(count, style.named_columns), style)


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


def ballot_rows(decision: Decision) -> list[list[Any]]:
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
    return rows


def ballots_csv(decision: Decision) -> str:
    """The ballots as CSV in the reader's convention (``csv_style``)."""
    style = csv_style()
    rows = ballot_rows(decision)
    if style.named_columns:
        rows[0] = named_header(rows[0])
    return to_csv(rows, style)


def export_xlsx(decision: Decision, count: dict[str, Any]) -> bytes:
    """Results and ballots as one workbook, column names in the reader's language."""
    ballots = ballot_rows(decision)
    ballots[0] = named_header(ballots[0])
    return to_xlsx([(_("Results"), results_table(count, named=True)), (_("Ballots"), ballots)])


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
