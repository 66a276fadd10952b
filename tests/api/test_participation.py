"""Participation through the API: invites (used, revoked, unknown, listed, mailed), vetoes,
result visibility, the automatic start of voting, the outcome and the discussion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision


def shift(app, decision_id, **values):
    """Change a decision's columns directly (times in the past the API refuses)."""
    with app.app_context():
        db.session.execute(
            sa.update(Decision).where(Decision.id == decision_id).values(**values),
            execution_options={"all_tenants": True},
        )
        db.session.commit()


def past(minutes=1):
    return datetime.now(UTC) - timedelta(minutes=minutes)


def test_invites_one_ballot_each_and_clear_refusals(api, app):
    made = api.create(settings={"access": "invite", "anonymous": True})
    did, admin = made["id"], made["admin_token"]
    opts = [o["id"] for o in made["decision"]["options"]]
    resp = api.call("POST", f"/decisions/{did}/invites", {"count": 3}, token=admin)
    assert resp.status_code == 201
    items = resp.get_json()["items"]
    assert len(items) == 3
    assert all(i["link"].endswith(i["token"]) for i in items)

    # no invite, an unknown one: 403; a used one: 409; a revoked one: 403
    body = {"answers": {str(opts[0]): 3}}
    resp = api.call("POST", f"/decisions/{did}/ballots", body)
    assert resp.status_code == 403
    assert resp.get_json()["error"]["code"] == "forbidden"
    resp = api.call("POST", f"/decisions/{did}/ballots", {**body, "invite": "nope" * 8})
    assert resp.status_code == 403
    resp = api.call("POST", f"/decisions/{did}/ballots", {**body, "invite": items[0]["token"]})
    assert resp.status_code == 201
    resp = api.call("POST", f"/decisions/{did}/ballots", {**body, "invite": items[0]["token"]})
    assert resp.status_code == 409
    assert resp.get_json()["error"]["message"] == "This invite has been used already."

    listed = api.call("GET", f"/decisions/{did}/invites", token=admin).get_json()["items"]
    # anonymous and open: which invite was used is not shown yet (tests/test_anonymity.py)
    assert [i["used"] for i in listed] == [None, None, None]
    assert "ballot" not in str(listed)

    resp = api.call("DELETE", f"/decisions/{did}/invites/{listed[1]['id']}", token=admin)
    assert resp.status_code == 204
    resp = api.call("POST", f"/decisions/{did}/ballots", {**body, "invite": items[1]["token"]})
    assert resp.status_code == 403
    assert "withdrawn" in resp.get_json()["error"]["message"]
    # a used invite is withdrawn like any other while open (a 409 would tell it was used);
    # its ballot stays
    resp = api.call("DELETE", f"/decisions/{did}/invites/{listed[0]['id']}", token=admin)
    assert resp.status_code == 204
    assert (
        api.call("PATCH", f"/decisions/{did}", {"phase": "closed"}, token=admin).status_code == 200
    )
    listed = api.call("GET", f"/decisions/{did}/invites", token=admin).get_json()["items"]
    assert [i["used"] for i in listed] == [True, False, False]
    # anonymous: when an invite was used is known only to the day
    assert listed[0]["used_at"].endswith("T00:00:00Z")
    # once shown, a used invite cannot be withdrawn: its ballot stays
    resp = api.call("DELETE", f"/decisions/{did}/invites/{listed[0]['id']}", token=admin)
    assert resp.status_code == 409
    # listing and revoking need the admin token
    assert api.call("GET", f"/decisions/{did}/invites").status_code == 401
    assert api.call("DELETE", f"/decisions/{did}/invites/{listed[2]['id']}").status_code == 401
    ballots = api.call("GET", f"/decisions/{did}/ballots", token=admin).get_json()["items"]
    assert len(ballots) == 1


