"""Proposals in depth (issue 12): support marks and the threshold, merging, comments per
proposal, through the API."""

from __future__ import annotations

from testkit import Api


def _collecting(api, labels=("Hiking", "Boat trip", "Museum"), **settings):
    return api.create(
        "consensus",
        labels,
        {"start_phase": "collecting", "support_threshold": 2, **settings},
    )


def _opts(d):
    return [o for o in d["decision"]["options"] if not o["passive"]]


def _support(api, d, oid, method="POST", token=None):
    return api.call(method, f"/decisions/{d['id']}/options/{oid}/support", token=token)


def _decision(api, d):
    return api.call("GET", f"/decisions/{d['id']}").get_json()


def _other_browser(app):
    return Api(app.test_client())


# ----------------------------------------------------------------------------- support


def test_marking_a_proposal_counts_once_per_browser_and_can_be_taken_back(app, api):
    d = _collecting(api)
    hiking = _opts(d)[0]["id"]
    resp = _support(api, d, hiking)
    assert resp.status_code == 201
    assert resp.get_json() == {"option_id": hiking, "support": 1, "marked": True}
    again = _support(api, d, hiking)
    assert again.status_code == 200
    assert again.get_json()["support"] == 1
    other = _other_browser(app)
    assert _support(other, d, hiking).get_json()["support"] == 2
    shown = {o["id"]: o["support"] for o in _decision(api, d)["options"]}
    assert shown[hiking] == 2
    assert _support(api, d, hiking, "DELETE").status_code == 204
    shown = {o["id"]: o["support"] for o in _decision(api, d)["options"]}
    assert shown[hiking] == 1


def test_support_is_refused_outside_collecting_and_without_a_threshold(api):
    voting = api.create("consensus", ("A", "B"), {"support_threshold": 1})
    assert _support(api, voting, _opts(voting)[0]["id"]).status_code == 409
    off = api.create("consensus", ("A", "B"), {"start_phase": "collecting"})
    assert _support(api, off, _opts(off)[0]["id"]).status_code == 409
    d = _collecting(api)
    passive = next(o["id"] for o in d["decision"]["options"] if o["passive"])
    assert _support(api, d, passive).status_code == 409
    assert _support(api, d, 10**20).status_code == 404


def test_support_on_invite_decisions_needs_the_invite_and_counts_per_invite(app, api):
    d = _collecting(api, access="invite")
    oid = _opts(d)[0]["id"]
    resp = api.call("POST", f"/decisions/{d['id']}/invites", {"count": 2}, token=d["admin_token"])
    assert resp.status_code == 201, resp.get_json()
    tokens = [i["token"] for i in resp.get_json()["items"]]
    assert _support(api, d, oid).status_code == 403
    assert _support(api, d, oid, token=tokens[0]).get_json()["support"] == 1
    # the same invite from another browser is the same participant
    assert _support(_other_browser(app), d, oid, token=tokens[0]).status_code == 200
    assert _support(api, d, oid, token=tokens[1]).get_json()["support"] == 2


def test_support_threshold_is_checked_and_shown_in_settings(api):
    for bad in (-1, "2", 1.5, 10**20, True):
        resp = api.call(
            "POST",
            "/decisions",
            {"title": "T", "method": "consensus", "settings": {"support_threshold": bad}},
        )
        assert resp.status_code == 422, bad
        assert "settings.support_threshold" in resp.get_json()["error"]["fields"]
    resp = api.call(
        "POST",
        "/decisions",
        {"title": "T", "method": "single", "settings": {"support_threshold": 1}},
    )
    assert resp.status_code == 422
    d = _collecting(api)
    assert d["decision"]["settings"]["support_threshold"] == 2
    assert api.create("consensus")["decision"]["settings"]["support_threshold"] == 0


def test_starting_voting_hides_proposals_below_the_threshold_and_logs_it(app, api):
    d = _collecting(api)
    hiking, boat, museum = (o["id"] for o in _opts(d))
    other = _other_browser(app)
    for client in (api, other):
        _support(client, d, hiking)
        _support(client, d, boat)
    _support(api, d, museum)
    resp = api.call("PATCH", f"/decisions/{d['id']}", {"phase": "voting"}, token=d["admin_token"])
    assert resp.status_code == 200, resp.get_json()
    hidden = {o["id"]: o["hidden"] for o in resp.get_json()["options"]}
    assert hidden[museum] is True
    assert hidden[hiking] is False
    assert hidden[boat] is False
    log = api.call("GET", f"/decisions/{d['id']}/log", token=d["admin_token"]).get_json()
    entries = [e for e in log["items"] if e["action"] == "option_hidden"]
    assert [e["detail"]["option"] for e in entries] == [museum]
    assert entries[0]["detail"]["reason"] == "support"
    assert entries[0]["detail"]["support"] == 1
    # a ballot for the hidden proposal is refused
    resp = api.call("POST", f"/decisions/{d['id']}/ballots", {"answers": {str(museum): 3}})
    assert resp.status_code == 422


def test_threshold_never_leaves_fewer_than_two_answerable_options(api):
    d = _collecting(api, passive_option=False)
    hiking, boat, _museum = (o["id"] for o in _opts(d))
    _support(api, d, boat)
    resp = api.call("PATCH", f"/decisions/{d['id']}", {"phase": "voting"}, token=d["admin_token"])
    assert resp.status_code == 200
    shown = [o["id"] for o in resp.get_json()["options"] if not o["hidden"]]
    assert shown == [hiking, boat]
    log = api.call("GET", f"/decisions/{d['id']}/log", token=d["admin_token"]).get_json()
    kept = [e for e in log["items"] if e["action"] == "support_kept"]
    assert [k["option"] for k in kept[0]["detail"]["kept"]] == [boat, hiking]


