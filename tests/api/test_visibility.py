"""Who sees what through the API: ``individual_answers`` (names beside answers), tokens that
only ever add rights on public reads, and the discussion of invite-only decisions."""

from __future__ import annotations

import re

import pytest


def _named_with_veto(api, **settings):
    made = api.create(settings={"vetoes": True, **settings})
    did, admin = made["id"], made["admin_token"]
    hike = made["decision"]["options"][0]["id"]
    body = {"name": "Anna", "answers": {str(hike): 10}, "vetoes": {str(hike): "Too far"}}
    resp = api.call("POST", f"/decisions/{did}/ballots", body)
    assert resp.status_code == 201
    return did, admin, resp.get_json()


def _veto_names(resp):
    assert resp.status_code == 200, resp.get_json()
    return [v["name"] for v in resp.get_json()["details"]["vetoes"]]


def test_individual_answers_is_a_setting_with_a_default_and_checked(api):
    made = api.create()
    assert made["decision"]["settings"]["individual_answers"] == "everyone"
    resp = api.call(
        "POST",
        "/decisions",
        {
            "title": "Q",
            "method": "single",
            "options": [{"label": "A"}, {"label": "B"}],
            "settings": {"individual_answers": "maybe"},
        },
    )
    assert resp.status_code == 422
    assert "settings.individual_answers" in resp.get_json()["error"]["fields"]


def test_everyone_organizer_nobody_decide_who_sees_names_beside_answers(api):
    # everyone: with the results, names beside the vetoes for everyone
    did, admin, _b = _named_with_veto(api)
    assert _veto_names(api.call("GET", f"/decisions/{did}/results")) == ["Anna"]

    # organizer: the public count has no names; the admin token sees them
    did, admin, _b = _named_with_veto(api, individual_answers="organizer")
    assert _veto_names(api.call("GET", f"/decisions/{did}/results")) == [None]
    assert _veto_names(api.call("GET", f"/decisions/{did}/results", token=admin)) == ["Anna"]
    listed = api.call("GET", f"/decisions/{did}/ballots", token=admin).get_json()["items"]
    assert [b["name"] for b in listed] == ["Anna"]

    # nobody: not even the admin token lists names with answers
    did, admin, _b = _named_with_veto(api, individual_answers="nobody")
    assert _veto_names(api.call("GET", f"/decisions/{did}/results", token=admin)) == [None]
    listed = api.call("GET", f"/decisions/{did}/ballots", token=admin).get_json()["items"]
    assert [b["name"] for b in listed] == [None]
    assert listed[0]["answers"]


def test_nobody_keeps_names_out_of_the_organizers_exports(api, client):
    did, admin, _b = _named_with_veto(api, individual_answers="nobody")
    assert client.get(f"/t/public/d/{did}/admin/{admin}").status_code in (302, 303)
    for path in ("ballots.json", "ballots.csv", "results.json", "results.csv"):
        resp = client.get(f"/t/public/d/{did}/admin/export/{path}")
        assert resp.status_code == 200
        assert "Anna" not in resp.get_data(as_text=True), path
    page = client.get(f"/t/public/d/{did}/admin").get_data(as_text=True)
    assert "Anna" not in page


def test_individual_answers_may_become_more_private_but_not_more_open_after_answers(api):
    made = api.create(settings={"individual_answers": "organizer"})
    did, admin = made["id"], made["admin_token"]
    url = f"/decisions/{did}"
    # before any answer: either way
    resp = api.call("PATCH", url, {"settings": {"individual_answers": "everyone"}}, token=admin)
    assert resp.status_code == 200
    assert resp.get_json()["settings"]["individual_answers"] == "everyone"
    api.cast(did, {made["decision"]["options"][0]["id"]: 3})
    resp = api.call("PATCH", url, {"settings": {"individual_answers": "nobody"}}, token=admin)
    assert resp.status_code == 200
    resp = api.call("PATCH", url, {"settings": {"individual_answers": "organizer"}}, token=admin)
    assert resp.status_code == 422
    assert "settings.individual_answers" in resp.get_json()["error"]["fields"]
    got = api.call("GET", url).get_json()["settings"]["individual_answers"]
    assert got == "nobody"  # nothing half-changed


def _public_get_routes(app):
    """Every API GET route of one decision (no further ids in the path)."""
    out = []
    for rule in app.url_map.iter_rules():
        one_decision = set(rule.arguments) == {"tenant", "decision_id"}
        if rule.endpoint.startswith("api.") and "GET" in rule.methods and one_decision:
            out.append(re.sub(r"<[^>]*decision_id>", "{did}", str(rule)))
    return sorted(out)


