"""Rounds (contract part two): another round of a closed decision, its earlier rounds kept as
they closed, old edit tokens 409, invites fresh per round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from groupdecide.services.mail import read_outbox


def soon(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def made(api):
    d = api.create(labels=("Hiking", "Boat trip"))
    d["oid"] = [o["id"] for o in d["decision"]["options"]]
    return d


def close(api, made):
    r = api.call(
        "PATCH", f"/decisions/{made['id']}", {"phase": "closed"}, token=made["admin_token"]
    )
    assert r.status_code == 200, r.get_json()


def new_round(api, made, body=None, expect=201):
    r = api.call(
        "POST",
        f"/decisions/{made['id']}/rounds",
        {"phase": "voting"} if body is None else body,
        token=made["admin_token"],
    )
    assert r.status_code == expect, r.get_json()
    return r.get_json()


def test_a_decision_starts_in_round_one(api, made):
    assert made["decision"]["round"] == 1
    got = api.call("GET", f"/decisions/{made['id']}").get_json()
    assert got["round"] == 1


def test_a_new_round_starts_fresh_and_keeps_the_old_one(api, made):
    a, b, passive = made["oid"]
    api.cast(made["id"], {a: 0, b: 8, passive: 9})
    api.cast(made["id"], {a: 2, b: 9, passive: 10}, name="Ben")
    close(api, made)
    before = api.call("GET", f"/decisions/{made['id']}/results").get_json()
    got = new_round(api, made)
    assert got["round"] == 2
    assert got["phase"] == "voting"
    assert got["ballot_count"] == 0
    assert [o["id"] for o in got["options"]] == made["oid"]  # the options carry over
    assert api.call("GET", f"/decisions/{made['id']}").get_json()["round"] == 2
    live = api.call("GET", f"/decisions/{made['id']}/results").get_json()
    assert live["ballot_count"] == 0
    assert live["winners"] == []
    old = api.call("GET", f"/decisions/{made['id']}/results?round=1").get_json()
    assert old == before
    assert old["winners"] == [a]
    current = api.call("GET", f"/decisions/{made['id']}/results?round=2").get_json()
    assert current == live
    api.cast(made["id"], {a: 5, b: 0, passive: 5})
    listed = api.call("GET", f"/decisions/{made['id']}/ballots", token=made["admin_token"])
    assert len(listed.get_json()["items"]) == 1


def test_only_a_closed_decision_goes_into_another_round(api, made):
    body = new_round(api, made, expect=409)
    assert body["error"]["code"] == "conflict"
    assert api.call("GET", f"/decisions/{made['id']}").get_json()["round"] == 1


def test_starting_a_round_needs_the_admin_token(api, made):
    close(api, made)
    r = api.call("POST", f"/decisions/{made['id']}/rounds", {"phase": "voting"})
    assert r.status_code == 401
    other = api.create()
    r = api.call(
        "POST", f"/decisions/{made['id']}/rounds", {"phase": "voting"}, token=other["admin_token"]
    )
    assert r.status_code == 401
    assert api.call("GET", f"/decisions/{made['id']}").get_json()["round"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phase": "closed"}, "phase"),
        ({"phase": "maybe"}, "phase"),
        ({}, "phase"),
        ({"phase": 2}, "phase"),
        ({"phase": "voting", "closes_at": "tomorrow"}, "closes_at"),
        ({"phase": "voting", "closes_at": "2020-01-01T00:00:00Z"}, "closes_at"),
        ({"phase": "voting", "closes_at": "2030-01-01T00:00:00"}, "closes_at"),
        ({"phase": "voting", "closes_at": "99999-01-01T00:00:00Z"}, "closes_at"),
        ({"phase": "voting", "closes_at": "2030-01-01T00:00:00Z\x00"}, "closes_at"),
        ({"phase": "voting", "extra": 1}, "extra"),
    ],
)
def test_bad_bodies_name_the_field_and_change_nothing(api, made, body, field):
    close(api, made)
    got = new_round(api, made, body, expect=422)
    assert got["error"]["code"] == "validation_failed"
    assert field in got["error"]["fields"]
    assert api.call("GET", f"/decisions/{made['id']}").get_json()["round"] == 1


def test_closes_at_is_cleared_unless_given(api, made):
    close(api, made)
    got = new_round(api, made)
    assert got["closes_at"] is None
    close(api, made)
    when = soon(5)
    got = new_round(api, made, {"phase": "voting", "closes_at": when})
    assert got["round"] == 3
    assert got["closes_at"] == when
    assert got["phase"] == "voting"


def test_a_round_can_start_by_collecting(api, made):
    close(api, made)
    got = new_round(api, made, {"phase": "collecting"})
    assert got["phase"] == "collecting"
    a = made["oid"][0]
    body = api.cast(made["id"], {a: 1}, expect=409)
    assert body["error"]["code"] == "conflict"


def test_edit_tokens_of_earlier_rounds_answer_409(api, made):
    a, b, _passive = made["oid"]
    cast = api.cast(made["id"], {a: 0, b: 8})
    close(api, made)
    new_round(api, made)
    path = f"/decisions/{made['id']}/ballots/{cast['id']}"
    put = api.call("PUT", path, {"name": "Anna", "answers": {str(a): 3}}, token=cast["edit_token"])
    assert put.status_code == 409
    assert put.get_json()["error"]["code"] == "conflict"
    delete = api.call("DELETE", path, token=cast["edit_token"])
    assert delete.status_code == 409
    # a new ballot of round two with the same id (SQLite may reuse it): still 409 for the old
    fresh = api.cast(made["id"], {a: 1})
    path = f"/decisions/{made['id']}/ballots/{fresh['id']}"
    put = api.call("PUT", path, {"name": "Anna", "answers": {str(a): 3}}, token=cast["edit_token"])
    assert put.status_code == 409
    # a token that never was stays 401 / 404 as before
    put = api.call("PUT", path, {"name": "Anna", "answers": {str(a): 3}}, token="nope")
    assert put.status_code == 401
    ok = api.call("PUT", path, {"name": "Anna", "answers": {str(a): 3}}, token=fresh["edit_token"])
    assert ok.status_code == 200


def test_invites_are_fresh_per_round(api):
    made = api.create(settings={"access": "invite"})
    a = made["decision"]["options"][0]["id"]
    resp = api.call(
        "POST", f"/decisions/{made['id']}/invites", {"count": 1}, token=made["admin_token"]
    )
    token = resp.get_json()["items"][0]["token"]
    api.cast(made["id"], {a: 1}, invite=token)
    again = api.cast(made["id"], {a: 2}, invite=token, expect=409)
    assert again["error"]["code"] == "conflict"
    close(api, made)
    new_round(api, made)
    api.cast(made["id"], {a: 3}, invite=token)
    api.cast(made["id"], {a: 4}, invite=token, expect=409)


def test_results_of_a_round_keep_the_labels_as_they_were(api, made):
    a, b, _passive = made["oid"]
    api.cast(made["id"], {a: 0, b: 5})
    close(api, made)
    new_round(api, made)
    r = api.call(
        "PATCH",
        f"/decisions/{made['id']}/options/{a}",
        {"label": "Mountain hike", "confirm": True},
        token=made["admin_token"],
    )
    assert r.status_code == 200, r.get_json()
    old = api.call("GET", f"/decisions/{made['id']}/results?round=1").get_json()
    assert {o["id"]: o["label"] for o in old["options"]}[a] == "Hiking"
    live = api.call("GET", f"/decisions/{made['id']}/results").get_json()
    assert {o["id"]: o["label"] for o in live["options"]}[a] == "Mountain hike"


@pytest.mark.parametrize(("raw", "status"), [("0", 404), ("3", 404), ("99999999999", 422)])
def test_a_round_that_never_was_is_404(api, made, raw, status):
    close(api, made)
    new_round(api, made)
    r = api.call("GET", f"/decisions/{made['id']}/results?round={raw}")
    assert r.status_code == status
    assert r.get_json()["error"]["code"] == ("not_found" if status == 404 else "validation_failed")


@pytest.mark.parametrize("raw", ["x", "1.5", "-1", "²", "", "%00", "1e3"])
def test_a_round_that_is_not_an_integer_is_422_naming_round(api, made, raw):
    r = api.call("GET", f"/decisions/{made['id']}/results?round={raw}")
    assert r.status_code == 422
    assert "round" in r.get_json()["error"]["fields"]


def test_rounds_list_oldest_first_the_current_last(api, made):
    a, b, _passive = made["oid"]
    path = f"/decisions/{made['id']}/rounds"
    first = api.call("GET", path).get_json()
    assert first == {"items": [{"round": 1, "closed_at": None, "ballot_count": 0, "winners": []}]}
    api.cast(made["id"], {a: 0, b: 5})
    api.cast(made["id"], {a: 1, b: 5}, name="Ben")
    close(api, made)
    closed = api.call("GET", path).get_json()["items"]
    assert closed[0]["closed_at"] is not None
    assert closed[0]["ballot_count"] == 2
    new_round(api, made)
    api.cast(made["id"], {a: 9, b: 0})
    items = api.call("GET", path).get_json()["items"]
    assert [i["round"] for i in items] == [1, 2]
    assert items[0] == {
        "round": 1,
        "closed_at": closed[0]["closed_at"],
        "ballot_count": 2,
        "winners": [a],
    }
    assert items[1] == {"round": 2, "closed_at": None, "ballot_count": 1, "winners": [b]}
    assert items[0]["closed_at"].endswith("Z")


def test_a_round_closed_by_time_has_its_closing_time(api, app, made):
    from tests.test_notify import shift

    past = datetime.now(UTC) - timedelta(minutes=5)
    shift(app, made["id"], closes_at=past)
    items = api.call("GET", f"/decisions/{made['id']}/rounds").get_json()["items"]
    assert items[-1]["closed_at"].startswith(past.strftime("%Y-%m-%dT%H:%M:%S"))
    got = new_round(api, made)
    assert got["closes_at"] is None
    assert got["phase"] == "voting"
    items = api.call("GET", f"/decisions/{made['id']}/rounds").get_json()["items"]
    assert items[0]["closed_at"].startswith(past.strftime("%Y-%m-%dT%H:%M:%S"))
    assert items[1]["closed_at"] is None


def test_rounds_and_old_results_follow_the_result_visibility(api, made):
    made = api.create(settings={"results": "organizer"})
    admin = made["admin_token"]
    close(api, made)
    new_round(api, made)
    for path in ("/rounds", "/results?round=1"):
        r = api.call("GET", f"/decisions/{made['id']}{path}")
        assert r.status_code == 403
        assert r.get_json()["error"]["code"] == "results_hidden"
        assert api.call("GET", f"/decisions/{made['id']}{path}", token=admin).status_code == 200
        expected = 401 if path.startswith("/results") else 403  # only results check tokens
        assert api.call("GET", f"/decisions/{made['id']}{path}", token="nope").status_code == (
            expected
        )


def test_after_close_results_of_a_round_are_hidden_while_the_next_is_open(api):
    made = api.create(settings={"results": "after_close"})
    close(api, made)
    assert api.call("GET", f"/decisions/{made['id']}/rounds").status_code == 200
    new_round(api, made)
    r = api.call("GET", f"/decisions/{made['id']}/results?round=1")
    assert r.status_code == 403
    close(api, made)
    items = api.call("GET", f"/decisions/{made['id']}/rounds").get_json()["items"]
    assert [i["round"] for i in items] == [1, 2]


def test_the_round_start_is_logged(api, made):
    close(api, made)
    new_round(api, made, {"phase": "collecting"})
    log = api.call("GET", f"/decisions/{made['id']}/log", token=made["admin_token"]).get_json()
    started = [e for e in log["items"] if e["action"] == "round_started"]
    assert [e["detail"] for e in started] == [{"round": 2, "phase": "collecting"}]


def test_subscribers_and_invited_addresses_hear_of_the_new_round(api, app):
    made = api.create(settings={"access": "invite"})
    did, admin = made["id"], made["admin_token"]
    a = made["decision"]["options"][0]["id"]
    resp = api.call(
        "POST", f"/decisions/{did}/invites", {"emails": ["inv@example.org"]}, token=admin
    )
    assert resp.status_code == 201, resp.get_json()
    resp = api.call("POST", f"/decisions/{did}/invites", {"count": 1}, token=admin)
    token = resp.get_json()["items"][0]["token"]
    api.cast(did, {a: 1}, invite=token, email="sub@example.org")
    close(api, made)
    outbox = Path(app.instance_path) / "outbox"
    before = len(read_outbox(outbox))
    new_round(api, made)
    mails = read_outbox(outbox)[before:]
    assert sorted(m["To"] for m in mails) == ["inv@example.org", "sub@example.org"]
    for m in mails:
        assert "Round 2" in m["Subject"]
        body = m.get_content()
        assert f"/t/public/d/{did}" in body
        assert "round 2" in body


def test_the_openapi_document_has_rounds_and_receipts(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    paths = doc["paths"]
    assert "post" in paths["/t/{tenant}/api/v1/decisions/{decision_id}/rounds"]
    assert "get" in paths["/t/{tenant}/api/v1/decisions/{decision_id}/rounds"]
    assert "get" in paths["/t/{tenant}/api/v1/decisions/{decision_id}/receipts"]
    params = paths["/t/{tenant}/api/v1/decisions/{decision_id}/results"]["get"]["parameters"]
    assert "round" in [p["name"] for p in params]
    assert "round" in doc["components"]["schemas"]["Decision"]["properties"]
    assert "receipts" in doc["components"]["schemas"]["Settings"]["properties"]
    assert "receipt" in doc["components"]["schemas"]["BallotCreated"]["properties"]
