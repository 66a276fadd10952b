"""Hand counts (the contract's part two): a room's answers, counted as that many ballots."""

from __future__ import annotations


def _consensus(api):
    made = api.create(labels=("Hiking", "Boat trip"))
    a, b, passive = (o["id"] for o in made["decision"]["options"])
    return made["id"], made["admin_token"], a, b, passive


def test_a_hand_count_counts_as_that_many_ballots(api):
    did, admin, a, b, passive = _consensus(api)
    api.cast(did, {a: 2, b: 6, passive: 9}, name="Online")
    body = {
        "label": "General assembly, room count",
        "people": 12,
        "counts": {str(a): {"0": 5, "3": 4, "10": 3}, str(b): {"2": 12}},
    }
    resp = api.call("POST", f"/decisions/{did}/hand-counts", body, token=admin)
    assert resp.status_code == 201, resp.get_json()
    made = resp.get_json()
    assert made["label"] == "General assembly, room count"
    assert made["people"] == 12
    assert made["counts"] == {str(a): {"0": 5, "3": 4, "10": 3}, str(b): {"2": 12}}
    assert "ballots" not in made
    assert made["created_at"]

    result = api.call("GET", f"/decisions/{did}/results").get_json()
    assert result["ballot_count"] == 13
    rows = {o["id"]: o for o in result["options"]}
    assert rows[a]["votes"] == 13
    assert rows[a]["resistance"] == 2 + 0 * 5 + 3 * 4 + 10 * 3
    assert rows[a]["max"] == 10
    assert rows[b]["votes"] == 13
    assert rows[b]["resistance"] == 6 + 2 * 12
    assert rows[passive]["votes"] == 1  # the room did not rate it
    assert result["details"]["hand_counts"] == [
        {"id": made["id"], "label": "General assembly, room count", "people": 12}
    ]
    assert result["quorum_met"] is True

    listed = api.call("GET", f"/decisions/{did}/hand-counts", token=admin).get_json()
    assert [h["id"] for h in listed["items"]] == [made["id"]]

    log = api.call("GET", f"/decisions/{did}/log", token=admin).get_json()["items"]
    added = [e for e in log if e["action"] == "hand_count_added"]
    assert added[0]["detail"] == {
        "id": made["id"],
        "label": "General assembly, room count",
        "people": 12,
    }

    resp = api.call("DELETE", f"/decisions/{did}/hand-counts/{made['id']}", token=admin)
    assert resp.status_code == 204
    result = api.call("GET", f"/decisions/{did}/results").get_json()
    assert result["ballot_count"] == 1
    assert result["details"]["hand_counts"] == []
    log = api.call("GET", f"/decisions/{did}/log", token=admin).get_json()["items"]
    assert [e["action"] for e in log][-1] == "hand_count_removed"
    resp = api.call("DELETE", f"/decisions/{did}/hand-counts/{made['id']}", token=admin)
    assert resp.status_code == 404


def test_every_problem_of_a_hand_count_is_named_at_once(api):
    did, admin, a, b, _passive = _consensus(api)
    body = {
        "label": "Room",
        "people": 10,
        "counts": {str(a): {"11": 1, "x": 2, "3": -1}, str(b): {"2": 11}, "999999": {"1": 1}},
        "colour": "red",
    }
    resp = api.call("POST", f"/decisions/{did}/hand-counts", body, token=admin)
    assert resp.status_code == 422
    fields = resp.get_json()["error"]["fields"]
    assert set(fields) == {
        f"counts.{a}.11",
        f"counts.{a}.x",
        f"counts.{a}.3",
        f"counts.{b}",
        "counts.999999",
        "colour",
    }
    assert fields[f"counts.{a}.11"] == "must be between 0 and 10"
    assert "more than the 10 people" in fields[f"counts.{b}"]
    for people in (0, -1, "12", 1.5, True, 10**20, 100_001, None):
        resp = api.call(
            "POST",
            f"/decisions/{did}/hand-counts",
            {"people": people, "counts": {str(a): {"1": 1}}},
            token=admin,
        )
        assert resp.status_code == 422, people
        assert set(resp.get_json()["error"]["fields"]) == {"people"}, people
    for label in ("x" * 201, "a\x00b", 5):
        resp = api.call(
            "POST",
            f"/decisions/{did}/hand-counts",
            {"label": label, "people": 1, "counts": {}},
            token=admin,
        )
        assert resp.status_code == 422, label
    resp = api.call(
        "POST",
        f"/decisions/{did}/hand-counts",
        {"people": 3, "ballots": [{"answers": {}, "count": 3}]},
        token=admin,
    )
    assert resp.status_code == 422
    assert set(resp.get_json()["error"]["fields"]) == {"ballots", "counts"}
    # nothing was written
    assert api.call("GET", f"/decisions/{did}/hand-counts", token=admin).get_json() == {"items": []}
    assert api.call("GET", f"/decisions/{did}/results").get_json()["ballot_count"] == 0


