"""The JSON API, version 1: ``/t/<tenant>/api/v1``. Schemas validate input and generate the
OpenAPI document at ``/api/v1/openapi.json``; errors use the contract's one envelope.

One module per resource (``decisions``, ``options``, ``log``, ``ballots``, ``invites``,
``comments``, ``results``), all on the one blueprint of ``blueprint.py``; the JSON shapes of
options, settings and ballots are ``services/serialize.py`` (the exports use them too)."""

from __future__ import annotations

from importlib import import_module
from typing import Any, NoReturn

from flask import Flask, request
from flask_smorest import Api as _Api
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from groupdecide import parsing
from groupdecide.errors import BadRequest, DomainError, ValidationFailed
from groupdecide.problems import FieldError

from .schemas import ErrorSchema


class UnsupportedMediaType(DomainError):
    status, code = 415, "unsupported_media_type"


def flatten(messages: Any, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested messages as the contract's flat ``{"answers.17": "..."}``."""
    out: dict[str, str] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key in ("value", "key") and prefix:
                out.update(flatten(value, prefix))
                continue
            name = "" if key == "_schema" else str(key)
            out.update(flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name))
    elif isinstance(messages, list):
        if messages and all(isinstance(m, str) for m in messages):
            first = messages[0]  # a FieldError stays one (its code goes into the envelope)
            out[prefix or "body"] = first if isinstance(first, FieldError) else str(first)
        else:
            for item in messages:
                out.update(flatten(item, prefix))
    else:
        out[prefix or "body"] = str(messages)
    return out


class Parser(FlaskParser):
    """webargs' parser, answering with the contract's errors: malformed JSON and a body that is
    not an object are 400, invalid fields 422 naming each field."""

    def _raw_load_json(self, req: Any) -> Any:
        raw = req.get_data(cache=True)
        if raw and not is_json_request(req):
            raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")
        if not is_json_request(req) or not raw.strip():
            return core.missing
        try:
            # Depth, digits and characters are checked here, before any schema sees the body:
            # the standard parser overflows the stack at 5,000 levels, int() refuses 5,000
            # digits, and no database keeps a lone surrogate or a NUL.
            data = parsing.load_json(raw)
        except ValueError:
            raise BadRequest(
                "The body is not valid JSON (or nested too deeply, or a number is too long)."
            ) from None
        bad = parsing.bad_strings(data)
        if bad:
            raise ValidationFailed("Some fields hold characters that are not allowed.", bad)
        return data

    def load_json(self, req: Any, schema: Any) -> Any:
        data = super().load_json(req, schema)
        if data is core.missing:
            # Every JSON body of this API is required (the document says so); an empty
            # request is not an empty change.
            raise ValidationFailed(
                "Send a JSON object as the body.", {"body": FieldError("required")}
            )
        if not isinstance(data, dict):
            raise BadRequest("The body must be a JSON object.")
        return data

    def _handle_invalid_json_error(self, error: Any, req: Any, *a: Any, **kw: Any) -> NoReturn:
        raise BadRequest("The body is not valid JSON.")

    def handle_error(
        self, error: Any, req: Any, schema: Any, *, error_status_code: Any, error_headers: Any
    ) -> NoReturn:
        messages = error.messages
        if isinstance(messages, dict) and set(messages) <= {"json", "query", "querystring"}:
            merged: dict[str, Any] = {}
            for value in messages.values():
                if isinstance(value, dict):
                    merged.update(value)
            messages = merged
        raise ValidationFailed("Some fields need another look.", flatten(messages))


class Api(_Api):  # type: ignore[misc]
    """flask-smorest's Api whose errors are handled by ``errors.py`` (one envelope)."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        pass


api = Api()

# The resource modules, in the order their paths appear in the OpenAPI document.
RESOURCES = (
    "decisions",
    "options",
    "log",
    "ballots",
    "invites",
    "comments",
    "results",
    "supports",
    "rounds",
    "receipts",
    "viewer_links",  # integrations
    "copies",  # integrations
    "webhooks",  # integrations
    "hand_counts",
    "templates",  # decision templates
)


def init_app(app: Flask) -> None:
    from .blueprint import bp

    for name in RESOURCES:
        import_module(f"{__name__}.{name}")  # registers the resource's routes on ``bp``

    api.init_app(
        app,
        spec_kwargs={
            "info": {
                "description": "The groupdecide JSON API. See api-contract.md for the semantics.",
            },
        },
    )
    api.spec.components.security_scheme(
        "bearer",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "a tenant API key, a decision's admin token or an edit token",
        },
    )
    api.register_blueprint(bp)

    from groupdecide.extensions import csrf

    csrf.exempt(bp)

    @app.before_request
    def _api_media_type() -> None:
        if (
            "/api/v1" in request.path
            and request.method in ("POST", "PUT", "PATCH")
            and request.content_length
            and not is_json_request(request)
        ):
            raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")
