"""The functions every page calls (Jinja globals): the language switch, number and time
formats, Markdown, the scale."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, request
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _

from groupdecide.i18n import grade_names

from .markup import render_markdown

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}


def resistance_names() -> list[str]:
    """A name for each resistance value 0..10, in the page's language (made once a request:
    a table of 500 ballots asks for them thousands of times)."""
    cached: list[str] | None = g.get("_resistance_names")
    if cached is None:
        cached = g._resistance_names = _resistance_names()
    return cached


def _resistance_names() -> list[str]:
    return [
        _("no resistance"),
        _("hardly any resistance"),
        _("slight resistance"),
        _("some resistance"),
        _("moderate resistance"),
        _("considerable resistance"),
        _("strong resistance"),
        _("very strong resistance"),
        _("heavy resistance"),
        _("almost unbearable"),
        _("maximal resistance: I could not bear it"),
    ]


def phase_names(method: str | None) -> list[tuple[str, str]]:
    """The phases of a decision in its method's words (``WebMethod.phase_names``)."""
    from .methods import web_method

    return web_method(method).phase_names()


def locale_code() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])[:2]


def language_links() -> list[dict[str, Any]]:
    """One link per other language: the same page with ``?lang=``."""
    current = locale_code()
    links = []
    for code in current_app.config["LANGUAGES"]:
        if code == current:
            continue
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
        args.append(("lang", code))
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": request.path + "?" + urlencode(args),
            }
        )
    return links


def fmt_number(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return str(format_decimal(value, format=pattern))


def fmt_percent(value: float | None) -> str:
    if value is None:
        return "–"
    return str(format_percent(value))


def is_past(value: datetime | None) -> bool:
    return value is not None and value <= datetime.now(UTC)


def tenant_name() -> str | None:
    tenant = g.get("tenant")
    return tenant.name if tenant is not None else None


def init_app(app: Flask) -> None:
    from . import times
    from .forms import method_name
    from .methods import web_method
    from .public.ballot import answer_label

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals.update(
        language_links=language_links,
        locale_code=locale_code,
        fmt_number=fmt_number,
        fmt_percent=fmt_percent,
        fmt_time=times.fmt_time,
        option_text=times.option_text,
        slot_text=times.slot_text,
        time_zone_of=times.zone_name,
        zone_choices=times.zone_choices,
        is_past=is_past,
        resistance_names=resistance_names,
        tenant_name=tenant_name,
        answer_label=answer_label,
        method_name=method_name,
        web_method=web_method,
        phase_names=phase_names,
        grade_names=grade_names,
    )
