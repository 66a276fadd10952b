"""Configuration: defaults here, then ``instance/config.py``, then ``GROUPDECIDE_*`` variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask


class Defaults:
    """Every setting with its default. Environment variables override them by name:
    ``GROUPDECIDE_<NAME>`` (values are parsed as JSON where they parse, else kept as strings).
    """

    # The database: SQLite in the instance folder unless GROUPDECIDE_DATABASE_URL says otherwise.
    DATABASE_URL: str | None = None
    SECRET_KEY: str | None = None
    # The tenant that `/` starts decisions in.
    DEFAULT_TENANT = "public"
    # The contract's limits.
    MAX_CONTENT_LENGTH = 256 * 1024
    MAX_FORM_MEMORY_SIZE = 256 * 1024
    TITLE_MAX = 200
    DESCRIPTION_MAX = 10_000
    OPTION_LABEL_MAX = 300
    OPTIONS_MAX = 200
    NAME_MAX = 100
    CONDITIONS_MAX = 10_000
    # i18n
    LANGUAGES = ("en", "de")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    # Rate limits (Flask-Limiter). memory:// is per process; use redis:// with several workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "groupdecide"
    RATELIMIT_CREATE = "30 per hour;300 per day"
    RATELIMIT_BALLOT = "120 per minute"
    RATELIMIT_LOOKUP = "60 per minute"
    # Put ProxyFix in front when behind a reverse proxy: number of proxies to trust.
    PROXY_FIX = 0
    # Sessions and cookies. SECURE_COOKIES (on by default when served over HTTPS behind a proxy:
    # set it) makes cookies Secure and names the session cookie with the __Host- prefix.
    SECURE_COOKIES = False
    SESSION_COOKIE_NAME = "gd_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "http"
    WTF_CSRF_TIME_LIMIT = None
    # OpenAPI (flask-smorest)
    API_TITLE = "groupdecide"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # SQLite busy timeout (milliseconds): how long a writer waits for another.
    SQLITE_BUSY_TIMEOUT_MS = 15_000

    # ---- Accounts, mail, tenants as a product -------------------------------------------------
    # Outgoing mail. With no MAIL_SERVER, mail is written to the log (recipient and subject) and
    # to instance/outbox/ (one .eml file per mail), so a local operator can follow the links.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = True  # STARTTLS on MAIL_PORT
    MAIL_USE_SSL = False  # implicit TLS (port 465); overrides MAIL_USE_TLS
    MAIL_SENDER = "groupdecide <noreply@localhost>"
    MAIL_TIMEOUT = 10
    MAIL_OUTBOX: str | None = None  # folder for the outbox; default instance/outbox
    # Where the service is reached: every link in every mail (and printed by the command line)
    # starts with it (a tenant with its own host name gets that host instead), never with the
    # Host of a request. `make run PORT=...` sets it; set it in production.
    PUBLIC_URL = "http://127.0.0.1:8000"
    # Host names a request may carry besides PUBLIC_URL's host, SERVER_NAME and the tenants'
    # own host names; any other Host answers 400. "*" allows every host (not recommended).
    # The default suits a local `make run`; in production set it to [] (or the proxy's names).
    ALLOWED_HOSTS: tuple[str, ...] = ("localhost", "127.0.0.1", "[::1]")
    # Log-in sessions (server side: logging out or changing the password ends them everywhere).
    LOGIN_SESSION_DAYS = 14
    # Log-in attempts per address and client together (no one can lock the owner out from
    # elsewhere), and per client over all addresses.
    RATELIMIT_LOGIN = "10 per minute;60 per hour"
    RATELIMIT_LOGIN_CLIENT = "30 per minute;300 per hour"
    # Failed log-ins per address from all clients (web/auth/slowdown.py): past this many, each
    # further failed answer waits LOGIN_SLOWDOWN_SECONDS (never a 429, never for the right
    # password), so many clients together cannot guess fast at one account.
    LOGIN_SLOWDOWN_AFTER = "20 per 15 minutes"
    LOGIN_SLOWDOWN_SECONDS = 1.5
    # Reset requests per client, and per address and client together (a stranger cannot use up
    # the owner's own requests).
    RATELIMIT_ACCOUNT_MAIL = "5 per minute;30 per hour"
    RATELIMIT_RESET_ADDRESS = "3 per hour;10 per day"
    # The mailbox: no new reset link is issued or mailed to a user who got this many in the
    # last hour (services/resets.py; silent, the answer is the same for every address).
    RESET_MAILS_PER_HOUR = 3
    # Invitations by mail (services/mail_limits.py): addresses per request, mails per decision
    # in all, per tenant a day, and per client (each address counts one). On the open default
    # tenant: "members" (only a logged-in member may mail invites), "off" or "on".
    MAIL_INVITES_PER_REQUEST = 50
    MAIL_INVITES_PER_DECISION = 300
    MAIL_INVITES_PER_TENANT_DAY = 1000
    RATELIMIT_INVITE_MAILS = "100 per hour;300 per day"
    MAIL_INVITES_OPEN_DEFAULT = "members"
    PASSWORD_MIN = 10
    PASSWORD_MAX = 128
    # One-time links: how long they stay valid.
    RESET_LINK_HOURS = 2
    INVITE_LINK_DAYS = 7
    SETUP_LINK_DAYS = 7
    # Closing an account (services/closing.py): the confirmation link's life, and the days
    # between the confirmation and the deletion (GROUPDECIDE_CLOSE_GRACE_DAYS).
    CLOSE_LINK_HOURS = 48
    CLOSE_GRACE_DAYS = 14
    LOGO_MAX_BYTES = 1024 * 1024
    # Limits of a new tenant (its plan); None is unlimited. The operator changes them per tenant.
    TENANT_MAX_OPEN_DECISIONS: int | None = None
    TENANT_MAX_BALLOTS: int | None = None
    TENANT_MAX_MEMBERS: int | None = None
    # Webhooks (services/webhooks.py): targets on private, loopback, link-local or reserved
    # addresses are refused unless this is true (GROUPDECIDE_WEBHOOKS_ALLOW_PRIVATE=true);
    # webhooks per tenant; the sender's timeout per delivery and its poll interval (seconds).
    WEBHOOKS_ALLOW_PRIVATE = False
    WEBHOOKS_MAX = 10
    WEBHOOKS_TIMEOUT = 5
    WEBHOOKS_POLL_SECONDS = 2
    # How long a worker remembers which host name belongs to which tenant.
    CUSTOM_HOST_CACHE_SECONDS = 30
    # Sign-up (services/signups.py): "off" (the default: /signup answers 404), "open" (the
    # tenant exists once the mailed link is followed) or "approval" (the operator approves in
    # /operator/signups). Sign-up mails to one address a day, how long the link works, and
    # sign-ups per client.
    SIGNUP = "off"
    SIGNUP_MAILS_PER_DAY = 3
    SIGNUP_LINK_DAYS = 2
    RATELIMIT_SIGNUP = "5 per minute;20 per hour"
    # The operator's address: the tenant admin's "ask for another plan" link (mailto:).
    OPERATOR_EMAIL: str | None = None

    # ---- Running it (health.py, metrics.py) ----------------------------------------------------
    # /healthz answers 503 when the oldest due webhook delivery has waited longer than this
    # (seconds): the sender is not running.
    HEALTH_WEBHOOK_LAG_SECONDS = 600
    # /metrics (Prometheus) is off (404) unless this is set; then it needs
    # "Authorization: Bearer <METRICS_TOKEN>".
    METRICS_TOKEN: str | None = None


def load(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill ``app.config``: defaults, instance config, environment, then ``overrides`` (tests)."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("GROUPDECIDE")
    if overrides:
        app.config.update(overrides)
    cfg = app.config
    Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        url = cfg.get("DATABASE_URL") or "sqlite:///" + str(
            Path(app.instance_path) / "groupdecide.sqlite3"
        )
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        cfg["SQLALCHEMY_DATABASE_URI"] = url
    _private_sqlite(str(cfg["SQLALCHEMY_DATABASE_URI"]))
    cfg.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    if cfg.get("SECURE_COOKIES"):
        cfg["SESSION_COOKIE_SECURE"] = True
        cfg["SESSION_COOKIE_NAME"] = "__Host-gd_session"
        cfg["SESSION_COOKIE_PATH"] = "/"
        cfg["SESSION_COOKIE_DOMAIN"] = None
        cfg["PREFERRED_URL_SCHEME"] = "https"
    if not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def private_file(path: Path) -> None:
    """Create ``path`` empty and readable by the owner only (0600) if it is missing, and take
    the group's and others' rights away if it exists: the instance folder holds the database,
    mails with one-time links, exports and the secret key."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)


def _private_sqlite(url: str) -> None:
    """The SQLite file made 0600 before SQLite opens it (its -wal and -shm files then get the
    same rights from SQLite)."""
    if not url.startswith("sqlite"):
        return
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    if name and name != ":memory:" and not name.startswith("file:"):
        path = Path(name)
        if path.parent.is_dir():
            private_file(path)


def _instance_secret(folder: Path) -> str:
    """Read the secret key kept in the instance folder, creating it once (safe for many workers)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            key = path.read_text().strip()
            if key:
                return key
            import time

            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty; delete it to have a new key made") from None
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key