def test_invites_by_mail_land_in_the_outbox(api, app):
    from groupdecide.services.mail import read_outbox

    made = api.create(settings={"access": "invite"})
    did, admin = made["id"], made["admin_token"]
    resp = api.call(
        "POST", f"/decisions/{did}/invites", {"emails": ["a@example.org", "bad"]}, token=admin
    )
    assert resp.status_code == 422
    assert "emails" in resp.get_json()["error"]["fields"]
    resp = api.call(
        "POST",
        f"/decisions/{did}/invites",
        {"emails": ["a@example.org", "b@example.org"]},
        token=admin,
    )
    assert resp.status_code == 201
    items = resp.get_json()["items"]
    assert [i["email"] for i in items] == ["a@example.org", "b@example.org"]
    with app.app_context():
        from pathlib import Path

        mails = read_outbox(Path(app.instance_path) / "outbox")
    assert sorted(m["To"] for m in mails) == ["a@example.org", "b@example.org"]
    bodies = {m["To"]: m.get_content() for m in mails}
    assert items[0]["token"] in bodies["a@example.org"]
    assert items[0]["token"] not in bodies["b@example.org"]
    # the contract's body still works and still needs count
    assert api.call("POST", f"/decisions/{did}/invites", {}, token=admin).status_code == 422


def test_vetoes_need_a_reason_and_a_ten(api):
    made = api.create(settings={"vetoes": True})
    did = made["id"]
    hike, boat, _passive = [o["id"] for o in made["decision"]["options"]]
    assert made["decision"]["settings"]["vetoes"] is True
    url = f"/decisions/{did}/ballots"
    resp = api.call(
        "POST", url, {"name": "A", "answers": {str(hike): 10}, "vetoes": {str(hike): "  "}}
    )
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"] == {f"vetoes.{hike}": "a veto needs a reason"}
    resp = api.call(
        "POST", url, {"name": "A", "answers": {str(hike): 9}, "vetoes": {str(hike): "too far"}}
    )
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"][f"vetoes.{hike}"] == "a veto needs a resistance of 10"
    resp = api.call(
        "POST",
        url,
        {
            "name": "Anna",
            "answers": {str(hike): 10, str(boat): 2},
            "vetoes": {str(hike): "I cannot walk that far"},
        },
    )
    assert resp.status_code == 201
    result = api.call("GET", f"/decisions/{did}/results").get_json()
    assert result["details"]["vetoes"] == [
        {"option": hike, "reason": "I cannot walk that far", "name": "Anna"}
    ]
    assert {o["id"]: o["vetoes"] for o in result["options"]}[hike] == 1
    # a decision without the setting refuses vetoes; other methods cannot have it
    plain = api.create()
    opt = plain["decision"]["options"][0]["id"]
    resp = api.call(
        "POST",
        f"/decisions/{plain['id']}/ballots",
        {"name": "A", "answers": {str(opt): 10}, "vetoes": {str(opt): "x"}},
    )
    assert resp.status_code == 422
    assert "vetoes" in resp.get_json()["error"]["fields"]
    resp = api.call(
        "POST",
        "/decisions",
        {
            "title": "x",
            "method": "single",
            "options": [{"label": "a"}, {"label": "b"}],
            "settings": {"vetoes": True},
        },
    )
    assert resp.status_code == 422
    assert "settings.vetoes" in resp.get_json()["error"]["fields"]


def test_anonymous_vetoes_carry_no_name(api):
    made = api.create(settings={"vetoes": True, "anonymous": True})
    hike = made["decision"]["options"][0]["id"]
    api.cast(made["id"], {hike: 10}, name=None, vetoes={str(hike): "no"})
    result = api.call("GET", f"/decisions/{made['id']}/results").get_json()
    assert result["details"]["vetoes"][0]["name"] is None


def test_results_hidden_until_closed_but_the_organizer_sees_them(api, app):
    made = api.create(settings={"results": "after_close", "closes_at": "2999-01-01T00:00:00Z"})
    did, admin = made["id"], made["admin_token"]
    api.cast(did, {made["decision"]["options"][0]["id"]: 1})
    resp = api.call("GET", f"/decisions/{did}/results")
    assert resp.status_code == 403
    assert resp.get_json()["error"]["code"] == "results_hidden"
    assert api.call("GET", f"/decisions/{did}/results", token=admin).status_code == 200
    shift(app, did, closes_at=past())
    assert api.call("GET", f"/decisions/{did}").get_json()["phase"] == "closed"
    assert api.call("GET", f"/decisions/{did}/results").status_code == 200
    resp = api.cast(did, {made["decision"]["options"][0]["id"]: 1}, expect=409)
    assert "closed" in resp["error"]["message"]


