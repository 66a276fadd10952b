"""Majorities and quorum (the contract's part two): ``majority`` of yes/no motions, ``quorum``
of every method, ``quorum_met`` in the results."""

from __future__ import annotations

import pytest


def _results(api, did):
    return api.call("GET", f"/decisions/{did}/results").get_json()


@pytest.mark.parametrize(
    ("majority", "passed"),
    # 4 yes, 2 no, 3 abstain of 9 ballots
    [("simple", True), ("absolute", False), ("two_thirds", True), (None, True)],
)
def test_a_motion_passes_by_its_majority(api, majority, passed):
    settings = {} if majority is None else {"majority": majority}
    made = api.create(method="yesno", labels=("Motion", "Other"), settings=settings)
    did = made["id"]
    assert made["decision"]["settings"]["majority"] == (majority or "simple")
    motion, other = (o["id"] for o in made["decision"]["options"])
    for i, value in enumerate([1] * 4 + [-1] * 2 + [0] * 3):
        api.cast(did, {motion: value, other: -1}, name=f"P{i}")
    result = _results(api, did)
    row = next(o for o in result["options"] if o["id"] == motion)
    assert (row["yes"], row["no"], row["abstain"]) == (4, 2, 3)
    assert row["passed"] is passed
    assert result["winners"] == ([motion] if passed else [])
    assert result["quorum_met"] is True


def test_majority_is_for_yesno_only_and_checked(api):
    for bad in ("most", 2, True):
        body = {
            "title": "Q",
            "method": "yesno",
            "options": [{"label": "A"}, {"label": "B"}],
            "settings": {"majority": bad},
        }
        resp = api.call("POST", "/decisions", body)
        assert resp.status_code == 422, bad
        assert set(resp.get_json()["error"]["fields"]) == {"settings.majority"}
    body = {
        "title": "Q",
        "method": "single",
        "options": [{"label": "A"}, {"label": "B"}],
        "settings": {"majority": "simple"},
    }
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 422
    assert "settings.majority" in resp.get_json()["error"]["fields"]


def test_a_quorum_of_ballots_counts_room_counts_too(api):
    made = api.create(method="yesno", labels=("Motion", "Other"), settings={"quorum": 4})
    did, admin = made["id"], made["admin_token"]
    assert made["decision"]["settings"]["quorum"] == 4
    motion, other = (o["id"] for o in made["decision"]["options"])
    api.cast(did, {motion: 1, other: 1}, name="Ann")
    api.cast(did, {motion: 1, other: -1}, name="Ben")
    result = _results(api, did)
    assert result["quorum_met"] is False
    assert result["winners"] == []
    assert all(o["passed"] is False for o in result["options"])
    assert result["details"]["quorum"] == {"needed": 4, "ballots": 2}

    room = {"people": 2, "counts": {str(motion): {"1": 1, "0": 1}}}
    assert api.call("POST", f"/decisions/{did}/hand-counts", room, token=admin).status_code == 201
    result = _results(api, did)
    assert result["ballot_count"] == 4
    assert result["quorum_met"] is True
    assert result["winners"] == [motion]
    assert next(o for o in result["options"] if o["id"] == motion)["passed"] is True


def test_a_quorum_for_other_methods_empties_the_winners(api):
    made = api.create(method="single", labels=("A", "B"), settings={"quorum": 2})
    did = made["id"]
    a = made["decision"]["options"][0]["id"]
    api.cast(did, {a: 1})
    assert _results(api, did)["quorum_met"] is False
    assert _results(api, did)["winners"] == []
    api.cast(did, {a: 1}, name="Ben")
    assert _results(api, did)["winners"] == [a]
    assert _results(api, did)["quorum_met"] is True


def test_a_quorum_as_a_share_of_the_invites(api):
    made = api.create(
        method="single",
        labels=("A", "B"),
        settings={"access": "invite", "quorum": {"share": 0.5}},
    )
    did, admin = made["id"], made["admin_token"]
    a = made["decision"]["options"][0]["id"]
    invites = api.call("POST", f"/decisions/{did}/invites", {"count": 5}, token=admin)
    assert invites.status_code == 201
    tokens = [i["token"] for i in invites.get_json()["items"]]
    api.cast(did, {a: 1}, invite=tokens[0])
    api.cast(did, {a: 1}, invite=tokens[1], name="Ben")
    result = _results(api, did)
    assert result["details"]["quorum"] == {"needed": 3, "ballots": 2}  # half of 5, rounded up
    assert result["quorum_met"] is False
    api.cast(did, {a: 1}, invite=tokens[2], name="Cleo")
    assert _results(api, did)["quorum_met"] is True


@pytest.mark.parametrize(
    ("quorum", "access", "field"),
    [
        (0, "link", "settings.quorum"),
        (-3, "link", "settings.quorum"),
        (1.5, "link", "settings.quorum"),
        ("7", "link", "settings.quorum"),
        (True, "link", "settings.quorum"),
        (10**20, "link", "settings.quorum"),
        ({"share": 0.5}, "link", "settings.quorum"),
        ({"share": 0}, "invite", "settings.quorum.share"),
        ({"share": 1.5}, "invite", "settings.quorum.share"),
        ({"share": "half"}, "invite", "settings.quorum.share"),
        ({}, "invite", "settings.quorum.share"),
        ({"share": 0.5, "of": "all"}, "invite", "settings.quorum.of"),
    ],
)
def test_a_bad_quorum_is_named(api, quorum, access, field):
    body = {
        "title": "Q",
        "method": "single",
        "options": [{"label": "A"}, {"label": "B"}],
        "settings": {"quorum": quorum, "access": access},
    }
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 422, quorum
    assert field in resp.get_json()["error"]["fields"], resp.get_json()


def test_without_a_quorum_the_result_stands(api):
    made = api.create()
    assert made["decision"]["settings"]["quorum"] is None
    result = _results(api, made["id"])
    assert result["quorum_met"] is True
    assert "quorum" not in result["details"]
