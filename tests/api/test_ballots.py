"""Ballots, invites and results through the API, as the contract states them."""

from __future__ import annotations

import pytest


@pytest.fixture
def decision(api):
    d = api.create(labels=("Hiking", "Boat trip", "Museum"))
    d["oid"] = [o["id"] for o in d["decision"]["options"]]
    return d


def test_cast_returns_edit_link_and_counts(api, decision):
    a, b, c, passive = decision["oid"]
    r = api.cast(decision["id"], {a: 3, b: 0, c: 10})
    assert isinstance(r["id"], int)
    assert len(r["edit_token"]) >= 22
    assert r["links"]["edit"].endswith(f"/d/{decision['id']}/ballot/{r['edit_token']}")
    api.cast(decision["id"], {a: 5, passive: 6}, name="Ben")
    got = api.call("GET", f"/decisions/{decision['id']}").get_json()
    assert got["ballot_count"] == 2
    res = api.call("GET", f"/decisions/{decision['id']}/results").get_json()
    assert res["method"] == "consensus"
    assert res["ballot_count"] == 2
    by_id = {o["id"]: o for o in res["options"]}
    assert by_id[a]["votes"] == 2
    assert by_id[a]["resistance"] == 8
    assert by_id[a]["mean"] == 4.0
    assert by_id[a]["acceptance"] == pytest.approx(1 - 8 / 20)
    assert by_id[a]["max"] == 5
    assert by_id[b]["votes"] == 1
    assert by_id[b]["mean"] == 0.0
    assert by_id[passive]["mean"] == 6.0
    assert by_id[a]["below_passive"] is True
    assert by_id[a]["passive_gap"] == 2.0
    assert by_id[c]["below_passive"] is False
    assert by_id[c]["passive_gap"] == -4.0
    assert res["ranking"] == [[b], [a], [passive], [c]]
    assert res["winners"] == [b]
    assert res["details"]["passive_option"] == passive
    assert [o["id"] for o in res["options"]] == decision["oid"]


def test_results_with_no_ballots(api, decision):
    res = api.call("GET", f"/decisions/{decision['id']}/results").get_json()
    assert res["ballot_count"] == 0
    assert res["winners"] == []
    for o in res["options"]:
        assert o["mean"] is None
        assert o["acceptance"] is None
        assert o["max"] is None
        assert o["below_passive"] is False


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"A": 11}, "answers.A"),
        ({"A": -1}, "answers.A"),
        ({"A": "3"}, "answers.A"),
        ({"A": 2.5}, "answers.A"),
        ({"99999": 3}, "answers.99999"),
        ({"abc": 3}, "answers.abc"),
        ({}, "answers"),
    ],
)
def test_bad_answers_are_422_naming_the_field(api, decision, answers, field):
    a = decision["oid"][0]
    body = {str(a) if k == "A" else k: v for k, v in answers.items()}
    r = api.call("POST", f"/decisions/{decision['id']}/ballots", {"name": "X", "answers": body})
    assert r.status_code == 422, r.get_json()
    fields = r.get_json()["error"]["fields"]
    assert field.replace("A", str(a)) in fields, fields
    assert api.call("GET", f"/decisions/{decision['id']}").get_json()["ballot_count"] == 0


def test_answers_must_be_an_object_and_name_is_required(api, decision):
    a = decision["oid"][0]
    path = f"/decisions/{decision['id']}/ballots"
    r = api.call("POST", path, {"name": "X", "answers": [3]})
    assert r.status_code == 422
    assert "answers" in r.get_json()["error"]["fields"]
    r = api.call("POST", path, {"answers": {str(a): 3}})
    assert r.status_code == 422
    assert "name" in r.get_json()["error"]["fields"]
    r = api.call("POST", path, {"name": "   ", "answers": {str(a): 3}})
    assert r.status_code == 422
    assert "name" in r.get_json()["error"]["fields"]
    r = api.call("POST", path, {"name": "x" * 101, "answers": {str(a): 3}})
    assert r.status_code == 422
    assert "name" in r.get_json()["error"]["fields"]
    r = api.call("POST", path, {"name": "X", "answers": {str(a): 3}, "vote_twice": True})
    assert r.status_code == 422
    assert "vote_twice" in r.get_json()["error"]["fields"]


