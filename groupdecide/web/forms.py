"""The create form, read from the request into the API's create body, and the service's field
errors mapped back onto the form's fields.

Common fields (title, texts, phase, visibility, closing time) are read here once; what differs
by method (options, the passive solution, time slots, tallies, limits, scales, grades, budgets)
lives in a ``MethodForm`` in ``METHOD_FORMS``, with its own fieldset template
(``organizer/methods/<key>.html``). Adding a method is adding one class and one template.

Every check of a value is left to ``services.decisions.create_decision``: the form only turns
the typed text into the create body (numbers into ints where they are numbers) and puts the
service's complaints back beside the fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import zip_longest
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from .. import parsing, timeparse
from ..i18n import default_grade_names
from ..services.decision_settings import passive_label
from .helpers import locale_code
from .messages import field_message
from .times import form_zone, zone_message

MAX_ROWS = 200
MAX_GRADES = 10
BULK_FIELDS = 4
DURATIONS = (0, 30, 45, 60, 90, 120, 180, 240)
NUMBER_MAX = 999_999_999  # a typed setting; its own range is checked by the service


def method_names() -> dict[str, tuple[str, str]]:
    """Each method's name and a line on what participants do, in the page's language."""
    return {
        "consensus": (
            _("Systemic consensing"),
            _(
                "Everyone rates the resistance each proposal causes them; the least "
                "resisted proposal wins."
            ),
        ),
        "single": (_("Single choice"), _("Everyone picks one option.")),
        "multiple": (
            _("Multiple choice"),
            _("Everyone ticks every option they approve of (within limits you set)."),
        ),
        "yesno": (_("Yes / no"), _("Each motion is answered with yes, no or abstain.")),
        "schedule": (
            _("Find a date"),
            _("Everyone marks the time slots that suit them: yes, if need be, or no."),
        ),
        "ranked": (
            _("Ranked choice"),
            _(
                "Everyone ranks the options; Schulze, instant runoff, Borda or Copeland "
                "counts them."
            ),
        ),
        "score": (_("Score voting"), _("Everyone gives each option a score on a scale.")),
        "judgment": (
            _("Majority judgment"),
            _("Everyone grades each option; the best median grade wins."),
        ),
        "dots": (_("Dot voting"), _("Everyone spreads a budget of points over the options.")),
    }


def method_name(method: str) -> str:
    """The method's name in the page's language (the key itself for one not known)."""
    return method_names().get(method, (method, ""))[0]


def tally_names() -> dict[str, tuple[str, str]]:
    return {
        "schulze": (
            _("Schulze"),
            _(
                "Compares every pair of options; the option that beats "
                "every other, directly or by a chain, wins."
            ),
        ),
        "irv": (
            _("Instant runoff"),
            _(
                "Counts first preferences, drops the weakest and moves "
                "their votes on, until one has a majority."
            ),
        ),
        "borda": (
            _("Borda"),
            _("Points for every option ranked below, minus every option ranked above."),
        ),
        "copeland": (_("Copeland"), _("Pairwise wins minus pairwise losses.")),
    }


def default_grades() -> list[str]:
    return default_grade_names()


@dataclass
class CreateForm:
    """What the create page shows: the values typed so far and the errors beside the fields."""

    method: str = "consensus"
    values: dict[str, Any] = field(default_factory=dict)
    rows: list[str] = field(default_factory=list)
    slots: list[dict[str, str]] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    # Which form field an entry of the service's ``options`` list came from.
    option_fields: list[str] = field(default_factory=list)

    def error(self, name: str) -> str | None:
        return self.errors.get(name)


def _number(text: str | None) -> Any:
    """A typed number as an int; what is not one stays text, for the service to name."""
    text = (text or "").strip()
    if not text:
        return None
    value = parsing.parse_int(text, lo=-NUMBER_MAX, hi=NUMBER_MAX)
    return text if value is None else value


class MethodForm:
    """The per-method part of the create form."""

    key = ""
    template = ""

    def blank(self, form: CreateForm) -> None:
        """Fill the method's fields of an empty form."""
        form.rows = ["", ""]

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        """Read the method's fields from the request into ``form``."""
        form.rows = [r for r in data.getlist("option")][:MAX_ROWS] or ["", ""]

    def edit(self, data: MultiDict[str, str], form: CreateForm) -> bool:
        """Buttons that change the form itself (rows added or removed) without creating."""
        return _edit_list(data, form.rows, "row", "option", form)

    def body(self, form: CreateForm) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The options and the method's settings for the create body."""
        options: list[dict[str, Any]] = []
        form.option_fields = []
        for i, label in enumerate(form.rows):
            if label.strip():
                options.append({"label": label})
                form.option_fields.append(f"option-{i}")
        return options, self.settings(form)

    def settings(self, form: CreateForm) -> dict[str, Any]:
        return {}


