"""Finding a date on the web: time slots (a date and a start and end time per row, several
added at once), yes / if need be / no on the ballot, and the words "time slot"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from itertools import zip_longest
from typing import Any

from flask_babel import format_date
from werkzeug.datastructures import MultiDict

from groupdecide import parsing, timeparse
from groupdecide.i18n import gettext as _
from groupdecide.i18n import ngettext
from groupdecide.models import Decision
from groupdecide.services import ballots as ballot_service
from groupdecide.web import charts, why
from groupdecide.web.times import form_zone, slot_text, zone_message, zone_name

from .base import MAX_ROWS, CreateForm, WebMethod

BULK_FIELDS = 4


def slot_label(day: date, start: str, end: str, end_day: str = "") -> str:
    """The label of a time slot, as the organizer typed it (their local time). Pages show the
    slot from its stored instants instead (``web.times.slot_text``); the label is for the API
    and for slots without a time."""
    text = str(format_date(day, "EEE, d MMM y"))
    if start and end and end_day and end_day != day.isoformat():
        other = str(format_date(date.fromisoformat(end_day), "EEE, d MMM y"))
        return f"{text}, {start} – {other}, {end}"
    if start and end:
        return f"{text}, {start}–{end}"
    return f"{text}, {start}" if start else text


def _blank_slot() -> dict[str, str]:
    return {"date": "", "start": "", "end": "", "end_date": ""}


GRID_ROWS_SHOWN = 200


def schedule_grid(decision: Decision, names: bool) -> dict[str, Any]:
    rows = ballot_service.list_ballots(decision)
    anonymous = not names  # numbered rows where names may not stand beside the answers
    return {
        "rows": [
            {
                "name": _("Participant %(num)s", num=i + 1) if anonymous else (b.name or "–"),
                "answers": b.answers or {},
                "named": not anonymous,
            }
            for i, b in enumerate(rows[:GRID_ROWS_SHOWN])
        ],
        "hidden_rows": max(0, len(rows) - GRID_ROWS_SHOWN),
    }


class Schedule(WebMethod):
    key = "schedule"
    explain = staticmethod(why.best_slot)
    has_time_slots = True

    def name(self) -> str:
        return _("Find a date")

    def summary(self) -> str:
        return _("Everyone marks the time slots that suit them: yes, if need be, or no.")

    @property
    def noun(self) -> str:
        return _("Time slot")

    @property
    def noun_plural(self) -> str:
        return _("Time slots")

    def missing_label(self) -> str:
        return _("no")

    def value_label(self, settings: Mapping[str, Any], value: int) -> str:
        return {2: _("yes"), 1: _("if need be"), 0: _("no")}.get(value, str(value))

    def option_messages(self) -> dict[str, Callable[[], str]]:
        return {
            "duplicate_label": lambda: _("This time slot is listed already."),
            "unknown_option": lambda: _(
                "This time slot no longer exists. Reload the page to see the current time slots."
            ),
            "too_few_options": lambda: _("Voting needs at least two time slots."),
            "same_label_as": lambda: _("This time slot is listed twice."),
        }

    def at_most_options(self, num: int) -> str:
        return ngettext(
            "A decision can have at most %(num)s time slot.",
            "A decision can have at most %(num)s time slots.",
            num,
        )

    def blank(self, form: CreateForm) -> None:
        form.slots = [_blank_slot() for _i in range(2)]
        form.values["bulk_dates"] = [""] * BULK_FIELDS
        form.values["bulk_times"] = [""] * BULK_FIELDS
        form.values["bulk_length"] = "60"

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        rows = zip_longest(
            data.getlist("slot_date"),
            data.getlist("slot_start"),
            data.getlist("slot_end"),
            data.getlist("slot_end_date"),
            fillvalue="",
        )
        form.slots = [
            {"date": d.strip(), "start": s.strip(), "end": e.strip(), "end_date": ed.strip()}
            for d, s, e, ed in rows
        ][:MAX_ROWS]
        if not form.slots:
            form.slots = [_blank_slot() for _i in range(2)]
        dates = data.getlist("bulk_date")
        times = data.getlist("bulk_time")
        form.values["bulk_dates"] = (dates + [""] * BULK_FIELDS)[: max(BULK_FIELDS, len(dates))]
        form.values["bulk_times"] = (times + [""] * BULK_FIELDS)[: max(BULK_FIELDS, len(times))]
        form.values["bulk_length"] = data.get("bulk_length", "60")

    def edit(self, data: MultiDict[str, str], form: CreateForm) -> bool:
        if "add_slot" in data:
            if len(form.slots) < MAX_ROWS:
                form.slots.append(_blank_slot())
            form.values["focus"] = f"slot-{len(form.slots) - 1}"
            return True
        if "remove_slot" in data:
            index = parsing.parse_int(data["remove_slot"], lo=0, hi=len(form.slots) - 1)
            if index is not None:
                form.slots.pop(index)
            if not form.slots:
                form.slots.append(_blank_slot())
            return True
        if "add_slots" in data:
            self._add_several(form)
            return True
        return False

    def _add_several(self, form: CreateForm) -> None:
        """Every date with every time (one date and several times, or several dates and one
        time, or both), each lasting the chosen length."""
        dates = [d.strip() for d in form.values.get("bulk_dates", []) if d.strip()]
        times = [t.strip() for t in form.values.get("bulk_times", []) if t.strip()]
        try:
            length = timeparse.parse_minutes(form.values.get("bulk_length"))
        except timeparse.TimeError:
            form.errors["bulk_date"] = _("Choose a length from the list.")
            return
        if not dates:
            form.errors["bulk_date"] = _("Enter at least one date.")
            return
        try:
            days = [timeparse.parse_date(d) for d in dates]
            parsed = [timeparse.parse_clock(t) for t in times]
        except timeparse.TimeError:
            form.errors["bulk_date"] = _("Enter dates and times as the pickers give them.")
            return
        form.slots = [s for s in form.slots if any(s.values())]
        for d, day in zip(dates, days, strict=True):
            for t, p in zip(times, parsed, strict=True) if times else [("", None)]:
                end = end_date = ""
                if p is not None and length > 0:
                    # Wall-clock arithmetic: the end is read in the zone like the start.
                    begin = datetime(day.year, day.month, day.day, p[0], p[1])
                    stop = begin + timedelta(minutes=length)
                    end = stop.strftime("%H:%M")
                    end_date = stop.date().isoformat() if stop.date() != day else ""
                if len(form.slots) < MAX_ROWS:
                    form.slots.append({"date": d, "start": t, "end": end, "end_date": end_date})
        form.values["bulk_dates"] = [""] * BULK_FIELDS
        form.values["bulk_times"] = [""] * BULK_FIELDS
        form.values["focus"] = f"slot-{max(len(form.slots) - 1, 0)}"

    def body(self, form: CreateForm) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        options: list[dict[str, Any]] = []
        form.option_fields = []
        tz, name = form_zone(form.values, form.errors)
        for i, slot in enumerate(form.slots):
            if not any(slot.values()):
                continue
            key = f"slot-{i}"
            try:
                starts, ends = timeparse.slot_times(
                    slot["date"], slot["start"], slot["end"], slot.get("end_date", ""), tz
                )
            except timeparse.TimeError as exc:
                if exc.code == "not_a_date" and not slot["date"]:
                    form.errors[key] = _("Enter a date.")
                else:
                    form.errors[key] = zone_message(exc, name or "")
                continue
            day = date.fromisoformat(slot["date"])
            label = slot_label(day, slot["start"], slot["end"], slot.get("end_date", ""))
            item: dict[str, Any] = {"label": label}
            if starts is not None:
                item["starts_at"] = starts.strftime("%Y-%m-%dT%H:%M:%SZ")
            if ends is not None:
                item["ends_at"] = ends.strftime("%Y-%m-%dT%H:%M:%SZ")
            options.append(item)
            form.option_fields.append(key)
        return options, {}

    def bar(
        self, row: dict[str, Any], settings: dict[str, Any], ballot_count: int, top_points: int
    ) -> None:
        row["value_text"] = _(
            "%(yes)s yes, %(maybe)s if need be", yes=row["yes"], maybe=row["maybe"]
        )
        row["bar"] = charts.stacked_bar(
            [(row["yes"], charts.YES), (row["maybe"], charts.MAYBE), (row["no"], charts.NO)],
            _(
                "%(label)s: %(yes)s yes, %(maybe)s if need be, %(no)s no",
                label=row["label"],
                yes=row["yes"],
                maybe=row["maybe"],
                no=row["no"],
            ),
        )

    def count_for_page(self, decision: Decision, count: dict[str, Any]) -> dict[str, Any]:
        """The count with each time slot named from its instants, in the reader's language and
        the decision's zone (a copy: the count itself is cached for every reader)."""
        zone = zone_name(decision)
        texts = {o.id: slot_text(o, zone) for o in decision.options}
        options = [{**o, "label": texts.get(o["id"], o["label"])} for o in count["options"]]
        return {**count, "options": options}

    def add_results(
        self,
        decision: Decision,
        count: dict[str, Any],
        rows: list[dict[str, Any]],
        ctx: dict[str, Any],
        *,
        names: bool,
    ) -> None:
        ctx["grid"] = schedule_grid(decision, names)


METHOD = Schedule()
