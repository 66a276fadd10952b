"""The domain errors that services raise, and the one place that turns any error into an
HTML page or the API's JSON envelope."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    """An error a client can act on. ``fields`` names the fields at fault."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})


class BadRequest(DomainError):
    status, code = 400, "bad_request"


class ValidationFailed(DomainError):
    status, code = 422, "validation_failed"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class ResultsHidden(DomainError):
    status, code = 403, "results_hidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


def not_found() -> NotFound:
    """The one 404 for an unknown tenant, an unknown decision and another tenant's decision:
    identical, so that a 404 tells nothing about what exists elsewhere."""
    return NotFound(_http_message(404))


HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
}


def wants_json() -> bool:
    """API paths answer JSON; everything else HTML."""
    path = request.path
    return "/api/" in path or path.startswith("/api")


def json_error(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    resp = jsonify({"error": body})
    resp.status_code = status
    return resp


def _http_message(status: int) -> str:
    return {
        400: _("The request could not be understood."),
        401: _("A valid token is needed for this."),
        403: _("This is not allowed."),
        404: _("There is nothing here. The link may be mistyped, or the decision was deleted."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with the current state."),
        413: _("The request is too large."),
        415: _("Send the body as JSON (Content-Type: application/json)."),
        429: _("Too many requests. Please wait a moment and try again."),
    }.get(status, _("Something went wrong."))


def handle_http_exception(error: HTTPException) -> Response | tuple[str, int]:
    """Any werkzeug HTTP error, as JSON for the API and as a page elsewhere."""
    status = error.code or 500
    if status >= 500:
        return handle_server_error(error)
    if wants_json():
        data = getattr(error, "data", None) or {}
        message = data.get("message") if isinstance(data, dict) else None
        code = HTTP_CODES.get(status, "bad_request")
        resp = json_error(status, code, message or _http_message(status), None)
        if status == 429 and error.get_response().headers.get("Retry-After"):
            resp.headers["Retry-After"] = error.get_response().headers["Retry-After"]
        if status == 405:
            resp.headers["Allow"] = error.get_response().headers.get("Allow", "")
        return resp
    resp = Response(
        render_template("errors/error.html", status=status, message=_http_message(status)),
        status=status,
    )
    if status == 429 and error.get_response().headers.get("Retry-After"):
        resp.headers["Retry-After"] = error.get_response().headers["Retry-After"]
    return resp


def handle_domain_error(error: DomainError) -> Response:
    if wants_json():
        return json_error(error.status, error.code, error.message, error.fields)
    return Response(
        render_template("errors/error.html", status=error.status, message=error.message),
        status=error.status,
    )


# What SQLite and PostgreSQL say when nothing can be written: a read-only file or database,
# a full disk. Not the client's fault and not a bug: the service is unavailable until the
# operator acts, and the client may try again.
_NO_WRITE_MESSAGES = (
    "readonly database",
    "read-only",
    "database or disk is full",
    "disk is full",
    "no space left on device",
    "could not extend file",
)
_NO_WRITE_SQLSTATES = {"25006", "53100"}  # read_only_sql_transaction, disk_full


def cannot_write(error: BaseException) -> bool:
    """The error (or what it wraps) says the database cannot be written to."""
    seen: BaseException | None = getattr(error, "original_exception", None) or error
    for _depth in range(5):
        if seen is None:
            return False
        if getattr(seen, "sqlstate", None) in _NO_WRITE_SQLSTATES:
            return True
        if any(m in str(seen).lower() for m in _NO_WRITE_MESSAGES) and (
            type(seen).__module__.split(".")[0] in ("sqlite3", "sqlalchemy", "psycopg")
        ):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


def handle_unavailable() -> Response:
    """503 with Retry-After: the storage is full or read-only."""
    from flask import g

    from .extensions import db

    log.error("the database cannot be written to (read-only or full)")
    # The page below reads (tenant, language): in a new transaction that does not ask for the
    # write lock, which a read-only file refuses.
    g.cannot_write = True
    db.session.rollback()
    message = _(
        "Nothing can be saved at the moment: the service's storage is full or read-only. "
        "Nothing was changed. Please try again later."
    )
    if wants_json():
        resp = json_error(503, "unavailable", message)
    else:
        resp = Response(
            render_template("errors/error.html", status=503, message=message), status=503
        )
    resp.headers["Retry-After"] = "120"
    return resp


def refused_by_database(error: BaseException) -> bool:
    """The database refused a value the client sent (a NUL in text on PostgreSQL, a number
    beyond a column): the last wall behind the checks of ``parsing``."""
    from sqlalchemy.exc import DataError

    seen = getattr(error, "original_exception", None) or error
    return isinstance(seen, DataError)


def handle_server_error(error: Exception) -> Response:
    """A 500 that tells nothing of the inside: no traceback, SQL or framework names."""
    if cannot_write(error):
        return handle_unavailable()
    if refused_by_database(error):
        from .extensions import db

        log.warning("the database refused a value of the request", exc_info=error)
        db.session.rollback()
        if wants_json():
            return json_error(400, "bad_request", _http_message(400))
        return Response(
            render_template("errors/error.html", status=400, message=_http_message(400)),
            status=400,
        )
    if not isinstance(error, HTTPException):
        log.exception("unhandled error")
    if wants_json():
        return json_error(500, "server_error", "Something went wrong on our side.")
    return Response(
        render_template("errors/error.html", status=500, message=_("Something went wrong.")),
        status=500,
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_server_error)