def test_hand_counts_need_the_admin_token_and_the_voting_phase(api):
    did, admin, a, _b, _passive = _consensus(api)
    body = {"people": 2, "counts": {str(a): {"1": 2}}}
    assert api.call("POST", f"/decisions/{did}/hand-counts", body).status_code == 401
    assert api.call("POST", f"/decisions/{did}/hand-counts", body, token="x").status_code == 401
    assert api.call("GET", f"/decisions/{did}/hand-counts").status_code == 401
    hc = api.call("POST", f"/decisions/{did}/hand-counts", body, token=admin).get_json()
    assert api.call("DELETE", f"/decisions/{did}/hand-counts/{hc['id']}").status_code == 401
    resp = api.call("PATCH", f"/decisions/{did}", {"phase": "closed"}, token=admin)
    assert resp.status_code == 200
    assert api.call("POST", f"/decisions/{did}/hand-counts", body, token=admin).status_code == 409
    resp = api.call("DELETE", f"/decisions/{did}/hand-counts/{hc['id']}", token=admin)
    assert resp.status_code == 409
    # the closed result keeps the room count
    assert api.call("GET", f"/decisions/{did}/results").get_json()["ballot_count"] == 2


def test_single_choice_room_counts_are_one_choice_per_person(api):
    made = api.create(method="single", labels=("Red", "Green", "Blue"))
    did, admin = made["id"], made["admin_token"]
    red, green, blue = (o["id"] for o in made["decision"]["options"])
    api.cast(did, {green: 1})
    ok = {"people": 10, "counts": {str(red): {"1": 6}, str(green): {"1": 3}}}
    resp = api.call("POST", f"/decisions/{did}/hand-counts", ok, token=admin)
    assert resp.status_code == 201
    result = api.call("GET", f"/decisions/{did}/results").get_json()
    rows = {o["id"]: o for o in result["options"]}
    assert result["ballot_count"] == 11
    assert (rows[red]["count"], rows[green]["count"], rows[blue]["count"]) == (6, 4, 0)
    assert result["winners"] == [red]
    too_many = {"people": 10, "counts": {str(red): {"1": 6}, str(green): {"1": 5}}}
    resp = api.call("POST", f"/decisions/{did}/hand-counts", too_many, token=admin)
    assert resp.status_code == 422
    assert set(resp.get_json()["error"]["fields"]) == {"counts"}
    resp = api.call(
        "POST",
        f"/decisions/{did}/hand-counts",
        {"people": 2, "counts": {str(red): {"2": 1}}},
        token=admin,
    )
    assert resp.get_json()["error"]["fields"] == {f"counts.{red}.2": "must be 0 or 1"}


def test_yesno_room_counts_take_minus_one(api):
    made = api.create(method="yesno", labels=("Motion", "Other"))
    did, admin = made["id"], made["admin_token"]
    motion = made["decision"]["options"][0]["id"]
    body = {"people": 9, "counts": {str(motion): {"1": 4, "-1": 3, "0": 2}}}
    assert api.call("POST", f"/decisions/{did}/hand-counts", body, token=admin).status_code == 201
    row = api.call("GET", f"/decisions/{did}/results").get_json()["options"][0]
    assert (row["yes"], row["no"], row["abstain"], row["passed"]) == (4, 3, 2, True)


def test_ranked_room_ballots_and_blank_ones(api):
    made = api.create(method="ranked", labels=("A", "B", "C"))
    did, admin = made["id"], made["admin_token"]
    a, b, c = (o["id"] for o in made["decision"]["options"])
    api.cast(did, {c: 1, b: 2})
    body = {
        "label": "Paper",
        "people": 8,
        "ballots": [
            {"answers": {str(a): 1, str(b): 2}, "count": 4},
            {"answers": {str(b): 1}, "count": 2},
        ],
    }
    resp = api.call("POST", f"/decisions/{did}/hand-counts", body, token=admin)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["ballots"] == body["ballots"]
    assert "counts" not in resp.get_json()
    result = api.call("GET", f"/decisions/{did}/results").get_json()
    assert result["ballot_count"] == 9  # 1 online, 6 grouped, 2 handed in blank
    assert result["winners"] == [a]

    bad = {
        "people": 3,
        "ballots": [
            {"answers": {str(a): 9}, "count": 2},
            {"answers": {str(b): 1}, "count": 0},
            {"answers": {str(c): 1}, "count": 1, "x": 1},
            "no",
        ],
        "counts": {},
    }
    resp = api.call("POST", f"/decisions/{did}/hand-counts", bad, token=admin)
    assert resp.status_code == 422
    assert set(resp.get_json()["error"]["fields"]) == {
        f"ballots.0.answers.{a}",
        "ballots.1.count",
        "ballots.2.x",
        "ballots.3",
        "counts",
    }
    over = {"people": 3, "ballots": [{"answers": {str(a): 1}, "count": 4}]}
    resp = api.call("POST", f"/decisions/{did}/hand-counts", over, token=admin)
    assert set(resp.get_json()["error"]["fields"]) == {"ballots"}


def test_hand_counts_are_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    hand = next(p for p in paths if p.endswith("/decisions/{decision_id}/hand-counts"))
    assert set(paths[hand]) >= {"get", "post"}
    item = next(p for p in paths if p.endswith("/hand-counts/{hand_count_id}"))
    assert "delete" in paths[item]
    assert "quorum_met" in spec["components"]["schemas"]["Result"]["properties"]
    settings = spec["components"]["schemas"]["Settings"]["properties"]
    assert {"quorum", "majority"} <= set(settings)
