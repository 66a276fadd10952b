"""The one reader of times, for the web forms and the API alike.

What an organizer types is a wall-clock time in a place (``2027-05-12T18:00`` in
``Europe/Berlin``); what is stored is the instant in UTC, with the decision's IANA zone beside
it so that every page can show the time as it was meant. The conversion goes through
``zoneinfo``, so a time in May entered in December gets May's offset, not today's.

Every reader here raises ``TimeError`` (a ``ValueError``) carrying a ``problems.FieldError``:
a code with parameters, whose English message the API shows in ``fields`` and which the pages
render in their language (``web/problem_text.py``). Nothing here lets an
``OverflowError`` through: years are kept to 1970..9999 before any arithmetic, and times near
either end are refused before an offset could push them out of ``datetime``'s range.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from groupdecide.problems import FieldError

MIN_YEAR = 1970
MAX_YEAR = 9998  # 9999 and an offset (±14 h) can leave datetime's range
MAX_DURATION_MINUTES = 7 * 24 * 60
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}")


class TimeError(ValueError):
    """A time that cannot be read: ``error`` is the field error (``code`` and ``params``, and as
    a ``str`` the API's English wording, also ``reason``)."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.error = FieldError(code, **params)
        super().__init__(str(self.error))
        self.code = code
        self.params = self.error.params
        self.reason = str(self.error)


def _in_range(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise TimeError("year_out_of_range", min=MIN_YEAR, max=MAX_YEAR)


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """The IANA zones offered in the zone selector (regions only, sorted)."""
    regions = sorted(
        z
        for z in available_timezones()
        if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return (*regions, "UTC")


def zone(name: object) -> ZoneInfo:
    """The IANA zone of this name; TimeError for anything else (never a file path)."""
    if not isinstance(name, str) or not _ZONE_NAME.fullmatch(name) or len(name) > 64:
        raise TimeError("not_a_zone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeError("not_a_zone") from None


def zone_or_utc(name: str | None) -> ZoneInfo:
    """The stored zone, or UTC where none is stored or it is no longer known."""
    try:
        return zone(name or "UTC")
    except TimeError:
        return ZoneInfo("UTC")


def parse_instant(value: object) -> datetime | None:
    """An ISO 8601 time with an offset (``Z`` or ``+02:00``), or an aware datetime, as an aware
    UTC time; None for null or empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            raise TimeError("not_a_time") from None
    else:
        raise TimeError("time_not_a_string")
    if dt.tzinfo is None:
        raise TimeError("time_without_offset")
    _in_range(dt.year)
    try:
        return dt.astimezone(UTC)
    except (OverflowError, ValueError):  # an offset that leaves the representable range
        raise TimeError("time_out_of_range") from None


def local_to_utc(naive: datetime, tz: tzinfo) -> datetime:
    """A wall-clock time in ``tz`` as UTC. A time that does not exist there (the hour the
    clocks skip) is refused rather than moved; of a time that exists twice the first is taken."""
    _in_range(naive.year)
    aware = naive.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != naive:
        raise TimeError("time_in_gap")
    return utc


def parse_local(value: str | None, tz: tzinfo) -> datetime | None:
    """A ``datetime-local`` value (``2027-05-12T18:00``) in ``tz`` as UTC; None when empty.
    A value with its own offset is taken as that instant."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > 40:
        raise TimeError("not_a_date_and_time")
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        raise TimeError("not_a_date_and_time") from None
    if naive.tzinfo is not None:
        return parse_instant(naive)
    return local_to_utc(naive, tz)


def parse_date(value: str | None) -> date:
    """A date as the picker gives it (``2027-05-12``)."""
    text = (value or "").strip()
    if len(text) != 10:
        raise TimeError("not_a_date")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise TimeError("not_a_date") from None
    _in_range(day.year)
    return day


def parse_clock(value: str | None) -> tuple[int, int]:
    """A time of day as the picker gives it (``18:00``, seconds allowed) as hours, minutes."""
    text = (value or "").strip()
    if not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", text):
        raise TimeError("not_a_time_of_day")
    hours, minutes = int(text[:2]), int(text[3:5])
    if hours > 23 or minutes > 59:
        raise TimeError("not_a_time_of_day")
    return hours, minutes


def parse_minutes(value: str | None, *, maximum: int = MAX_DURATION_MINUTES) -> int:
    """A duration in whole minutes, 0..``maximum`` (no huge number reaches ``timedelta``)."""
    text = (value or "").strip()
    if not text:
        return 0
    if not re.fullmatch(r"[0-9]{1,6}", text) or int(text) > maximum:
        raise TimeError("minutes_out_of_range", max=maximum)
    return int(text)


def slot_times(
    day: str, start: str, end: str, end_day: str, tz: tzinfo
) -> tuple[datetime | None, datetime | None]:
    """A time slot typed as a date, a start, an end and (across midnight) an end date, as UTC
    instants. An end before the start is refused: a slot past midnight names its end date."""
    first = parse_date(day)
    if not start:
        if end or end_day:
            raise TimeError("slot_needs_start")
        return None, None
    h, m = parse_clock(start)
    starts = local_to_utc(datetime(first.year, first.month, first.day, h, m), tz)
    if not end:
        if end_day:
            raise TimeError("slot_needs_end")
        return starts, None
    last = parse_date(end_day) if end_day else first
    h, m = parse_clock(end)
    ends = local_to_utc(datetime(last.year, last.month, last.day, h, m), tz)
    if ends <= starts:
        raise TimeError("slot_ends_before_start")
    if ends - starts > timedelta(minutes=MAX_DURATION_MINUTES):
        raise TimeError("slot_too_long")
    return starts, ends


def local_input(value: datetime | None, tz: tzinfo) -> str:
    """The value of a ``datetime-local`` input for a stored instant, in ``tz``."""
    if value is None:
        return ""
    return value.astimezone(tz).strftime("%Y-%m-%dT%H:%M")