def _edit_list(
    data: MultiDict[str, str],
    rows: list[str],
    what: str,
    prefix: str,
    form: CreateForm,
    limit: int = MAX_ROWS,
) -> bool:
    """``add_<what>`` and ``remove_<what>`` buttons for a list of text rows."""
    if f"add_{what}" in data:
        if len(rows) < limit:
            rows.append("")
        form.values["focus"] = f"{prefix}-{len(rows) - 1}"
        return True
    if f"remove_{what}" in data:
        index = parsing.parse_int(data[f"remove_{what}"], lo=0, hi=len(rows) - 1)
        if index is not None:
            rows.pop(index)
        if not rows:
            rows.append("")
        return True
    return False


class ConsensusForm(MethodForm):
    """Systemic consensing: proposals in rows, and the passive solution with its label."""

    key = "consensus"
    template = "organizer/methods/consensus.html"

    def blank(self, form: CreateForm) -> None:
        form.rows = ["", ""]
        form.values["passive_label"] = passive_label(locale_code())

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        if "passive_label" in data:
            form.values["passive_label"] = data.get("passive_label", "")
        else:  # coming from another method
            form.values["passive_label"] = passive_label(locale_code())

    def body(self, form: CreateForm) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        options, _settings = super().body(form)
        options.append({"label": form.values.get("passive_label", ""), "passive": True})
        form.option_fields.append("passive_label")
        return options, {}


class SimpleForm(MethodForm):
    """Options in rows and no settings: single choice, yes / no motions."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.template = f"organizer/methods/{key}.html"


class MultipleForm(MethodForm):
    key = "multiple"
    template = "organizer/methods/multiple.html"

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.values["min_choices"] = data.get("min_choices", "1")
        form.values["max_choices"] = data.get("max_choices", "")

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.values.update(min_choices="1", max_choices="")

    def settings(self, form: CreateForm) -> dict[str, Any]:
        out: dict[str, Any] = {}
        low = _number(form.values.get("min_choices"))
        if low is not None:
            out["min_choices"] = low
        high = _number(form.values.get("max_choices"))
        if high is not None:
            out["max_choices"] = high
        return out


class RankedForm(MethodForm):
    key = "ranked"
    template = "organizer/methods/ranked.html"

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.values["tally"] = "schulze"

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.values["tally"] = data.get("tally", "schulze")

    def settings(self, form: CreateForm) -> dict[str, Any]:
        return {"tally": form.values.get("tally") or "schulze"}


class ScoreForm(MethodForm):
    key = "score"
    template = "organizer/methods/score.html"

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.values.update(scale_min="0", scale_max="10")

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.values["scale_min"] = data.get("scale_min", "0")
        form.values["scale_max"] = data.get("scale_max", "10")

    def settings(self, form: CreateForm) -> dict[str, Any]:
        return {
            "scale": {
                "min": _number(form.values.get("scale_min")),
                "max": _number(form.values.get("scale_max")),
            }
        }


class JudgmentForm(MethodForm):
    key = "judgment"
    template = "organizer/methods/judgment.html"

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.grades = default_grades()

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.grades = (
            data.getlist("grade")[: MAX_GRADES + 1] if "grade" in data else default_grades()
        )

    def edit(self, data: MultiDict[str, str], form: CreateForm) -> bool:
        return super().edit(data, form) or _edit_list(
            data, form.grades, "grade", "grade", form, limit=MAX_GRADES
        )

    def settings(self, form: CreateForm) -> dict[str, Any]:
        return {"grades": [g.strip() for g in form.grades if g.strip()]}


class DotsForm(MethodForm):
    key = "dots"
    template = "organizer/methods/dots.html"

    def blank(self, form: CreateForm) -> None:
        super().blank(form)
        form.values["budget"] = "10"

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        super().read(data, form)
        form.values["budget"] = data.get("budget", "10")

    def settings(self, form: CreateForm) -> dict[str, Any]:
        budget = _number(form.values.get("budget"))
        return {} if budget is None else {"budget": budget}


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


class ScheduleForm(MethodForm):
    """Time slots: a date and a start (and end) time per row, and several added at once."""

    key = "schedule"
    template = "organizer/methods/schedule.html"

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
                if exc.code == "format" and not slot["date"]:
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


METHOD_FORMS: dict[str, MethodForm] = {
    "consensus": ConsensusForm(),
    "single": SimpleForm("single"),
    "multiple": MultipleForm(),
    "yesno": SimpleForm("yesno"),
    "schedule": ScheduleForm(),
    "ranked": RankedForm(),
    "score": ScoreForm(),
    "judgment": JudgmentForm(),
    "dots": DotsForm(),
}

COMMON_FLAGS = ("allow_proposals", "anonymous")
COMMON_KEYS = (
    "title",
    "description",
    "conditions",
    "start_phase",
    "results",
    "individual_answers",
    "closes_at",
    "tz_offset",
    "time_zone",
)


def blank_form(method: str = "consensus") -> CreateForm:
    """An empty create form, starting from the tenant's defaults for new decisions."""
    from ..services.limits import tenant_defaults
    from ..tenancy import current_tenant

    defaults = tenant_defaults(current_tenant())
    form = CreateForm(method=method if method in METHOD_FORMS else "consensus")
    form.values.update(
        start_phase="voting",
        results=defaults["results"],
        individual_answers="everyone",
        title="",
        description="",
        conditions="",
        closes_at="",
        tz_offset="",
        time_zone=timeparse.zone_or_utc(current_tenant().time_zone).key,
        zone_auto=True,  # a fresh form: the page script picks the browser's zone
        anonymous=defaults["anonymous"],
    )
    METHOD_FORMS[form.method].blank(form)
    return form


