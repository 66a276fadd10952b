"""Language: the switch (kept in the session), else the browser's language, else the tenant's."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request, session


def select_locale() -> str:
    langs = current_app.config["LANGUAGES"]
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = request.args.get("lang")
    if chosen in langs:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in langs:
        return str(session["lang"])
    best = request.accept_languages.best_match(langs)
    if best:
        return best
    tenant = g.get("tenant")
    if tenant is not None and tenant.locale in langs:
        return str(tenant.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    from pathlib import Path

    from .extensions import babel

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
