"""Copies (the contract's part two): a new decision with the same question, settings and
options, no ballots."""

from __future__ import annotations

import pytest
from testkit import Api


def _source(api: Api) -> dict:
    body = {
        "title": "Where do we go?",
        "description": "Our *summer* outing",
        "method": "consensus",
        "options": [
            {"label": "Hiking", "description": "Up the hill"},
            {"label": "Boat trip"},
            {"label": "Museum", "hidden": True},
        ],
        "settings": {"results": "after_close", "min_ratings": 2, "allow_proposals": True},
    }
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 201, resp.get_json()
    d = resp.get_json()
    hiking = d["decision"]["options"][0]["id"]
    resp = api.call(
        "POST",
        f"/decisions/{d['id']}/options",
        {"label": "Hiking with lunch", "variant_of": hiking},
        token=d["admin_token"],
    )
    assert resp.status_code == 201, resp.get_json()
    api.cast(d["id"], {hiking: 3})
    return d


def _shape(decision: dict) -> list[tuple]:
    labels = {o["id"]: o["label"] for o in decision["options"]}
    return [
        (
            o["label"],
            o["description"],
            o["passive"],
            o["hidden"],
            labels.get(o["variant_of"]) if o["variant_of"] else None,
        )
        for o in decision["options"]
    ]


def test_a_copy_has_the_same_question_settings_and_options_and_no_ballots(api):
    d = _source(api)
    original = api.call("GET", f"/decisions/{d['id']}", token=d["admin_token"]).get_json()
    resp = api.call("POST", f"/decisions/{d['id']}/copy", {}, token=d["admin_token"])
    assert resp.status_code == 201, resp.get_json()
    made = resp.get_json()
    assert set(made) == {"id", "admin_token", "links", "decision"}
    assert made["id"] != d["id"]
    copy = made["decision"]
    for key in ("title", "description", "method", "settings"):
        assert copy[key] == original[key], key
    assert copy["phase"] == "voting"
    assert copy["ballot_count"] == 0
    assert _shape(copy) == _shape(original)
    assert {o["id"] for o in copy["options"]}.isdisjoint({o["id"] for o in original["options"]})
    variant = next(o for o in copy["options"] if o["label"] == "Hiking with lunch")
    assert variant["variant_of"] in {o["id"] for o in copy["options"]}
    # the copy is a decision of its own: its admin token steers it, and not the original
    assert made["links"]["admin"].endswith(made["admin_token"])
    log = api.call("GET", f"/decisions/{made['id']}/log", token=made["admin_token"]).get_json()
    assert [e["action"] for e in log["items"]] == ["created"]
    assert (
        api.call("GET", f"/decisions/{made['id']}/ballots", token=made["admin_token"]).get_json()[
            "items"
        ]
        == []
    )
    resp = api.call("PATCH", f"/decisions/{d['id']}", {"title": "x"}, token=made["admin_token"])
    assert resp.status_code == 401
    # the original keeps its ballot
    assert api.call("GET", f"/decisions/{d['id']}").get_json()["ballot_count"] == 1


def test_the_body_may_set_the_title_and_the_start_phase(api, make_tenant, client):
    slug, key = make_tenant()
    other = Api(client, slug)
    d = other.create()
    resp = other.call(
        "POST",
        f"/decisions/{d['id']}/copy",
        {"title": "Second go", "start_phase": "collecting"},
        token=key,
    )
    assert resp.status_code == 201, resp.get_json()
    copy = resp.get_json()["decision"]
    assert (copy["title"], copy["phase"], copy["settings"]["start_phase"]) == (
        "Second go",
        "collecting",
        "collecting",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"start_phase": "closed"}, "start_phase"),
        ({"method": "yesno"}, "method"),
        ({"title": "a\x00b"}, "title"),
    ],
)
def test_bad_copy_bodies_are_refused(api, body, field):
    d = api.create()
    resp = api.call("POST", f"/decisions/{d['id']}/copy", body, token=d["admin_token"])
    assert resp.status_code == 422, resp.get_json()
    assert field in resp.get_json()["error"]["fields"]


def test_copying_needs_the_admin_token_or_an_api_key_of_the_tenant(api, make_tenant):
    d = api.create()
    _other_slug, other_key = make_tenant()
    stranger = api.create()
    for token in (None, stranger["admin_token"], other_key):
        resp = api.call("POST", f"/decisions/{d['id']}/copy", {}, token=token)
        assert resp.status_code == 401


def test_a_closed_decision_with_a_past_closing_time_copies_without_it(api):
    d = api.create()
    api.call("PATCH", f"/decisions/{d['id']}", {"phase": "closed"}, token=d["admin_token"])
    resp = api.call("POST", f"/decisions/{d['id']}/copy", {}, token=d["admin_token"])
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["decision"]["phase"] == "voting"
    assert resp.get_json()["decision"]["closes_at"] is None