def test_anonymous_refuses_a_name_and_lists_null_names(api):
    d = api.create(settings={"anonymous": True})
    a = d["decision"]["options"][0]["id"]
    r = api.call("POST", f"/decisions/{d['id']}/ballots", {"name": "Anna", "answers": {str(a): 1}})
    assert r.status_code == 422
    assert "name" in r.get_json()["error"]["fields"]
    api.cast(d["id"], {a: 1}, name=None)
    items = api.call("GET", f"/decisions/{d['id']}/ballots", token=d["admin_token"]).get_json()[
        "items"
    ]
    assert len(items) == 1
    assert items[0]["name"] is None
    assert items[0]["created_at"].endswith("T00:00:00Z")  # kept only to the day


def test_cast_only_while_voting(api):
    d = api.create(settings={"start_phase": "collecting"})
    a = d["decision"]["options"][0]["id"]
    r = api.cast(d["id"], {a: 1}, expect=409)
    assert r["error"]["code"] == "conflict"
    api.call("PATCH", f"/decisions/{d['id']}", {"phase": "voting"}, token=d["admin_token"])
    api.cast(d["id"], {a: 1})
    api.call("PATCH", f"/decisions/{d['id']}", {"phase": "closed"}, token=d["admin_token"])
    api.cast(d["id"], {a: 1}, expect=409)


def test_edit_and_withdraw_with_edit_token_only(api, decision):
    a, b, *_ = decision["oid"]
    mine = api.cast(decision["id"], {a: 3})
    other = api.cast(decision["id"], {a: 7}, name="Ben")
    path = f"/decisions/{decision['id']}/ballots/{mine['id']}"
    body = {"name": "Anna B.", "answers": {str(b): 4}}
    assert api.call("PUT", path, body).status_code == 401
    assert api.call("PUT", path, body, token=other["edit_token"]).status_code == 401
    assert api.call("PUT", path, body, token=decision["admin_token"]).status_code == 401
    r = api.call("PUT", path, body, token=mine["edit_token"])
    assert r.status_code == 200
    assert r.get_json()["answers"] == {str(b): 4}
    assert r.get_json()["name"] == "Anna B."
    r = api.call("PUT", path, {"name": "Anna", "answers": {str(b): 12}}, token=mine["edit_token"])
    assert r.status_code == 422
    res = api.call("GET", f"/decisions/{decision['id']}/results").get_json()
    by_id = {o["id"]: o for o in res["options"]}
    assert by_id[a]["votes"] == 1
    assert by_id[b]["votes"] == 1
    assert by_id[b]["resistance"] == 4
    assert api.call("DELETE", path, token=other["edit_token"]).status_code == 401
    assert api.call("DELETE", path, token=mine["edit_token"]).status_code == 204
    assert api.call("GET", f"/decisions/{decision['id']}").get_json()["ballot_count"] == 1
    assert api.call("DELETE", path, token=mine["edit_token"]).status_code == 404


def test_edit_only_while_voting(api, decision):
    a = decision["oid"][0]
    mine = api.cast(decision["id"], {a: 3})
    api.call(
        "PATCH", f"/decisions/{decision['id']}", {"phase": "closed"}, token=decision["admin_token"]
    )
    path = f"/decisions/{decision['id']}/ballots/{mine['id']}"
    r = api.call("PUT", path, {"name": "A", "answers": {str(a): 1}}, token=mine["edit_token"])
    assert r.status_code == 409
    assert api.call("DELETE", path, token=mine["edit_token"]).status_code == 409


def test_ballot_of_another_decision_is_404(api, decision):
    other = api.create()
    mine = api.cast(decision["id"], {decision["oid"][0]: 3})
    path = f"/decisions/{other['id']}/ballots/{mine['id']}"
    assert (
        api.call("PUT", path, {"name": "A", "answers": {}}, token=mine["edit_token"]).status_code
        == 404
    )


def test_list_ballots_needs_admin(api, decision):
    a = decision["oid"][0]
    api.cast(decision["id"], {a: 3})
    path = f"/decisions/{decision['id']}/ballots"
    assert api.call("GET", path).status_code == 401
    items = api.call("GET", path, token=decision["admin_token"]).get_json()["items"]
    assert items[0]["name"] == "Anna"
    assert items[0]["answers"] == {str(a): 3}
    assert items[0]["created_at"].endswith("Z")


def test_ballot_cast_before_option_existed_counts_as_not_rated(api, decision):
    a = decision["oid"][0]
    api.cast(decision["id"], {a: 2})
    new = api.call(
        "POST",
        f"/decisions/{decision['id']}/options",
        {"label": "Late idea"},
        token=decision["admin_token"],
    ).get_json()
    api.cast(decision["id"], {new["id"]: 1}, name="Ben")
    res = api.call("GET", f"/decisions/{decision['id']}/results").get_json()
    late = next(o for o in res["options"] if o["id"] == new["id"])
    assert late["votes"] == 1
    assert late["mean"] == 1.0


