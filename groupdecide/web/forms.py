"""The create form, read from the request into the API's create body, and the service's field
errors mapped back onto the form's fields.

Common fields (title, texts, phase, visibility, closing time) are read here once; what differs
by method (options, the passive solution, time slots, tallies, limits, scales, grades, budgets)
is read by the method's ``WebMethod`` (``web/methods/<key>.py``), with its own fieldset template
(``methods/<key>/create.html``).

Every check of a value is left to ``services.decisions.create_decision``: the form only turns
the typed text into the create body (numbers into ints where they are numbers) and puts the
service's complaints back beside the fields. Why a reader and not WTForms: see the README.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from groupdecide import timeparse
from groupdecide.timeparse import TimeError, parse_local

from .methods import DEFAULT_METHOD, WEB_METHODS, CreateForm, web_method
from .methods.ranked import tally_names
from .problem_text import field_message
from .times import form_zone, zone_message

__all__ = [
    "DURATIONS",
    "CreateForm",
    "add_participation",
    "blank_form",
    "blank_participation",
    "create_body",
    "edit_rows",
    "map_errors",
    "method_name",
    "method_names",
    "read_form",
    "read_participation",
    "switching",
    "tally_names",
]

DURATIONS = (0, 30, 45, 60, 90, 120, 180, 240)


def method_names() -> dict[str, tuple[str, str]]:
    """Each method's name and a line on what participants do, in the page's language."""
    return {key: (m.name(), m.summary()) for key, m in WEB_METHODS.items()}


def method_name(method: str) -> str:
    """The method's name in the page's language (the key itself for one not known)."""
    m = WEB_METHODS.get(method)
    return m.name() if m is not None else method


COMMON_FLAGS = ("allow_proposals", "anonymous", "receipts")
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


def blank_form(method: str = DEFAULT_METHOD) -> CreateForm:
    """An empty create form, starting from the tenant's defaults for new decisions."""
    from groupdecide.services.limits import tenant_defaults
    from groupdecide.tenancy import current_tenant

    defaults = tenant_defaults(current_tenant())
    form = CreateForm(method=method if method in WEB_METHODS else DEFAULT_METHOD)
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
    web_method(form.method).blank(form)
    return form


def read_form(data: MultiDict[str, str]) -> CreateForm:
    """The create form as sent. An unknown method falls back to consensus with an error."""
    method = data.get("method", DEFAULT_METHOD)
    form = CreateForm(method=method if method in WEB_METHODS else DEFAULT_METHOD)
    if method not in WEB_METHODS:
        form.errors["method"] = _("Choose one of the offered methods.")
    for key in COMMON_KEYS:
        form.values[key] = data.get(key, "")
    for key in COMMON_FLAGS:
        form.values[key] = data.get(key) == "1"
    web_method(form.method).read(data, form)
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
    return web_method(form.method).edit(data, form)


def create_body(form: CreateForm) -> dict[str, Any] | None:
    """The API's create body, or None when the form's own fields are wrong (errors set)."""
    options, specific = web_method(form.method).body(form)
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


def blank_participation() -> dict[str, Any]:
    from groupdecide.tenancy import current_tenant

    return {
        "access": current_tenant().default_access or "link",
        "vetoes": False,
        "voting_starts_at": "",
        "comments": True,
        "notify_email": "",
        "notify_digest": False,
        "quorum": "",
    }


def read_participation(data: MultiDict[str, str]) -> dict[str, Any]:
    """The participation fields of the create form (access, vetoes, comments, notices).
    ``comments_shown`` tells an unticked box from a form that did not show it."""
    return {
        "access": data.get("access", "link"),
        "vetoes": data.get("vetoes") == "1",
        "voting_starts_at": data.get("voting_starts_at", "").strip(),
        "comments": data.get("comments") == "1" if "comments_shown" in data else True,
        "notify_email": data.get("notify_email", "").strip(),
        "notify_digest": data.get("notify_digest") == "1",
        "quorum": data.get("quorum", "").strip(),
    }


def add_participation(
    body: dict[str, Any], form: CreateForm, participation: dict[str, Any]
) -> None:
    """Put the participation settings into the create body (the service checks them)."""
    settings = body["settings"]
    settings["comments"] = participation["comments"]
    settings["access"] = participation["access"]
    method = web_method(form.method)
    if method.has_vetoes:
        settings["vetoes"] = participation["vetoes"]
    if method.has_voting_start and participation["voting_starts_at"]:
        tz, name = form_zone(form.values, form.errors)
        try:
            starts = parse_local(participation["voting_starts_at"], tz)
        except TimeError as exc:
            form.errors["voting_starts_at"] = zone_message(exc, name or "")
        else:
            if starts is not None:
                settings["voting_starts_at"] = starts.strftime("%Y-%m-%dT%H:%M:%SZ")
    if participation.get("quorum"):
        settings["quorum"] = quorum_value(participation["quorum"])
    if participation["notify_email"] or participation["notify_digest"]:
        body["notify"] = {
            "email": participation["notify_email"] or None,
            "digest": participation["notify_digest"],
        }


def quorum_value(text: str) -> Any:
    """The create form's quorum: a number of ballots ("12"), or a share of the invites as a
    percentage ("50%"); what is neither goes to the service as typed, to be named."""
    from groupdecide import parsing

    if text.endswith("%"):
        pct = parsing.parse_int(text[:-1].strip(), lo=-(10**6), hi=10**6)
        return {"share": pct / 100} if pct is not None else text
    number = parsing.parse_int(text, lo=-(10**12), hi=10**12)
    return number if number is not None else text


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
        elif parts[:2] == ["settings", "quorum"]:
            name = "quorum"
        form.errors.setdefault(name, text)
