"""Times on the pages: every stored instant shown in the reader's language and in the
decision's time zone, with the zone named.

Why the decision's zone and not the reader's: a decision's times are appointments the organizer
set in one place ("18:00 in Berlin"); a grid of slots that showed each reader another wall
clock would have people talking past each other about "the 18:00 slot". So the server shows the
zone the organizer meant, names it, and the page script adds the reader's own time as a title
where their zone differs. Pages without a decision use the tenant's zone.

The formatting is Babel's (the locale Flask-Babel chose for the request) with the zone passed
explicitly, since Flask-Babel's own helpers know only one zone per request.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time, get_datetime_format
from flask import g
from flask_babel import get_locale
from flask_babel import gettext as _
from jinja2 import pass_context
from markupsafe import Markup

from groupdecide.tenancy import current_tenant
from groupdecide.timeparse import TimeError, parse_minutes, zone_or_utc
from groupdecide.timeparse import zone as find_zone


def _locale() -> Any:
    return get_locale() or "en"


def tenant_zone_name() -> str:
    tenant = g.get("tenant")
    return (getattr(tenant, "time_zone", None) or "UTC") if tenant is not None else "UTC"


def zone_name(decision: Any = None) -> str:
    """The zone a decision's times are shown in: its own, else the tenant's, else UTC."""
    name = getattr(decision, "time_zone", None) if decision is not None else None
    return zone_or_utc(name or tenant_zone_name()).key


def when(value: datetime, tz: ZoneInfo) -> str:
    """Date and time of an instant in ``tz``, in the page's language (no zone named)."""
    local = value.astimezone(tz)
    locale = _locale()
    pattern = str(get_datetime_format("medium", locale=locale))
    return pattern.replace("{1}", format_date(local, "medium", locale=locale)).replace(
        "{0}", format_time(local, "short", tzinfo=tz, locale=locale)
    )


def time_element(value: datetime | None, zone: str) -> Markup:
    """A ``<time>`` element: the instant in UTC for machines, the text in ``zone`` for people."""
    if value is None:
        return Markup("")
    tz = zone_or_utc(zone)
    iso = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = f"{when(value, tz)} ({tz.key})"
    return Markup('<time class="js-localtime" datetime="{}">{}</time>').format(iso, text)


@pass_context
def fmt_time(ctx: Any, value: datetime | None, zone: str | None = None) -> Markup:
    """A time on a page, in ``zone``, else in the zone of the decision the page is about (the
    tenant's else). Macros pass the zone: they do not see the page's variables."""
    return time_element(value, zone or zone_name(ctx.get("decision")))


def slot_text(option: Any, zone: str) -> str:
    """A time slot as people read it: the weekday, date and times in the page's language and
    the decision's zone, made from the stored instants (the label frozen at creation is kept
    for the API). A slot without a start is shown by its label."""
    starts = getattr(option, "starts_at", None)
    if starts is None:
        return str(option.label)
    tz = zone_or_utc(zone)
    locale = _locale()
    start = starts.astimezone(tz)
    text = f"{format_skeleton('yMMMEd', start, locale=locale)}, " + format_time(
        start, "short", tzinfo=tz, locale=locale
    )
    ends = getattr(option, "ends_at", None)
    if ends is not None:
        end = ends.astimezone(tz)
        if end.date() == start.date():
            text += "–" + format_time(end, "short", tzinfo=tz, locale=locale)
        else:
            text += " – " + format_skeleton("MMMEd", end, locale=locale)
            text += ", " + format_time(end, "short", tzinfo=tz, locale=locale)
    return text


@pass_context
def option_text(ctx: Any, option: Any) -> str:
    """An option's text on a page: a time slot from its instants, any other by its label."""
    from .methods import web_method

    decision = ctx.get("decision")
    if decision is not None and web_method(getattr(decision, "method", None)).has_time_slots:
        return slot_text(option, zone_name(decision))
    return str(option.label)


def zone_choices() -> tuple[str, ...]:
    """The zones of the selector."""
    from groupdecide.timeparse import zone_names

    return zone_names()


def zone_message(exc: TimeError, zone: str = "") -> str:
    """A form's sentence for a time it could not read (``zone``: the zone it was meant in)."""
    from groupdecide.web.problem_text import render

    return render(exc.error, zone=zone)


def form_zone(values: dict[str, Any], errors: dict[str, str]) -> tuple[tzinfo, str | None]:
    """The zone the form's times are meant in: the one chosen (the script picks the browser's),
    else the offset an older page sent, else the tenant's. Also the name to store (None for a
    bare offset). A zone not known is an error beside the selector."""
    name = (values.get("time_zone") or "").strip()
    if name:
        try:
            tz = find_zone(name)
            return tz, tz.key
        except TimeError as exc:
            errors["time_zone"] = zone_message(exc)
            return UTC, None
    offset = (values.get("tz_offset") or "").strip()
    if offset:
        try:
            minutes = parse_minutes(offset.removeprefix("-"), maximum=14 * 60)
        except TimeError:
            errors["closes_at"] = _("Enter a date and a time.")
            return UTC, None
        sign = -1 if offset.startswith("-") else 1  # getTimezoneOffset: UTC minus local
        if minutes % 60 == 0:  # a whole-hour offset is an IANA zone (Etc/GMT signs are POSIX)
            hours = minutes // 60
            tz = find_zone(f"Etc/GMT{'+' if sign > 0 else '-'}{hours}" if hours else "UTC")
            return tz, tz.key
        return timezone(timedelta(minutes=-sign * minutes)), None
    tz = zone_or_utc(current_tenant().time_zone)
    return tz, tz.key
