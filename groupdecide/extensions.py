"""Flask extensions, created unbound and bound in ``create_app``."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from flask import Flask, current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from .tenant_session import TenantSession

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base, session_options={"class_": TenantSession})
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def configured_limit(name: str) -> Callable[[], str]:
    """A rate limit read from the configuration when a request comes (``RATELIMIT_*``)."""
    return lambda: str(current_app.config[name])


def warn_memory_limits(app: Flask) -> None:
    """Say loudly at start when several workers keep their rate limits in memory: each worker
    counts on its own, so 4 workers let 4 times the configured log-in attempts through. The
    worker count comes from gunicorn (``gunicorn_conf.on_starting``) or ``WEB_CONCURRENCY``."""
    raw = os.environ.get("GROUPDECIDE_WORKERS") or os.environ.get("WEB_CONCURRENCY") or "1"
    workers = int(raw) if raw.strip().isdigit() else 1
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if workers > 1 and app.config.get("RATELIMIT_ENABLED") and storage.startswith("memory://"):
        logging.getLogger("groupdecide").warning(
            "WARNING: %d workers keep their rate limits in memory (RATELIMIT_STORAGE_URI=%s): "
            "each counts alone, so log-in, reset and invitation limits let %d times as many "
            "requests through. Set GROUPDECIDE_RATELIMIT_STORAGE_URI=redis://... (make run "
            "uses a local Redis when one answers).",
            workers,
            storage,
            workers,
        )
