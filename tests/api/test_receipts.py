"""Receipts (contract part two): a receipt per ballot, the list after closing, and a recount of
the list that gives exactly the published results."""

from __future__ import annotations

import pytest

from groupdecide import voting
from groupdecide.voting import OptionInfo


def close(api, made):
    r = api.call(
        "PATCH", f"/decisions/{made['id']}", {"phase": "closed"}, token=made["admin_token"]
    )
    assert r.status_code == 200, r.get_json()


def receipts_of(api, made, token=None):
    return api.call("GET", f"/decisions/{made['id']}/receipts", token=token)


def oids(made):
    return [o["id"] for o in made["decision"]["options"]]


def test_the_setting_defaults_to_false_and_is_shown(api):
    made = api.create()
    assert made["decision"]["settings"]["receipts"] is False
    made = api.create(settings={"receipts": True})
    assert made["decision"]["settings"]["receipts"] is True


@pytest.mark.parametrize("value", ["true", None, [True], "²"])
def test_the_setting_is_a_boolean(api, value):
    body = {
        "title": "T",
        "method": "consensus",
        "options": [{"label": "A"}, {"label": "B"}],
        "settings": {"receipts": value},
    }
    r = api.call("POST", "/decisions", body)
    assert r.status_code == 422
    assert "settings.receipts" in r.get_json()["error"]["fields"]


def test_without_receipts_no_receipt_and_no_list(api):
    made = api.create()
    a = oids(made)[0]
    cast = api.cast(made["id"], {a: 3})
    assert "receipt" not in cast
    own = api.call(
        "GET", f"/decisions/{made['id']}/ballots/{cast['id']}", token=cast["edit_token"]
    ).get_json()
    assert "receipt" not in own
    close(api, made)
    r = receipts_of(api, made)
    assert r.status_code == 403
    assert r.get_json()["error"]["code"] == "forbidden"


def test_cast_and_change_answer_a_receipt_and_a_change_a_new_one(api):
    made = api.create(settings={"receipts": True})
    a, b = oids(made)[:2]
    cast = api.cast(made["id"], {a: 3, b: 0})
    first = cast["receipt"]
    assert isinstance(first, str)
    assert len(first) >= 16  # 96 random bits
    other = api.cast(made["id"], {a: 3, b: 0}, name="Ben")["receipt"]
    assert other != first  # the same answers, another receipt: not derived from them
    path = f"/decisions/{made['id']}/ballots/{cast['id']}"
    own = api.call("GET", path, token=cast["edit_token"]).get_json()
    assert own["receipt"] == first
    put = api.call("PUT", path, {"name": "Anna", "answers": {str(a): 7}}, token=cast["edit_token"])
    assert put.status_code == 200
    second = put.get_json()["receipt"]
    assert second not in (first, other)
    close(api, made)
    listed = [i["receipt"] for i in receipts_of(api, made).get_json()["items"]]
    assert first not in listed
    assert sorted([second, other]) == listed


def test_the_list_is_there_only_once_closed(api):
    made = api.create(settings={"receipts": True})
    api.cast(made["id"], {oids(made)[0]: 1})
    r = receipts_of(api, made)
    assert r.status_code == 409
    assert r.get_json()["error"]["code"] == "conflict"
    assert receipts_of(api, made, made["admin_token"]).status_code == 409
    close(api, made)
    assert receipts_of(api, made).status_code == 200


def test_the_list_follows_the_result_visibility(api):
    made = api.create(settings={"receipts": True, "results": "organizer"})
    api.cast(made["id"], {oids(made)[0]: 1})
    close(api, made)
    r = receipts_of(api, made)
    assert r.status_code == 403
    assert r.get_json()["error"]["code"] == "results_hidden"
    assert receipts_of(api, made, made["admin_token"]).status_code == 200
    assert receipts_of(api, made, "nope").status_code == 403  # no more than without a token