def test_removed_option_is_no_longer_counted(api, decision):
    a, b, *_ = decision["oid"]
    api.cast(decision["id"], {a: 2, b: 5})
    # it carries an answer: removing it in voting needs the confirmation (contract part two)
    path = f"/decisions/{decision['id']}/options/{a}"
    assert api.call("DELETE", path, token=decision["admin_token"]).status_code == 409
    r = api.call("DELETE", path + "?confirm=true", token=decision["admin_token"])
    assert r.status_code == 204
    res = api.call("GET", f"/decisions/{decision['id']}/results").get_json()
    assert a not in [o["id"] for o in res["options"]]
    assert all(a not in group for group in res["ranking"])


def test_results_visibility(api):
    d = api.create(settings={"results": "after_close"})
    path = f"/decisions/{d['id']}/results"
    r = api.call("GET", path)
    assert r.status_code == 403
    assert r.get_json()["error"]["code"] == "results_hidden"
    assert api.call("GET", path, token=d["admin_token"]).status_code == 200
    api.call("PATCH", f"/decisions/{d['id']}", {"phase": "closed"}, token=d["admin_token"])
    assert api.call("GET", path).status_code == 200

    o = api.create(settings={"results": "organizer"})
    opath = f"/decisions/{o['id']}/results"
    api.call("PATCH", f"/decisions/{o['id']}", {"phase": "closed"}, token=o["admin_token"])
    assert api.call("GET", opath).status_code == 403
    assert api.call("GET", opath, token=d["admin_token"]).status_code == 401
    assert api.call("GET", opath, token=o["admin_token"]).status_code == 200


def test_invites_cast_one_ballot_each(api):
    d = api.create(settings={"access": "invite"})
    a = d["decision"]["options"][0]["id"]
    path = f"/decisions/{d['id']}/invites"
    assert api.call("POST", path, {"count": 2}).status_code == 401
    assert api.call("POST", path, {"count": 0}, token=d["admin_token"]).status_code == 422
    items = api.call("POST", path, {"count": 2}, token=d["admin_token"]).get_json()["items"]
    assert len(items) == 2
    assert items[0]["token"] in items[0]["link"]
    r = api.cast(d["id"], {a: 1}, expect=403)
    assert r["error"]["code"] == "forbidden"
    api.cast(d["id"], {a: 1}, expect=403, invite="not-a-real-invite")
    api.cast(d["id"], {a: 1}, invite=items[0]["token"])
    r = api.cast(d["id"], {a: 1}, expect=409, invite=items[0]["token"])
    assert r["error"]["code"] == "conflict"
    # an invalid ballot does not use up the invite
    api.cast(d["id"], {a: 99}, expect=422, invite=items[1]["token"])
    api.cast(d["id"], {a: 2}, invite=items[1]["token"], name="Ben")
    other = api.create(settings={"access": "invite"})
    oa = other["decision"]["options"][0]["id"]
    api.cast(other["id"], {oa: 1}, expect=403, invite=items[1]["token"])


def test_cached_count_follows_every_change_even_anonymous_edits(api, monkeypatch):
    from groupdecide.services import results as results_service

    d = api.create(settings={"anonymous": True})
    a = d["decision"]["options"][0]["id"]
    path = f"/decisions/{d['id']}/results"
    mine = api.cast(d["id"], {a: 3}, name=None)
    reads = []
    original = results_service.ballot_answers
    monkeypatch.setattr(
        results_service, "ballot_answers", lambda dec: reads.append(1) or original(dec)
    )
    first = api.call("GET", path).get_json()
    again = api.call("GET", path).get_json()
    assert first == again
    assert len(reads) == 1
    # an edit the same day (anonymous ballots keep only the day) still shows at once
    r = api.call(
        "PUT",
        f"/decisions/{d['id']}/ballots/{mine['id']}",
        {"answers": {str(a): 9}},
        token=mine["edit_token"],
    )
    assert r.status_code == 200
    by_id = {o["id"]: o for o in api.call("GET", path).get_json()["options"]}
    assert by_id[a]["resistance"] == 9
    api.call("DELETE", f"/decisions/{d['id']}/ballots/{mine['id']}", token=mine["edit_token"])
    assert api.call("GET", path).get_json()["ballot_count"] == 0
    api.call("POST", f"/decisions/{d['id']}/options", {"label": "Late"}, token=d["admin_token"])
    labels = [o["label"] for o in api.call("GET", path).get_json()["options"]]
    assert "Late" in labels
