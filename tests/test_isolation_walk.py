"""Every page and every API route, as tenant B sees them, while tenant A has data: no text,
count or id of A in any answer. The routes come from ``app.url_map``, so a new one is walked
without touching this test; path values are B's ids and, in a second round, A's ids."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from testkit import Api, log_in, member_factory

from groupdecide.extensions import db

MARK = "zqxalpha"  # in every text of A: titles, labels, names, comments, addresses
A_DECISIONS = 7
B_DECISIONS = 1
SKIP = {"static", "auth.logout", "operator.logout"}  # static files; ending B's log-in midway


def _a_data(app: Any, client: Any, key_a: str) -> dict[str, Any]:
    a = Api(client, "alpha-co")
    _a_webhook(a, key_a)
    ids: dict[str, Any] = {"decisions": [], "tokens": [], "edit_tokens": []}
    for n in range(A_DECISIONS):
        d = a.create(
            title=f"Zqxalpha title {n}",
            description=f"Zqxalpha description {n}",
            labels=(f"Zqxalpha option {n}a", f"Zqxalpha option {n}b"),
        )
        ids["decisions"].append(d["id"])
        ids["tokens"].append(d["admin_token"])
        first = d["decision"]["options"][0]["id"]
        for v in range(3):
            ballot = a.cast(d["id"], {first: 4}, name=f"Zqxalpha voter {n}-{v}")
            ids["edit_tokens"].append(ballot["edit_token"])
        resp = a.call(
            "POST",
            f"/decisions/{d['id']}/comments",
            {"name": "Zqxalpha critic", "body": "Zqxalpha"},
        )
        assert resp.status_code == 201, resp.get_json()
        resp = a.call(
            "POST",
            f"/decisions/{d['id']}/invites",
            {"emails": [f"zqxalpha-invitee{n}@example.org"]},
            token=d["admin_token"],
        )
        assert resp.status_code == 201, resp.get_json()
        if n == 0:
            ids["hand_count"] = _hand_count(a, d, first, "Zqxalpha room")
            ids.update(option=first, ballot=ballot["id"], comment=resp_id(a, d, "comments"))
            ids["invite"] = resp.get_json()["items"][0]["id"]
            ids.update(_integrations(a, d, key_a))
    ids.update(_account_ids(app, "alpha-co", "zqxalpha-newbie@example.org"))
    ids["key"] = key_a
    template = a.call(
        "POST",
        "/templates",
        {"name": "Zqxalpha template", "decision_id": ids["decisions"][0]},
        token=key_a,
    )
    assert template.status_code == 201, template.get_json()
    ids["template"] = template.get_json()["id"]
    return ids


def _integrations(api: Api, d: dict[str, Any], key: str) -> dict[str, Any]:
    """A viewer link of A's first decision, and A's webhook."""
    link = api.call(
        "POST",
        f"/decisions/{d['id']}/viewer-links",
        {"label": "Zqxalpha board"},
        token=d["admin_token"],
    )
    assert link.status_code == 201
    hooks = api.call("GET", "/webhooks", token=key).get_json()["items"]
    return {"link_id": link.get_json()["id"], "webhook_id": hooks[0]["id"]}


def _a_webhook(api: Api, key: str) -> None:
    """A's webhook: every event of A's decisions queues a delivery."""
    hook = api.call(
        "POST",
        "/webhooks",
        {"url": "https://93.184.216.34/zqxalpha", "events": ["decision.created", "ballot.cast"]},
        token=key,
    )
    assert hook.status_code == 201


def _hand_count(api: Api, d: dict[str, Any], option: int, label: str) -> int:
    body = {"label": label, "people": 2, "counts": {str(option): {"3": 2}}}
    resp = api.call("POST", f"/decisions/{d['id']}/hand-counts", body, token=d["admin_token"])
    assert resp.status_code == 201, resp.get_json()
    return int(resp.get_json()["id"])


def resp_id(api: Api, d: dict[str, Any], what: str) -> int:
    items = api.call("GET", f"/decisions/{d['id']}/{what}", token=d["admin_token"]).get_json()
    return int(items["items"][0]["id"])


def _account_ids(app: Any, slug: str, invitee: str) -> dict[str, Any]:
    """Invite ``invitee`` to the tenant; its member, invitation and key ids."""
    from groupdecide.models import ApiKey, Invitation, Membership
    from groupdecide.services import memberships
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import tenant_context

    with app.app_context():
        tenant = find_tenant(slug)
        with tenant_context(tenant):
            memberships.invite(tenant, invitee, "organizer", None)
            db.session.commit()
            return {
                "member_id": db.session.execute(db.select(Membership.id)).scalars().first(),
                "invitation_id": db.session.execute(db.select(Invitation.id)).scalars().first(),
                "key_id": db.session.execute(db.select(ApiKey.id)).scalars().first(),
            }


@pytest.fixture
def world(app, client, make_tenant):
    _, key_a = make_tenant("alpha-co")
    _, key_b = make_tenant("bravo-co")
    make = member_factory(app)
    make("alpha-co", "zqxalpha-owner@example.org")
    make("bravo-co", "bert@example.org")
    a_ids = _a_data(app, client, key_a)
    b = Api(client, "bravo-co")
    d = b.create(title="Bravo question", labels=("Bravo one", "Bravo two"))
    first = d["decision"]["options"][0]["id"]
    ballot = b.cast(d["id"], {first: 3}, name="Bravo voter")
    b.call("POST", f"/decisions/{d['id']}/comments", {"name": "Bert", "body": "Bravo remark"})
    invite = b.call("POST", f"/decisions/{d['id']}/invites", {"count": 1}, token=d["admin_token"])
    hand_count = _hand_count(b, d, first, "Bravo room")
    b_ids = {
        "decisions": [d["id"]],
        "tokens": [d["admin_token"]],
        "option": first,
        "hand_count": hand_count,
        "ballot": ballot["id"],
        "comment": resp_id(b, d, "comments"),
        "invite": invite.get_json()["items"][0]["id"],
        "key": key_b,
        **_account_ids(app, "bravo-co", "bea@example.org"),
    }
    return {"a": a_ids, "b": b_ids, "key_b": key_b}


def _values(ids: dict[str, Any], slug: str) -> dict[str, str]:
    return {
        "tenant": "bravo-co",
        "slug": slug,
        "decision_id": ids["decisions"][0],
        "token": ids["tokens"][0],
        "ballot_id": str(ids["ballot"]),
        "option_id": str(ids["option"]),
        "comment_id": str(ids["comment"]),
        "invite_id": str(ids["invite"]),
        "hand_count_id": str(ids["hand_count"]),
        "member_id": str(ids["member_id"]),
        "invitation_id": str(ids["invitation_id"]),
        "key_id": str(ids["key_id"]),
        "link_id": str(ids.get("link_id", 1)),
        "webhook_id": str(ids.get("webhook_id", 1)),
        "template_id": str(ids.get("template", 1)),
        "signup_id": "1",  # the operator's sign-ups and plans (global, not B's to see)
        "plan_id": "1",
        "what": "ballots",
        "kind": "csv",
        "key": "consensus",  # a method's help page (the same for every tenant)
    }


def _paths(rule: Any, world: dict[str, Any]) -> list[tuple[str, str]]:
    """The rule's path with B's values, and (where it takes ids or a slug) with A's."""
    out = []
    for side, ids, slug in (("b", world["b"], "bravo-co"), ("a", world["a"], "alpha-co")):
        if side == "a" and not (set(rule.arguments) - {"tenant", "what", "kind"}):
            continue
        values = _values(ids, slug)
        path = rule.rule
        for arg in rule.arguments:
            path = re.sub(rf"<(?:[a-z]+:)?{arg}>", values[arg], path)
        out.append((side, path))
    return out


