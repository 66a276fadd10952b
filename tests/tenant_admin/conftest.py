"""Fixtures for accounts and the tenant's area: the outbox, owners and members, log-ins."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from groupdecide.extensions import db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def outbox(app: Any) -> Any:
    """The mails written to instance/outbox, oldest first, as (to, subject, body)."""

    def read() -> list[tuple[str, str, str]]:
        from groupdecide.services.mail import read_outbox

        folder = Path(app.instance_path) / "outbox"
        return [(m["To"], m["Subject"], m.get_content()) for m in read_outbox(folder)]

    return read


def link_in(body: str) -> str:
    """The one link in a mail, as a path with its query (the test client's host is ignored)."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


@pytest.fixture
def make_member(app: Any) -> Any:
    """Make a member with a password in a tenant (created if needed); returns the e-mail."""
    return member_factory(app)


def member_factory(app: Any) -> Any:
    """What the ``make_member`` fixture gives (for test modules outside this folder)."""

    def make(
        slug: str,
        email: str,
        role: str = "owner",
        *,
        policy: str = "open",
        password: str = PASSWORD,
    ) -> str:
        from groupdecide.services import accounts, memberships
        from groupdecide.services.tenants import create_tenant, find_tenant
        from groupdecide.tenancy import tenant_context

        with app.app_context():
            tenant = find_tenant(slug)
            if tenant is None:
                tenant, _key = create_tenant(slug, slug.title(), policy=policy)
            with tenant_context(tenant):
                user = accounts.ensure_user(email)
                if user.password_hash is None:
                    accounts.set_password(user, password)
                memberships.add_member(tenant, user, role)
            db.session.commit()
        return email

    return make


def log_in(client: Any, slug: str, email: str, password: str = PASSWORD) -> Any:
    resp = client.post(f"/t/{slug}/login", data={"email": email, "password": password})
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    return resp