def test_voting_starts_by_itself(api, app):
    later = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    made = api.create(settings={"start_phase": "collecting", "voting_starts_at": later})
    did = made["id"]
    assert made["decision"]["phase"] == "collecting"
    assert made["decision"]["settings"]["voting_starts_at"] == later
    api.cast(did, {made["decision"]["options"][0]["id"]: 1}, expect=409)
    shift(app, did, voting_starts_at=past())
    assert api.call("GET", f"/decisions/{did}").get_json()["phase"] == "voting"
    api.cast(did, {made["decision"]["options"][0]["id"]: 1})
    # only with collecting, only in the future, only consensus
    for settings in (
        {"voting_starts_at": later},
        {"start_phase": "collecting", "voting_starts_at": "2000-01-01T00:00:00Z"},
    ):
        resp = api.call(
            "POST",
            "/decisions",
            {
                "title": "x",
                "method": "consensus",
                "options": [{"label": "a"}],
                "settings": settings,
            },
        )
        assert resp.status_code == 422
        assert "settings.voting_starts_at" in resp.get_json()["error"]["fields"]


def test_outcome_once_closed(api):
    made = api.create()
    did, admin = made["id"], made["admin_token"]
    resp = api.call("PATCH", f"/decisions/{did}", {"outcome": "We go hiking."}, token=admin)
    assert resp.status_code == 409
    resp = api.call(
        "PATCH", f"/decisions/{did}", {"phase": "closed", "outcome": "We go hiking."}, token=admin
    )
    assert resp.status_code == 200
    got = api.call("GET", f"/decisions/{did}").get_json()
    assert got["outcome"] == "We go hiking."
    assert got["outcome_at"]
    assert "notify" not in got
    assert "notify_email" not in str(got)


def test_comments_api(api):
    made = api.create()
    did, admin = made["id"], made["admin_token"]
    resp = api.call("POST", f"/decisions/{did}/comments", {"name": "Anna", "body": ""})
    assert resp.status_code == 422
    assert "body" in resp.get_json()["error"]["fields"]
    resp = api.call("POST", f"/decisions/{did}/comments", {"name": "Anna", "body": "**Yes**"})
    assert resp.status_code == 201
    cid = resp.get_json()["id"]
    items = api.call("GET", f"/decisions/{did}/comments").get_json()["items"]
    assert [c["body"] for c in items] == ["**Yes**"]
    assert api.call("DELETE", f"/decisions/{did}/comments/{cid}").status_code == 401
    assert api.call("DELETE", f"/decisions/{did}/comments/{cid}", token=admin).status_code == 204
    resp = api.call("PATCH", f"/decisions/{did}", {"settings": {"comments": False}}, token=admin)
    assert resp.status_code == 200
    assert resp.get_json()["settings"]["comments"] is False
    resp = api.call("POST", f"/decisions/{did}/comments", {"name": "Anna", "body": "hi"})
    assert resp.status_code == 403


def test_edit_with_another_ballots_token_is_401(api):
    made = api.create()
    opt = made["decision"]["options"][0]["id"]
    a = api.cast(made["id"], {opt: 1})
    b = api.cast(made["id"], {opt: 2}, name="Ben")
    resp = api.call(
        "PUT",
        f"/decisions/{made['id']}/ballots/{a['id']}",
        {"name": "X", "answers": {str(opt): 9}},
        token=b["edit_token"],
    )
    assert resp.status_code == 401


def test_email_on_a_ballot_is_kept_apart(api, app):
    from groupdecide.models import Subscription

    made = api.create(settings={"anonymous": True})
    opt = made["decision"]["options"][0]["id"]
    bad = api.cast(made["id"], {opt: 1}, name=None, email="x", expect=422)
    assert "email" in bad["error"]["fields"]
    resp = api.call(
        "POST",
        f"/decisions/{made['id']}/ballots",
        {"answers": {str(opt): 1}, "email": "Ann@Example.org"},
    )
    assert resp.status_code == 201
    with app.app_context():
        subs = (
            db.session.execute(
                sa.select(Subscription.email), execution_options={"all_tenants": True}
            )
            .scalars()
            .all()
        )
        columns = {c.name for c in Ballot.__table__.columns}
    assert subs == ["ann@example.org"]
    assert "email" not in columns