def _secrets_of_a(world: dict[str, Any]) -> list[str]:
    a = world["a"]
    return [*a["decisions"], *a["tokens"], *a["edit_tokens"], a["key"], "alpha-co", "Alpha-Co"]


def _walk(app: Any, client: Any, world: dict[str, Any], headers: dict[str, str]) -> int:
    secrets = _secrets_of_a(world)
    checked = 0
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in SKIP]
    # reading first, then every other method (which may change B's data, never A's)
    for reading in (True, False):
        for rule in rules:
            methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
            for method in [m for m in methods if (m == "GET") == reading]:
                paths = _paths(rule, world)
                if reading:  # searches too: A's titles all hold "title", B's does not
                    paths += [(side, path + "?q=title&page=1") for side, path in paths]
                for side, path in paths:
                    if rule.endpoint.startswith("api."):
                        resp = client.open(path, method=method, json={}, headers=headers)
                    else:
                        resp = client.open(path, method=method, data={}, headers=headers)
                    if resp.mimetype == "application/zip":  # the owner's export: its files
                        archive = zipfile.ZipFile(io.BytesIO(resp.data))
                        body = " ".join(archive.read(n).decode() for n in archive.namelist())
                    else:
                        body = resp.get_data(as_text=True)
                    answer = body + " " + str(resp.headers)
                    where = (method, path, resp.status_code)
                    assert resp.status_code < 500, where
                    assert MARK not in answer.lower(), where
                    # A's ids may come back only where the path itself named them
                    for secret in secrets:
                        if secret not in path:
                            assert secret not in answer, (secret, where)
                    # no count that could only include A's rows
                    for n in (A_DECISIONS, A_DECISIONS + B_DECISIONS):
                        assert not re.search(rf"\b{n} decisions\b", answer), where
                    if side == "a" and resp.status_code == 200 and rule.arguments - {"tenant"}:
                        # not B's to see (a help page's key names a method, not A's data)
                        assert rule.endpoint in ("operator.tenant", "site.help_method"), where
                    checked += 1
    return checked


def _assert_b_counts_are_b_own(client: Any, world: dict[str, Any], headers: dict[str, str]):
    api = Api(client, "bravo-co")
    items = api.call("GET", "/decisions", token=world["key_b"]).get_json()["items"]
    assert [(d["title"], d["ballot_count"]) for d in items] == [("Bravo question", 1)]
    if not headers:
        page = client.get("/t/bravo-co/admin/").get_data(as_text=True)
        assert ">1 decision<" in page


def test_tenant_b_sees_nothing_of_tenant_a_on_any_page_or_route(app, world):
    """Logged in as B's owner, then with B's API key (no log-in): every page and route, with
    B's ids and with A's; no text, count or id of A comes back."""
    client = app.test_client()
    log_in(client, "bravo-co", "bert@example.org")
    _assert_b_counts_are_b_own(client, world, {})
    assert _walk(app, client, world, {}) > 100
    _a_is_untouched(app, world)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {world['key_b']}"}
    assert _walk(app, client, world, headers) > 100
    _a_is_untouched(app, world)


def _a_is_untouched(app: Any, world: dict[str, Any]) -> None:
    api = Api(app.test_client(), "alpha-co")
    items = api.call("GET", "/decisions", token=world["a"]["key"]).get_json()["items"]
    assert len(items) == A_DECISIONS
    assert all(d["ballot_count"] == 3 for d in items)