def read_form(data: MultiDict[str, str]) -> CreateForm:
    """The create form as sent. An unknown method falls back to consensus with an error."""
    method = data.get("method", "consensus")
    form = CreateForm(method=method if method in METHOD_FORMS else "consensus")
    if method not in METHOD_FORMS:
        form.errors["method"] = _("Choose one of the offered methods.")
    for key in COMMON_KEYS:
        form.values[key] = data.get(key, "")
    for key in COMMON_FLAGS:
        form.values[key] = data.get(key) == "1"
    METHOD_FORMS[form.method].read(data, form)
    return form


def switching(data: MultiDict[str, str], form: CreateForm) -> bool:
    """Whether the organizer asked for another method's fields (the "switch" button, or a
    method chosen without script whose fields were not on the page yet)."""
    if "switch_method" in data:
        return True
    shown = data.get("shown_method")
    return bool(shown) and shown != form.method


def edit_rows(data: MultiDict[str, str], form: CreateForm) -> bool:
    """The buttons that edit the form itself (the page without script): change the rows and
    tell the view to show the form again instead of creating."""
    return METHOD_FORMS[form.method].edit(data, form)


def create_body(form: CreateForm) -> dict[str, Any] | None:
    """The API's create body, or None when the form's own fields are wrong (errors set)."""
    options, specific = METHOD_FORMS[form.method].body(form)
    settings: dict[str, Any] = dict(specific)
    settings["start_phase"] = form.values.get("start_phase") or "voting"
    settings["results"] = form.values.get("results") or "public"
    settings["individual_answers"] = form.values.get("individual_answers") or "everyone"
    for key in COMMON_FLAGS:
        settings[key] = bool(form.values.get(key))
    tz, zone_name = form_zone(form.values, form.errors)
    try:
        closes_at = timeparse.parse_local(form.values.get("closes_at", ""), tz)
    except timeparse.TimeError as exc:
        form.errors["closes_at"] = zone_message(exc, zone_name or "")
        closes_at = None
    if closes_at is not None:
        settings["closes_at"] = closes_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if form.errors:
        return None
    return {
        **({"time_zone": zone_name} if zone_name else {}),
        "title": form.values.get("title", ""),
        "description": form.values.get("description", ""),
        "conditions": form.values.get("conditions", ""),
        "method": form.method,
        "options": options,
        "settings": settings,
    }


def map_errors(form: CreateForm, fields: dict[str, str]) -> None:
    """Put the service's field errors beside the form's fields."""
    for key, message in fields.items():
        text = field_message(message, form.method)
        name = key
        parts = key.split(".")
        if parts[0] == "options" and len(parts) >= 2 and parts[1].isdigit():
            index = int(parts[1])
            name = form.option_fields[index] if index < len(form.option_fields) else "options"
        elif parts[0] == "settings" and len(parts) == 2:
            name = parts[1]
        form.errors.setdefault(name, text)
