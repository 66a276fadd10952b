"""groupdecide: group decisions by link. ``create_app`` is the application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def _site_folder(name: str) -> str:
    """``templates``/``static``: inside the package where a wheel put them, else the checkout's."""
    packaged = HERE / name
    return str(packaged if packaged.is_dir() else ROOT / name)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, the tenant choke point, blueprints."""
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get(
        "GROUPDECIDE_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path or ROOT / "instance").resolve()),
        instance_relative_config=True,
        template_folder=_site_folder("templates"),
        static_folder=_site_folder("static"),
    )
    from . import config as config_mod

    config_mod.load(app, config)
    from .catalogs import ensure_compiled

    ensure_compiled(Path(app.root_path) / "translations")

    from . import database, errors, i18n, links, security_headers, tenancy
    from .extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    from . import static_gzip

    static_gzip.init_app(app)
    from .extensions import warn_memory_limits

    warn_memory_limits(app)
    i18n.init_app(app)
    tenancy.init_app(app)
    links.init_app(app)
    from .services import mail_limits

    mail_limits.init_app(app)
    errors.init_app(app)
    database.init_app(app)
    security_headers.init_app(app)
    from . import health, metrics

    health.init_app(app)
    metrics.init_app(app)

    from .api import init_app as init_api
    from .web import init_app as init_web

    init_web(app)
    init_api(app)

    from .cli import init_app as init_cli

    init_cli(app)
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    return app
