"""Test helpers shared by every test folder: the app factory for tests, a JSON API client,
members with a password and logging them in."""

from __future__ import annotations

from typing import Any

from groupdecide import create_app
from groupdecide.extensions import db

PASSWORD = "correct horse battery staple"


def make_app(database_url: str, tmp_path: Any, **overrides: Any) -> Any:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "gd.test",
        # most tests mail invites from the open default tenant without logging in; the
        # default ("members") is tested in tests/test_mail_limits.py
        "MAIL_INVITES_OPEN_DEFAULT": "on",
    }
    config.update(overrides)
    return create_app(config)


class Api:
    """A thin JSON client for one tenant's API."""

    def __init__(self, client: Any, tenant: str = "public") -> None:
        self.client = client
        self.tenant = tenant

    def url(self, path: str) -> str:
        return f"/t/{self.tenant}/api/v1{path}"

    def call(
        self, method: str, path: str, json: Any = None, token: str | None = None, **kw: Any
    ) -> Any:
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.open(self.url(path), method=method, json=json, headers=headers, **kw)

    def create(
        self,
        method: str = "consensus",
        labels: tuple[str, ...] = ("Hiking", "Boat trip"),
        settings: dict[str, Any] | None = None,
        token: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        body = {
            "title": extra.pop("title", "Where do we go?"),
            "method": method,
            "options": [{"label": x} for x in labels],
            "settings": settings or {},
            **extra,
        }
        resp = self.call("POST", "/decisions", body, token=token)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()

    def cast(
        self,
        decision_id: str,
        answers: dict[Any, int],
        name: str | None = "Anna",
        expect: int = 201,
        **extra: Any,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"answers": {str(k): v for k, v in answers.items()}, **extra}
        if name is not None:
            body["name"] = name
        resp = self.call("POST", f"/decisions/{decision_id}/ballots", body)
        assert resp.status_code == expect, resp.get_json()
        return resp.get_json()


def member_factory(app: Any) -> Any:
    """What the ``make_member`` fixture (tests/conftest.py) gives, for code without fixtures."""

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