# ----------------------------------------------------------------------------- merge


def _merge(api, d, oid, body):
    return api.call(
        "POST", f"/decisions/{d['id']}/options/{oid}/merge", body, token=d["admin_token"]
    )


def test_merging_moves_support_and_comments_and_hides_the_merged_one(app, api):
    d = _collecting(api)
    hiking, boat, _museum = (o["id"] for o in _opts(d))
    other = _other_browser(app)
    _support(api, d, hiking)
    _support(api, d, boat)
    _support(other, d, boat)
    resp = api.call(
        "POST",
        f"/decisions/{d['id']}/comments",
        {"name": "Ann", "body": "Sunny", "option_id": boat},
    )
    assert resp.status_code == 201, resp.get_json()
    resp = _merge(api, d, boat, {"into": hiking})
    assert resp.status_code == 200, resp.get_json()
    merged = resp.get_json()
    assert merged["hidden"] is True
    assert merged["merged_into"] == hiking
    options = {o["id"]: o for o in _decision(api, d)["options"]}
    assert options[hiking]["support"] == 2  # the browser that marked both counts once
    assert options[boat]["support"] == 0
    assert options[hiking]["merged_into"] is None
    listed = api.call("GET", f"/decisions/{d['id']}/comments?option_id={hiking}").get_json()
    assert [c["body"] for c in listed["items"]] == ["Sunny"]
    log = api.call("GET", f"/decisions/{d['id']}/log", token=d["admin_token"]).get_json()
    entry = next(e for e in log["items"] if e["action"] == "option_merged")
    assert entry["detail"]["option"] == boat
    assert entry["detail"]["into"] == hiking


def test_merge_errors(api):
    d = _collecting(api)
    hiking, boat, museum = (o["id"] for o in _opts(d))
    passive = next(o["id"] for o in d["decision"]["options"] if o["passive"])
    for into, code in (
        (hiking, "not_another_option"),
        (10**20, "not_an_option"),
        (passive, "not_an_answerable_option"),
        (True, "not_another_option"),
    ):
        resp = _merge(api, d, hiking, {"into": into})
        assert resp.status_code == 422, into
        assert "into" in resp.get_json()["error"]["fields"]
        if into is not True:
            assert resp.get_json()["error"]["codes"]["into"]["code"] == code
    assert _merge(api, d, hiking, {}).status_code == 422
    assert _merge(api, d, passive, {"into": hiking}).status_code == 409
    no_token = api.call("POST", f"/decisions/{d['id']}/options/{boat}/merge", {"into": hiking})
    assert no_token.status_code == 401
    assert _merge(api, d, boat, {"into": hiking}).status_code == 200
    assert _merge(api, d, museum, {"into": boat}).status_code == 422  # boat is off the ballot
    voting = api.create("consensus", ("A", "B", "C"))
    a, b, _c = (o["id"] for o in _opts(voting))
    assert _merge(api, voting, a, {"into": b}).status_code == 409


# ----------------------------------------------------------------------------- comments


def test_comments_per_proposal_are_listed_apart_and_checked(api):
    d = api.create("consensus", ("A", "B"))
    a, b = (o["id"] for o in _opts(d))
    url = f"/decisions/{d['id']}/comments"
    assert api.call("POST", url, {"name": "Ann", "body": "General"}).status_code == 201
    resp = api.call("POST", url, {"name": "Ben", "body": "On A", "option_id": a})
    assert resp.status_code == 201
    assert resp.get_json()["option_id"] == a
    everything = api.call("GET", url).get_json()["items"]
    assert [(c["body"], c["option_id"]) for c in everything] == [("General", None), ("On A", a)]
    assert [c["body"] for c in api.call("GET", f"{url}?option_id={a}").get_json()["items"]] == [
        "On A"
    ]
    assert api.call("GET", f"{url}?option_id={b}").get_json()["items"] == []
    for bad in (10**20, "1", True, 1.5):
        resp = api.call("POST", url, {"name": "Ann", "body": "x", "option_id": bad})
        assert resp.status_code == 422, bad
        assert "option_id" in resp.get_json()["error"]["fields"]
    assert api.call("GET", f"{url}?option_id=999999").status_code == 422
    _patch = api.call(
        "PATCH", f"/decisions/{d['id']}/options/{b}", {"hidden": True}, token=d["admin_token"]
    )
    resp = api.call("POST", url, {"name": "Ann", "body": "x", "option_id": b})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["codes"]["option_id"]["code"] == "not_an_answerable_option"


def test_comments_per_proposal_on_anonymous_decisions_have_no_names(api):
    d = api.create("consensus", ("A", "B"), {"anonymous": True})
    a = _opts(d)[0]["id"]
    url = f"/decisions/{d['id']}/comments"
    assert api.call("POST", url, {"name": "Ann", "body": "x", "option_id": a}).status_code == 422
    resp = api.call("POST", url, {"body": "x", "option_id": a})
    assert resp.status_code == 201
    assert resp.get_json()["name"] is None


def test_openapi_documents_the_new_endpoints_and_fields(api):
    doc = api.client.get("/api/v1/openapi.json").get_json()
    paths = doc["paths"]
    assert any(p.endswith("/options/{option_id}/support") for p in paths)
    assert any(p.endswith("/options/{option_id}/merge") for p in paths)
    option = doc["components"]["schemas"]["Option"]["properties"]
    assert "support" in option
    assert "merged_into" in option
    assert "option_id" in doc["components"]["schemas"]["Comment"]["properties"]
    assert "support_threshold" in doc["components"]["schemas"]["Settings"]["properties"]