@pytest.mark.parametrize("results", ["public", "after_close"])
def test_a_token_of_lesser_rights_never_hides_a_public_read(app, api, client, make_tenant, results):
    made = api.create(settings={"results": results})
    did = made["id"]
    ballot = api.cast(did, {made["decision"]["options"][0]["id"]: 2})
    if results == "after_close":
        api.call("PATCH", f"/decisions/{did}", {"phase": "closed"}, token=made["admin_token"])
    other = api.create()
    _slug, foreign_key = make_tenant()
    # valid for this decision, with lesser rights: never less than no token
    lesser = {"own edit token": ballot["edit_token"]}
    # not valid for this decision: 401 where the contract checks tokens (results), and never
    # more than no token anywhere
    invalid = {
        "another decision's admin token": other["admin_token"],
        "another tenant's API key": foreign_key,
        "an unknown token": "x" * 43,
    }
    routes = _public_get_routes(app)
    assert any(r.endswith("/results") for r in routes)
    checked = 0
    for route in routes:
        path = route.replace("<tenant>", "public").replace("{did}", did)
        plain = client.get(path)
        if plain.status_code != 200:
            continue  # not public (the ballots list needs the admin token)
        checked += 1
        for kind, token in lesser.items():
            resp = client.get(path, headers={"Authorization": f"Bearer {token}"})
            assert resp.status_code == 200, (path, kind, resp.get_json())
            assert resp.get_json() == plain.get_json(), (path, kind)
        for kind, token in invalid.items():
            resp = client.get(path, headers={"Authorization": f"Bearer {token}"})
            if path.endswith("/results"):
                assert resp.status_code == 401, (path, kind)
                assert resp.get_json()["error"]["code"] == "unauthorized"
            else:
                assert resp.status_code == 200, path
                assert resp.get_json() == plain.get_json(), path
    assert checked >= 3  # the decision, its results and its discussion at least

    # where nothing is public, a token still has to be the right one
    hidden = api.create(settings={"results": "organizer"})
    url = f"/decisions/{hidden['id']}/results"
    assert api.call("GET", url).status_code == 403
    # an edit token of another decision is not valid here; one of this decision is valid but
    # may not read hidden results
    assert api.call("GET", url, token=ballot["edit_token"]).status_code == 401
    mine = api.cast(hidden["id"], {hidden["decision"]["options"][0]["id"]: 2})
    resp = api.call("GET", url, token=mine["edit_token"])
    assert resp.status_code == 403
    assert resp.get_json()["error"]["code"] == "results_hidden"
    assert api.call("GET", url, token=hidden["admin_token"]).status_code == 200


def test_comments_on_invite_only_decisions_need_an_invite_or_a_ballot(api):
    open_one = api.create()  # by link: anyone with it
    resp = api.call("POST", f"/decisions/{open_one['id']}/comments", {"name": "A", "body": "Hi"})
    assert resp.status_code == 201

    made = api.create(settings={"access": "invite"})
    did, admin = made["id"], made["admin_token"]
    option = made["decision"]["options"][0]["id"]
    invites = api.call("POST", f"/decisions/{did}/invites", {"count": 3}, token=admin)
    tokens = [i["token"] for i in invites.get_json()["items"]]
    url = f"/decisions/{did}/comments"
    body = {"name": "Mallory", "body": "Buy my stuff"}

    resp = api.call("POST", url, body)
    assert resp.status_code == 403
    assert resp.get_json()["error"]["fields"] == {"invite": "missing"}
    resp = api.call("POST", url, {**body, "invite": "nope" * 10})
    assert resp.status_code == 403
    assert resp.get_json()["error"]["fields"] == {"invite": "unknown"}
    assert api.call("GET", url).get_json()["items"] == []

    # an invite (unused), the edit token of a ballot, the admin token: welcome
    resp = api.call("POST", url, {"name": "Ina", "body": "Before I vote", "invite": tokens[0]})
    assert resp.status_code == 201
    cast = api.call(
        "POST",
        f"/decisions/{did}/ballots",
        {"name": "Ina", "answers": {str(option): 1}, "invite": tokens[0]},
    ).get_json()
    resp = api.call("POST", url, {"name": "Ina", "body": "After"}, token=cast["edit_token"])
    assert resp.status_code == 201
    resp = api.call("POST", url, {"name": "Org", "body": "Thanks"}, token=admin)
    assert resp.status_code == 201
    # a withdrawn invite: no longer
    listed = api.call("GET", f"/decisions/{did}/invites", token=admin).get_json()["items"]
    api.call("DELETE", f"/decisions/{did}/invites/{listed[1]['id']}", token=admin)
    resp = api.call("POST", url, {**body, "invite": tokens[1]})
    assert resp.status_code == 403
    assert [c["body"] for c in api.call("GET", url).get_json()["items"]] == [
        "Before I vote",
        "After",
        "Thanks",
    ]
