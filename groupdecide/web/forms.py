"""The create form, read from the request into the API's create body, and the service's field
errors mapped back onto the form's fields.

Common fields (title, texts, phase, visibility, closing time) are read here once; what differs
by method (proposals, the passive solution, later scales, grades, budgets) lives in a
``MethodForm`` in ``METHOD_FORMS``, with its own fieldset template
(``organizer/methods/<key>.html``). Adding a method is adding one class and one template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ..services.decisions import passive_label
from .helpers import locale_code, parse_local_time
from .messages import field_message

MAX_ROWS = 200


@dataclass
class CreateForm:
    """What the create page shows: the values typed so far and the errors beside the fields."""

    method: str = "consensus"
    values: dict[str, Any] = field(default_factory=dict)
    rows: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    # Which form field an entry of the service's ``options`` list came from.
    option_fields: list[str] = field(default_factory=list)

    def error(self, name: str) -> str | None:
        return self.errors.get(name)


class MethodForm:
    """The per-method part of the create form."""

    key = ""
    template = ""

    def blank(self, form: CreateForm) -> None:
        """Fill the method's fields of an empty form."""

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        """Read the method's fields from the request into ``form``."""

    def body(self, form: CreateForm) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The options and the method's settings for the create body."""
        raise NotImplementedError


class ConsensusForm(MethodForm):
    """Systemic consensing: proposals in rows, and the passive solution with its label."""

    key = "consensus"
    template = "organizer/methods/consensus.html"

    def blank(self, form: CreateForm) -> None:
        form.rows = ["", ""]
        form.values["passive_label"] = passive_label(locale_code())

    def read(self, data: MultiDict[str, str], form: CreateForm) -> None:
        form.rows = [r for r in data.getlist("option")][:MAX_ROWS]
        form.values["passive_label"] = data.get("passive_label", "")

    def body(self, form: CreateForm) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        options: list[dict[str, Any]] = []
        form.option_fields = []
        for i, label in enumerate(form.rows):
            if label.strip():
                options.append({"label": label})
                form.option_fields.append(f"option-{i}")
        options.append({"label": form.values.get("passive_label", ""), "passive": True})
        form.option_fields.append("passive_label")
        return options, {}


METHOD_FORMS: dict[str, MethodForm] = {"consensus": ConsensusForm()}

COMMON_FLAGS = ("allow_proposals", "anonymous")


def blank_form(method: str = "consensus") -> CreateForm:
    form = CreateForm(method=method)
    form.values.update(start_phase="voting", results="public", title="", description="",
                       conditions="", closes_at="", tz_offset="")
    METHOD_FORMS[method].blank(form)
    return form


def read_form(data: MultiDict[str, str]) -> CreateForm:
    """The create form as sent. An unknown method falls back to consensus with an error."""
    method = data.get("method", "consensus")
    form = CreateForm(method=method if method in METHOD_FORMS else "consensus")
    if method not in METHOD_FORMS:
        form.errors["method"] = _("Choose one of the offered methods.")
    for key in ("title", "description", "conditions", "start_phase", "results", "closes_at",
                "tz_offset"):
        form.values[key] = data.get(key, "")
    for key in COMMON_FLAGS:
        form.values[key] = data.get(key) == "1"
    METHOD_FORMS[form.method].read(data, form)
    return form


def edit_rows(data: MultiDict[str, str], form: CreateForm) -> bool:
    """The "add row" and "remove row" buttons (the page without script): change the rows and
    tell the view to show the form again instead of creating."""
    if "add_row" in data:
        if len(form.rows) < MAX_ROWS:
            form.rows.append("")
        form.values["focus"] = f"option-{len(form.rows) - 1}"
        return True
    if "remove_row" in data:
        try:
            index = int(data["remove_row"])
        except ValueError:
            return True
        if 0 <= index < len(form.rows):
            form.rows.pop(index)
        if not form.rows:
            form.rows.append("")
        return True
    return False


def create_body(form: CreateForm) -> dict[str, Any] | None:
    """The API's create body, or None when the form's own fields are wrong (errors set)."""
    options, specific = METHOD_FORMS[form.method].body(form)
    settings: dict[str, Any] = dict(specific)
    settings["start_phase"] = form.values.get("start_phase") or "voting"
    settings["results"] = form.values.get("results") or "public"
    for key in COMMON_FLAGS:
        settings[key] = bool(form.values.get(key))
    try:
        closes_at = parse_local_time(form.values.get("closes_at", ""),
                                     form.values.get("tz_offset"))
    except ValueError:
        form.errors["closes_at"] = _("Enter a date and a time.")
        closes_at = None
    if closes_at is not None:
        settings["closes_at"] = closes_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if form.errors:
        return None
    return {
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
        text = field_message(message)
        name = key
        parts = key.split(".")
        if parts[0] == "options" and len(parts) >= 2 and parts[1].isdigit():
            index = int(parts[1])
            name = form.option_fields[index] if index < len(form.option_fields) else "options"
        elif parts[0] == "settings" and len(parts) == 2:
            name = parts[1]
        form.errors.setdefault(name, text)
