"""Factories at the service layer: tenants, decisions and ballots made through the services
themselves, without HTTP, for rules that HTTP adds nothing to.

Every test here runs inside an app context; a test that uses ``tenant`` (or a factory that
does) runs inside that tenant's context too. The factories are the only place that calls the
services' write functions with their current signatures (and commits, as the request's one
commit point does), so a signature change is adapted here once.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from groupdecide.extensions import db


@pytest.fixture(autouse=True)
def _in_app_context(app: Any) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def make_tenant() -> Any:
    """``make_tenant(slug=None, policy="open", locale="en")`` -> the Tenant (its API key unused).

    Shadows the root ``make_tenant`` (which returns the slug and key for HTTP tests)."""

    def make(slug: str | None = None, *, policy: str = "open", locale: str = "en") -> Any:
        from groupdecide.services.tenants import create_tenant

        slug = slug or "t-" + secrets.token_hex(3)
        tenant, _key = create_tenant(slug, slug.title(), policy=policy, locale=locale)
        db.session.commit()
        return tenant

    return make


@pytest.fixture
def tenant(make_tenant: Any) -> Iterator[Any]:
    """A fresh tenant, current for the whole test (as the request's tenant is for a view)."""
    from groupdecide.tenancy import tenant_context

    made = make_tenant()
    with tenant_context(made):
        yield made


@pytest.fixture
def make_decision(tenant: Any) -> Any:
    """``make_decision(tenant=None, method="consensus", options=("Hiking", "Boat trip"),
    settings=None, **fields)`` -> the Decision (voting, unless ``settings`` say otherwise).

    ``options`` are labels, or option objects as the API takes them."""

    def make(
        in_tenant: Any = None,
        *,
        method: str = "consensus",
        options: tuple[Any, ...] | list[Any] = ("Hiking", "Boat trip"),
        settings: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Any:
        from groupdecide.services.decisions import create_decision
        from groupdecide.tenancy import tenant_context

        owner = in_tenant or tenant
        data = {
            "title": fields.pop("title", "Where do we go?"),
            "method": method,
            "options": [{"label": o} if isinstance(o, str) else o for o in options],
            "settings": settings or {},
            **fields,
        }
        with tenant_context(owner):
            decision, _admin_token = create_decision(owner, None, data)
            db.session.commit()
        return decision

    return make


def option_ids(decision: Any) -> list[int]:
    """The ids of the options that take answers, in order (the passive solution last)."""
    return [o.id for o in decision.ballot_options]


@pytest.fixture
def cast() -> Any:
    """``cast(decision, answers, name="Anna", **fields)`` -> (Ballot, edit token).

    ``answers`` maps option ids (or option positions 0, 1, ... with ``by_position=True``) to
    values, as the API's ballot body does."""

    def do(
        decision: Any,
        answers: dict[Any, Any],
        name: str | None = "Anna",
        *,
        by_position: bool = False,
        **fields: Any,
    ) -> tuple[Any, str]:
        from groupdecide.services.ballots import cast_ballot

        if by_position:
            ids = option_ids(decision)
            answers = {ids[k]: v for k, v in answers.items()}
        data: dict[str, Any] = {"answers": {str(k): v for k, v in answers.items()}, **fields}
        if name is not None:
            data["name"] = name
        with _tenant_of(decision):
            try:
                ballot, token = cast_ballot(decision, data)
            except Exception:
                db.session.rollback()
                raise
            db.session.commit()
        return ballot, token

    return do


@pytest.fixture
def act() -> Any:
    """``act(decision, fn, *args, **kw)``: call a service write ``fn(decision, *args, **kw)``
    in the decision's tenant and commit (roll back and re-raise on an error)."""

    def do(decision: Any, fn: Any, *args: Any, **kw: Any) -> Any:
        with _tenant_of(decision):
            try:
                out = fn(decision, *args, **kw)
            except Exception:
                db.session.rollback()
                raise
            db.session.commit()
        return out

    return do


def _tenant_of(decision: Any) -> Any:
    from groupdecide.models import Tenant
    from groupdecide.tenancy import tenant_context

    return tenant_context(db.session.get(Tenant, decision.tenant_id))
