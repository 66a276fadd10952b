"""The API's blueprint and what every resource module shares: the decision of the request,
the Bearer token and the admin check."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from flask import g, request
from flask_smorest import Blueprint as _Blueprint

from groupdecide.errors import Unauthorized
from groupdecide.models import Decision
from groupdecide.services import auth, decisions

from . import Parser

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class Blueprint(_Blueprint):  # type: ignore[misc]
    ARGUMENTS_PARSER = Parser()

    if TYPE_CHECKING:  # flask-smorest has no types: its decorators keep what they wrap

        def route(self, rule: str, **options: Any) -> Callable[[T], T]: ...
        def arguments(self, schema: Any, **kwargs: Any) -> Callable[[F], F]: ...
        def response(
            self, status_code: int, schema: Any = None, **kwargs: Any
        ) -> Callable[[F], F]: ...
        def doc(self, **kwargs: Any) -> Callable[[F], F]: ...
        def before_request(self, f: F) -> F: ...


bp = Blueprint(
    "api",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Decisions, ballots, invites and results of one tenant.",
)
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
BEARER_OR_NONE: list[dict[str, list[str]]] = [{"bearer": []}, {}]


@bp.before_request
def _decision_first() -> None:
    """An unknown decision, or another tenant's, is 404 before the body is even looked at.
    The decision is kept for the view (``decision_of``), so it is read once per request."""
    decision_id = (request.view_args or {}).get("decision_id")
    if decision_id is not None:
        g.api_decision = decisions.get_decision(decision_id)


def decision_of(decision_id: str) -> Decision:
    """The decision of this request (loaded and tenant-checked by ``_decision_first``)."""
    cached = g.get("api_decision")
    if isinstance(cached, Decision) and cached.id == decision_id:
        return cached
    return decisions.get_decision(decision_id)


def bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_admin(decision: Decision) -> None:
    token = bearer()
    if not token:
        raise Unauthorized("This needs the decision's admin token or a tenant API key.")
    if not auth.is_admin(decision, token):
        raise Unauthorized("This token is not valid for this decision.")
