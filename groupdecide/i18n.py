"""Language: the switch (kept in the session); else a customer's space speaks its own language
(the tenant's setting); else, on the default tenant, the browser's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext as _ngettext


def gettext(text: str, /, **params: Any) -> str:
    """Flask-Babel's ``gettext``, typed (Flask-Babel ships no types: it returns Any)."""
    return str(_(text, **params))


def ngettext(one: str, many: str, num: int, /, **params: Any) -> str:
    """Flask-Babel's ``ngettext``, typed."""
    return str(_ngettext(one, many, num, **params))


def select_locale() -> str:
    langs = current_app.config["LANGUAGES"]
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = request.args.get("lang")
    if chosen in langs:
        session["lang"] = chosen
        return str(chosen)
    if session.get("lang") in langs:
        return str(session["lang"])
    tenant = g.get("tenant")
    is_customer = tenant is not None and tenant.slug != current_app.config["DEFAULT_TENANT"]
    if is_customer and tenant.locale in langs:
        return str(tenant.locale)
    best = request.accept_languages.best_match(langs)
    if best:
        return best
    if tenant is not None and tenant.locale in langs:
        return str(tenant.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def default_grade_names() -> list[str]:
    """The default grades of majority judgment, worst first, in the current language (made
    once a request and language: a table of many ballots asks for them again and again)."""
    key = f"_default_grades_{get_locale()}"
    cached: list[str] | None = g.get(key) if has_app_context() else None
    if cached is None:
        cached = [_("Reject"), _("Poor"), _("Fair"), _("Good"), _("Very good"), _("Excellent")]
        if has_app_context():
            setattr(g, key, cached)
    return list(cached)


def grade_names(grades: Iterable[str] | None) -> list[str]:
    """Grades as a page or an export shows them: the contract's default list (stored in
    English, as the API gives it) in the current language; an organizer's own as they are."""
    from .voting.methods.judgment import DEFAULT_GRADES

    shown = list(grades or [])
    return default_grade_names() if tuple(shown) == DEFAULT_GRADES else shown


def init_app(app: Flask) -> None:
    from pathlib import Path

    from .extensions import babel

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
