"""Rate limits hold across all gunicorn workers when Redis is their shared store."""

from __future__ import annotations

import os
import secrets
import socket
import urllib.error
import urllib.request

import pytest
from gunicorn_server import Server, call, make_decision

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REDIS = os.environ.get("GROUPDECIDE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def limited_server(server):
    if not _redis_up():
        if IN_CI:
            pytest.fail("Redis is required under CI=true but 127.0.0.1:6379 does not answer")
        pytest.skip("Redis not reachable on 127.0.0.1:6379")
    server.stop()
    env = dict(server.env)
    env.update(
        {
            "GROUPDECIDE_RATELIMIT_ENABLED": "true",
            "GROUPDECIDE_RATELIMIT_STORAGE_URI": REDIS,
            "GROUPDECIDE_RATELIMIT_KEY_PREFIX": "gdtest-" + secrets.token_hex(4),
            "GROUPDECIDE_RATELIMIT_BALLOT": "20 per minute",
        }
    )
    srv = Server(env, workers=4)
    srv.start()
    yield srv
    srv.stop()


def test_ballot_limit_holds_across_four_workers(limited_server):
    base = limited_server.base
    d = make_decision(base)
    oid = d["decision"]["options"][0]["id"]
    path = f"/t/public/api/v1/decisions/{d['id']}/ballots"
    statuses = []
    retry_after = None
    for i in range(40):
        req = urllib.request.Request(
            base + path,
            method="POST",
            data=b'{"name": "p%d", "answers": {"%d": 1}}' % (i, oid),
            headers={"Content-Type": "application/json", "Connection": "close"},
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                statuses.append(resp.status)
        except urllib.error.HTTPError as exc:
            with exc:
                statuses.append(exc.code)
                body = exc.read()
            if exc.code == 429:
                retry_after = exc.headers.get("Retry-After")
                assert b'"rate_limited"' in body
    assert statuses.count(201) == 20, statuses
    assert statuses.count(429) == 20
    assert retry_after is not None
    assert int(retry_after) > 0
    _status, got = call(base, "GET", f"/t/public/api/v1/decisions/{d['id']}")
    assert got["ballot_count"] == 20