def test_the_list_has_no_names_no_times_and_is_sorted(api):
    made = api.create(settings={"receipts": True})
    a, b = oids(made)[:2]
    for i, name in enumerate(["Anna", "Ben", "Cleo", "Dora"]):
        api.cast(made["id"], {a: i, b: 10 - i}, name=name)
    close(api, made)
    body = receipts_of(api, made).get_json()
    items = body["items"]
    assert len(items) == 4
    assert [i["receipt"] for i in items] == sorted(i["receipt"] for i in items)
    for item in items:
        assert set(item) == {"receipt", "answers"}
    assert "Anna" not in str(body)
    assert sorted(i["answers"][str(a)] for i in items) == [0, 1, 2, 3]


def test_receipts_change_only_before_the_first_ballot(api):
    made = api.create()
    path = f"/decisions/{made['id']}"
    admin = made["admin_token"]
    r = api.call("PATCH", path, {"settings": {"receipts": "yes"}}, token=admin)
    assert r.status_code == 422
    assert "settings.receipts" in r.get_json()["error"]["fields"]
    r = api.call("PATCH", path, {"settings": {"receipts": True}}, token=admin)
    assert r.status_code == 200
    assert r.get_json()["settings"]["receipts"] is True
    api.cast(made["id"], {oids(made)[0]: 1})
    r = api.call("PATCH", path, {"settings": {"receipts": False}}, token=admin)
    assert r.status_code == 409
    assert api.call("GET", path).get_json()["settings"]["receipts"] is True
    same = api.call("PATCH", path, {"settings": {"receipts": True}}, token=admin)
    assert same.status_code == 200


def test_only_ballots_of_the_current_round_are_listed(api):
    made = api.create(settings={"receipts": True})
    a = oids(made)[0]
    old = api.cast(made["id"], {a: 1})["receipt"]
    close(api, made)
    r = api.call(
        "POST", f"/decisions/{made['id']}/rounds", {"phase": "voting"}, token=made["admin_token"]
    )
    assert r.status_code == 201
    new = api.cast(made["id"], {a: 2})["receipt"]
    close(api, made)
    assert [i["receipt"] for i in receipts_of(api, made).get_json()["items"]] == [new]
    assert old != new


def recount(api, made):
    """Count the published receipts with the method's own rules, as anyone could."""
    decision = api.call("GET", f"/decisions/{made['id']}").get_json()
    items = receipts_of(api, made).get_json()["items"]
    method = voting.get_method(decision["method"])
    specific = {
        k: v for k, v in decision["settings"].items() if k in method.default_settings.to_json()
    }
    options = [
        OptionInfo(id=o["id"], label=o["label"], passive=o["passive"])
        for o in decision["options"]
        if not o["hidden"]
    ]
    settings = method.stored_settings(specific).resolve(len(decision["options"]))
    return voting.result_json(method.tally(settings, options, [i["answers"] for i in items]))


@pytest.mark.parametrize(
    ("method", "settings", "ballots"),
    [
        ("consensus", {}, [[0, 5, 10], [3, 3, 8], [10, 0, 2], [1, 9, 9]]),
        ("ranked", {"tally": "schulze"}, [[1, 2, 3], [2, 1, 3], [1, 3, 2], [3, 1, 2]]),
        ("ranked", {"tally": "irv"}, [[1, 2, 3], [2, 1, 3], [1, 3, 2], [3, 1, 2], [2, 3, 1]]),
        ("score", {}, [[1, 2, 3], [5, 0, 1], [3, 3, 3]]),
    ],
)
def test_a_recount_of_the_receipts_gives_the_published_results(api, method, settings, ballots):
    made = api.create(
        method=method,
        labels=("Hiking", "Boat trip", "Museum"),
        settings={"receipts": True, "passive_option": False, **settings}
        if method == "consensus"
        else {"receipts": True, **settings},
    )
    ids = oids(made)[:3]
    for n, values in enumerate(ballots):
        api.cast(made["id"], dict(zip(ids, values, strict=True)), name=f"P{n}")
    close(api, made)
    published = api.call("GET", f"/decisions/{made['id']}/results").get_json()
    counted = recount(api, made)
    # what the service adds around the count: the room counts it includes (none here) and
    # whether a quorum was met (none set); the count itself must be the same, key for key
    assert published["details"].pop("hand_counts") == []
    assert published.pop("quorum_met") is True
    assert counted == published
    assert published["ballot_count"] == len(ballots)
    assert published["winners"]
