"""Webhooks (the contract's part two): the API, deliveries queued with the change, their body
and signature, the sender's retries, private targets, and a real receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sqlalchemy as sa
from testkit import Api

from groupdecide.extensions import db
from groupdecide.models import WebhookDelivery
from groupdecide.services import webhook_sender, webhooks

PUBLIC = "https://93.184.216.34/hooks"  # a public address: no DNS needed
ALL = ["decision.created", "ballot.cast", "ballot.changed", "decision.closed", "round.started"]


def _hook(api: Api, key: str, url: str = PUBLIC, events: list[str] | None = None) -> Any:
    resp = api.call("POST", "/webhooks", {"url": url, "events": events or ALL}, token=key)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def _deliveries(app: Any) -> list[WebhookDelivery]:
    with app.app_context():
        rows = list(
            db.session.execute(
                sa.select(WebhookDelivery)
                .order_by(WebhookDelivery.created_at, WebhookDelivery.id)
                .execution_options(all_tenants=True)
            ).scalars()
        )
        for row in rows:
            db.session.expunge(row)
        return rows


def _send(app: Any, at: datetime | None = None) -> dict[str, int]:
    with app.app_context():
        return webhook_sender.send_due(now=at or datetime.now(UTC))


@pytest.fixture
def acme(client, make_tenant):
    slug, key = make_tenant("acme")
    return Api(client, slug), key


# ----------------------------------------------------------------------------- the API


def test_create_list_delete_with_the_secret_shown_once(acme):
    api, key = acme
    made = _hook(api, key, events=["ballot.cast", "decision.closed"])
    assert set(made) == {"id", "url", "events", "secret"}
    assert made["url"] == PUBLIC
    assert made["events"] == ["ballot.cast", "decision.closed"]
    assert len(made["secret"]) >= 32
    listed = api.call("GET", "/webhooks", token=key).get_json()
    assert listed == {"items": [{"id": made["id"], "url": PUBLIC, "events": made["events"]}]}
    assert made["secret"] not in json.dumps(listed)
    assert api.call("DELETE", f"/webhooks/{made['id']}", token=key).status_code == 204
    assert api.call("GET", "/webhooks", token=key).get_json() == {"items": []}
    assert api.call("DELETE", f"/webhooks/{made['id']}", token=key).status_code == 404


def test_webhooks_need_this_tenants_api_key(acme, make_tenant, client):
    api, key = acme
    _other, other_key = make_tenant("other-co")
    made = _hook(api, key)
    for token in (None, other_key, "not-a-key"):
        assert api.call("GET", "/webhooks", token=token).status_code == 401
        resp = api.call("POST", "/webhooks", {"url": PUBLIC, "events": ALL}, token=token)
        assert resp.status_code == 401
    d = api.create()  # an admin token is not enough
    assert api.call("GET", "/webhooks", token=d["admin_token"]).status_code == 401
    other = Api(client, "other-co")
    assert other.call("DELETE", f"/webhooks/{made['id']}", token=other_key).status_code == 404
    assert len(api.call("GET", "/webhooks", token=key).get_json()["items"]) == 1


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"url": "ftp://93.184.216.34/x", "events": ALL}, "url", "webhook_url_not_valid"),
        ({"url": "no address", "events": ALL}, "url", "webhook_url_not_valid"),
        ({"url": "https://a\x00b/", "events": ALL}, "url", None),
        ({"url": "https://[zz/", "events": ALL}, "url", "webhook_url_not_valid"),
        ({"url": PUBLIC, "events": []}, "events", "webhook_events_not_valid"),
        ({"url": PUBLIC, "events": ["ballot.cast", "ping"]}, "events", "webhook_events_not_valid"),
        ({"url": PUBLIC}, "events", None),
        ({"events": ALL}, "url", None),
        ({"url": PUBLIC, "events": ALL, "secret": "mine"}, "secret", None),
        ({"url": 17, "events": ALL}, "url", None),
    ],
)
def test_bad_webhooks_are_refused_naming_the_field(acme, body, field, code):
    api, key = acme
    resp = api.call("POST", "/webhooks", body, token=key)
    assert resp.status_code == 422, resp.get_json()
    error = resp.get_json()["error"]
    assert field in error["fields"], error
    if code:
        assert error["codes"][field]["code"] == code
    assert api.call("GET", "/webhooks", token=key).get_json() == {"items": []}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9000/x",
        "http://localhost/x",
        "https://10.1.2.3/x",
        "https://192.168.0.10/x",
        "https://172.16.5.5/x",
        "http://169.254.169.254/latest/meta-data",
        "https://[::1]/x",
        "https://[fe80::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://100.64.0.1/x",
        "https://0.0.0.0/x",
        "https://240.0.0.1/x",
    ],
)
def test_private_loopback_and_reserved_targets_are_refused(acme, url):
    api, key = acme
    resp = api.call("POST", "/webhooks", {"url": url, "events": ALL}, token=key)
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["codes"]["url"]["code"] == "webhook_url_private"


@pytest.mark.app_config(WEBHOOKS_ALLOW_PRIVATE=True)
def test_private_targets_are_taken_where_the_operator_allows_them(acme):
    api, key = acme
    assert _hook(api, key, url="http://127.0.0.1:9000/x")["url"] == "http://127.0.0.1:9000/x"


def test_the_environment_setting_allows_private_targets(database_url, tmp_path, monkeypatch):
    from testkit import make_app

    monkeypatch.setenv("GROUPDECIDE_WEBHOOKS_ALLOW_PRIVATE", "true")
    app = make_app(database_url, tmp_path)
    with app.app_context():
        assert webhooks.target_problem("http://127.0.0.1:9000/x") is None
    monkeypatch.delenv("GROUPDECIDE_WEBHOOKS_ALLOW_PRIVATE")
    app = make_app(database_url, tmp_path)
    with app.app_context():
        assert webhooks.target_problem("http://127.0.0.1:9000/x") == "must not point to a " + (
            "private, loopback, link-local or reserved address"
        )


def test_a_name_that_resolves_to_a_private_address_is_refused(acme, monkeypatch):
    api, key = acme
    monkeypatch.setattr(webhooks, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.7"])
    resp = api.call(
        "POST", "/webhooks", {"url": "https://hooks.example.org/", "events": ALL}, token=key
    )
    assert resp.get_json()["error"]["codes"]["url"]["code"] == "webhook_url_private"

    def unknown(host: str, port: int) -> list[str]:
        raise OSError("no such host")

    monkeypatch.setattr(webhooks, "resolve", unknown)
    resp = api.call(
        "POST", "/webhooks", {"url": "https://nowhere.example.org/", "events": ALL}, token=key
    )
    assert resp.get_json()["error"]["codes"]["url"]["code"] == "webhook_host_unknown"


@pytest.mark.app_config(WEBHOOKS_MAX=2)
def test_a_tenant_has_at_most_the_configured_number_of_webhooks(acme):
    api, key = acme
    _hook(api, key)
    _hook(api, key)
    resp = api.call("POST", "/webhooks", {"url": PUBLIC, "events": ALL}, token=key)
    assert resp.status_code == 403
    assert resp.get_json()["error"]["code"] == "forbidden"


def test_webhooks_are_in_the_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    paths = doc["paths"]
    assert {"post", "get"} <= set(paths["/t/{tenant}/api/v1/webhooks"])
    assert "delete" in paths["/t/{tenant}/api/v1/webhooks/{webhook_id}"]
    created = doc["components"]["schemas"]["WebhookCreated"]
    assert {"id", "url", "events", "secret"} <= set(created["properties"])


# ----------------------------------------------------------------------------- deliveries


def test_a_cast_queues_one_delivery_per_webhook_that_wants_it_with_the_exact_body(app, acme):
    api, key = acme
    d = api.create(title="Team outing")
    wants = _hook(api, key, events=["ballot.cast"])
    _hook(api, key, events=["decision.closed"])  # does not want casts
    first = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {first: 3}, name="Anna Secretname")
    rows = _deliveries(app)
    assert [(r.event, r.webhook_id, r.status, r.tries) for r in rows] == [
        ("ballot.cast", wants["id"], "pending", 0)
    ]
    body = json.loads(rows[0].body)
    assert set(body) == {"id", "event", "tenant", "at", "decision"}
    assert body["id"] == rows[0].id
    assert len(body["id"]) == 32
    assert body["event"] == "ballot.cast"
    assert body["tenant"] == "acme"
    assert body["at"].endswith("Z")
    assert body["decision"] == {
        "id": d["id"],
        "title": "Team outing",
        "phase": "voting",
        "ballot_count": 1,
    }
    assert "Secretname" not in rows[0].body
    assert '"answers"' not in rows[0].body


def test_no_delivery_is_queued_when_the_ballot_fails(app, acme):
    api, key = acme
    d = api.create()
    _hook(api, key)
    first = d["decision"]["options"][0]["id"]
    before = len(_deliveries(app))
    api.cast(d["id"], {first: 99}, expect=422)
    api.cast(d["id"], {"999999": 1}, expect=422)
    assert len(_deliveries(app)) == before


def test_the_delivery_is_undone_with_its_transaction(app, acme):
    """emit only adds rows to the session: a change rolled back takes its deliveries along."""
    api, key = acme
    d = api.create()
    _hook(api, key)
    from groupdecide.services import ballots, decisions
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import tenant_context

    before = len(_deliveries(app))
    first = d["decision"]["options"][0]["id"]
    with app.app_context(), tenant_context(find_tenant("acme")):
        decision = decisions.get_decision(d["id"])
        ballots.cast_ballot(decision, {"name": "Ben", "answers": {str(first): 2}})
        pending = db.session.execute(sa.select(sa.func.count(WebhookDelivery.id))).scalar()
        assert pending == before + 1  # queued in this transaction
        db.session.rollback()
    assert len(_deliveries(app)) == before


def test_every_event_of_a_decisions_life(app, acme):
    api, key = acme
    _hook(api, key)
    d = api.create()
    first = d["decision"]["options"][0]["id"]
    ballot = api.cast(d["id"], {first: 3})
    resp = api.call(
        "PUT",
        f"/decisions/{d['id']}/ballots/{ballot['id']}",
        {"name": "Anna", "answers": {str(first): 5}},
        token=ballot["edit_token"],
    )
    assert resp.status_code == 200, resp.get_json()
    resp = api.call("PATCH", f"/decisions/{d['id']}", {"phase": "closed"}, token=d["admin_token"])
    assert resp.status_code == 200
    events = [(r.event, json.loads(r.body)["decision"]["phase"]) for r in _deliveries(app)]
    assert events == [
        ("decision.created", "voting"),
        ("ballot.cast", "voting"),
        ("ballot.changed", "voting"),
        ("decision.closed", "closed"),
    ]


def test_a_closing_by_time_is_announced_once_by_the_notify_job(app, acme, runner):
    api, key = acme
    _hook(api, key, events=["decision.closed"])
    soon = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    d = api.create(settings={"closes_at": soon})
    from groupdecide.services import notify

    with app.app_context():
        notify.run(at=datetime.now(UTC))  # not closed yet
        db.session.commit()
    assert _deliveries(app) == []
    later = datetime.now(UTC) + timedelta(hours=2)
    with app.app_context():
        from groupdecide.models import Decision

        db.session.execute(
            sa.update(Decision)
            .where(Decision.id == d["id"])
            .values(closes_at=datetime.now(UTC) - timedelta(seconds=1))
            .execution_options(all_tenants=True)
        )
        db.session.commit()
        notify.run(at=later)
        db.session.commit()
        notify.run(at=later)
        db.session.commit()
    rows = _deliveries(app)
    assert [r.event for r in rows] == ["decision.closed"]
    assert json.loads(rows[0].body)["decision"]["phase"] == "closed"


# ----------------------------------------------------------------------------- the sender


def test_signature_headers_and_body_as_sent(app, acme, monkeypatch):
    api, key = acme
    made = _hook(api, key, events=["ballot.cast"])
    d = api.create()
    api.cast(d["id"], {d["decision"]["options"][0]["id"]: 1})
    sent: list[Any] = []

    def fake_open(request: Any, timeout: float) -> Any:
        sent.append((request, timeout))
        raise webhook_sender.urllib.error.HTTPError(request.full_url, 204, "ok", {}, None)  # type: ignore[arg-type]

    monkeypatch.setattr(webhook_sender._OPENER, "open", fake_open)
    _send(app)
    ((request, timeout),) = sent
    raw = request.data
    assert request.get_method() == "POST"
    assert request.full_url == PUBLIC
    assert timeout == 5
    assert request.get_header("Content-type") == "application/json"
    assert request.get_header("X-groupdecide-event") == "ballot.cast"
    expected = hmac.new(made["secret"].encode(), raw, hashlib.sha256).hexdigest()
    assert request.get_header("X-groupdecide-signature") == "sha256=" + expected
    assert json.loads(raw)["event"] == "ballot.cast"
    assert raw.decode() == _deliveries(app)[0].body


def test_failed_deliveries_are_retried_with_growing_pauses_then_given_up(app, acme, monkeypatch):
    api, key = acme
    _hook(api, key, events=["decision.created"])
    api.create()
    answers: list[int] = []

    def refuse(url: str, event: str, body: bytes, secret: str, timeout: float) -> Any:
        answers.append(500)
        return webhook_sender.Outcome(500, "HTTP 500")

    monkeypatch.setattr(webhook_sender, "post", refuse)
    at = datetime.now(UTC)
    pauses = []
    for n in range(1, 7):
        assert _send(app, at) == {"delivered": 0, "retry": int(n < 6), "failed": int(n == 6)}
        (row,) = _deliveries(app)
        assert row.tries == n
        assert row.last_status == 500
        if n < 6:
            assert row.status == "pending"
            pause = row.next_try_at - at
            pauses.append(pause)
            # not due a moment before the pause is over: nothing is sent then
            assert _send(app, at + pause - timedelta(seconds=1)) == {
                "delivered": 0,
                "retry": 0,
                "failed": 0,
            }
            at = at + pause
        else:
            assert row.status == "failed"
    assert len(answers) == 6
    assert pauses == sorted(pauses)
    assert pauses[0] >= timedelta(seconds=30)
    assert len(set(pauses)) == 5
    assert _send(app, at + timedelta(days=30)) == {"delivered": 0, "retry": 0, "failed": 0}


def test_the_address_is_checked_again_when_sending(app, acme, monkeypatch):
    """DNS rebinding: a name that resolved to a public address at creation and resolves to a
    private one at send time gets nothing."""
    api, key = acme
    monkeypatch.setattr(webhooks, "resolve", lambda host, port: ["93.184.216.34"])
    _hook(api, key, url="https://hooks.example.org/in", events=["decision.created"])
    api.create()
    monkeypatch.setattr(webhooks, "resolve", lambda host, port: ["127.0.0.1"])
    posted: list[str] = []
    monkeypatch.setattr(
        webhook_sender,
        "post",
        lambda *a, **k: posted.append(a[0]) or webhook_sender.Outcome(200, None),
    )
    assert _send(app) == {"delivered": 0, "retry": 1, "failed": 0}
    assert posted == []
    (row,) = _deliveries(app)
    assert row.status == "pending"
    assert "refused" in (row.last_error or "")


class _Receiver:
    """A local HTTP server that records each POST (and can hold it until released)."""

    def __init__(self, status: int = 200, hold: bool = False) -> None:
        self.got: list[tuple[dict[str, str], bytes]] = []
        self.arrived = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.got.append((dict(self.headers), raw))
                receiver.arrived.set()
                receiver.release.wait(10)
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.app_config(WEBHOOKS_ALLOW_PRIVATE=True)
def test_a_real_receiver_gets_a_signed_delivery(app, acme):
    api, key = acme
    with _Receiver() as receiver:
        made = _hook(api, key, url=receiver.url, events=["ballot.cast"])
        d = api.create()
        api.cast(d["id"], {d["decision"]["options"][0]["id"]: 2})
        assert receiver.got == []  # nothing is sent inside the request
        assert _send(app) == {"delivered": 1, "retry": 0, "failed": 0}
        assert receiver.arrived.wait(10)
    ((headers, raw),) = receiver.got
    assert headers["X-Groupdecide-Event"] == "ballot.cast"
    assert headers["Content-Type"] == "application/json"
    mac = hmac.new(made["secret"].encode(), raw, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Groupdecide-Signature"], "sha256=" + mac)
    body = json.loads(raw)
    assert body["decision"]["ballot_count"] == 1
    (row,) = _deliveries(app)
    assert (row.status, row.tries, row.last_status) == ("delivered", 1, 200)
    assert row.delivered_at is not None


@pytest.mark.app_config(WEBHOOKS_ALLOW_PRIVATE=True)
def test_a_receiver_that_hangs_does_not_slow_a_cast(app, acme):
    api, key = acme
    with _Receiver(hold=True) as receiver:
        _hook(api, key, url=receiver.url, events=["ballot.cast"])
        d = api.create()
        first = d["decision"]["options"][0]["id"]
        api.cast(d["id"], {first: 1}, name="First")
        sender = threading.Thread(target=_send, args=(app,), daemon=True)
        sender.start()
        assert receiver.arrived.wait(10)  # the sender is now stuck in the receiver
        # a cast (and its delivery) goes through while the receiver holds the sender
        ballot = api.cast(d["id"], {first: 4}, name="Second")
        assert ballot["id"]
        assert not receiver.release.is_set()
        assert len(receiver.got) == 1  # only the sender's post: the cast called nobody
        receiver.release.set()
        sender.join(10)
        assert not sender.is_alive()
    rows = _deliveries(app)
    assert sorted(r.status for r in rows) == ["delivered", "pending"]


@pytest.mark.app_config(WEBHOOKS_ALLOW_PRIVATE=True)
def test_the_send_command_once(app, acme, runner):
    api, key = acme
    with _Receiver() as receiver:
        _hook(api, key, url=receiver.url, events=["decision.created"])
        api.create()
        result = runner.invoke(args=["webhooks", "send", "--once"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output.strip().splitlines()[-1])["delivered"] == 1
        assert receiver.arrived.wait(10)
