"""Viewer links (the contract's part two): results for people outside the group, read-only,
revocable; through the API and in a browser."""

from __future__ import annotations

from typing import Any

import pytest
from testkit import Api


def _link(api: Api, d: dict[str, Any], **body: Any) -> dict[str, Any]:
    resp = api.call("POST", f"/decisions/{d['id']}/viewer-links", body, token=d["admin_token"])
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


@pytest.fixture
def hidden(api):
    """A decision whose results only the organizer sees, with one named ballot and a veto."""
    d = api.create(settings={"results": "organizer", "vetoes": True})
    first = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {first: 10}, name="Vera Vetoer", vetoes={str(first): "too far"})
    return d


def test_a_viewer_token_reads_the_results_whatever_the_setting_says(api, hidden):
    d = hidden
    assert api.call("GET", f"/decisions/{d['id']}/results").status_code == 403
    made = _link(api, d, label="Board")
    assert set(made) == {"id", "token", "link"}
    assert made["link"] == f"http://127.0.0.1:8000/t/public/d/{d['id']}/view/{made['token']}"
    resp = api.call("GET", f"/decisions/{d['id']}/results", token=made["token"])
    assert resp.status_code == 200, resp.get_json()
    result = resp.get_json()
    assert result["ballot_count"] == 1
    # the viewer is not the organizer: no names beside the answers
    assert "Vera" not in resp.get_data(as_text=True)
    assert api.call("GET", f"/decisions/{d['id']}", token=made["token"]).status_code == 200


def test_after_close_results_are_read_by_a_viewer_before_closing(api):
    d = api.create(settings={"results": "after_close"})
    made = _link(api, d)
    assert api.call("GET", f"/decisions/{d['id']}/results").status_code == 403
    resp = api.call("GET", f"/decisions/{d['id']}/results", token=made["token"])
    assert resp.status_code == 200


def test_every_write_with_a_viewer_token_answers_403(api, hidden):
    d = hidden
    token = _link(api, d)["token"]
    first = d["decision"]["options"][0]["id"]
    writes = [
        ("PATCH", f"/decisions/{d['id']}", {"title": "Taken over"}),
        ("DELETE", f"/decisions/{d['id']}", None),
        ("POST", f"/decisions/{d['id']}/ballots", {"name": "V", "answers": {str(first): 1}}),
        ("POST", f"/decisions/{d['id']}/options", {"label": "Viewer idea"}),
        ("POST", f"/decisions/{d['id']}/invites", {"count": 1}),
        ("POST", f"/decisions/{d['id']}/viewer-links", {}),
        ("POST", f"/decisions/{d['id']}/copy", {}),
        ("POST", f"/decisions/{d['id']}/comments", {"name": "V", "body": "hi"}),
        ("PUT", f"/decisions/{d['id']}/ballots/1", {"answers": {str(first): 1}}),
        ("DELETE", f"/decisions/{d['id']}/ballots/1", None),
        ("PATCH", f"/decisions/{d['id']}/options/{first}", {"label": "x"}),
    ]
    for method, path, body in writes:
        resp = api.call(method, path, body, token=token)
        assert resp.status_code == 403, (method, path, resp.get_json())
        assert resp.get_json()["error"]["code"] == "forbidden"
    again = api.call("GET", f"/decisions/{d['id']}", token=d["admin_token"]).get_json()
    assert again["title"] == d["decision"]["title"]
    assert again["ballot_count"] == 1
    assert len(again["options"]) == len(d["decision"]["options"])


def test_listing_and_revoking_then_the_token_answers_401(api, hidden):
    d = hidden
    one = _link(api, d, label="Board")
    two = _link(api, d)
    listed = api.call("GET", f"/decisions/{d['id']}/viewer-links", token=d["admin_token"])
    items = listed.get_json()["items"]
    assert [(i["id"], i["label"]) for i in items] == [(one["id"], "Board"), (two["id"], None)]
    assert all(i["created_at"].endswith("Z") for i in items)
    assert one["token"] not in listed.get_data(as_text=True)
    path = f"/decisions/{d['id']}/viewer-links/{one['id']}"
    assert api.call("DELETE", path, token=one["token"]).status_code == 403  # not by itself
    assert api.call("DELETE", path, token=d["admin_token"]).status_code == 204
    assert api.call("DELETE", path, token=d["admin_token"]).status_code == 404
    for where in ("/results", ""):
        resp = api.call("GET", f"/decisions/{d['id']}{where}", token=one["token"])
        assert resp.status_code == 401, where
        assert resp.get_json()["error"]["code"] == "unauthorized"
    assert api.call("GET", f"/decisions/{d['id']}/results", token=two["token"]).status_code == 200


def test_viewer_links_need_the_admin_token(api, hidden):
    d = hidden
    other = api.create()
    for token in (None, other["admin_token"], "nonsense"):
        resp = api.call("POST", f"/decisions/{d['id']}/viewer-links", {}, token=token)
        assert resp.status_code == 401
        resp = api.call("GET", f"/decisions/{d['id']}/viewer-links", token=token)
        assert resp.status_code == 401


def test_a_viewer_token_is_bound_to_its_decision(api, hidden):
    token = _link(api, hidden)["token"]
    other = api.create(settings={"results": "organizer"})
    resp = api.call("GET", f"/decisions/{other['id']}/results", token=token)
    assert resp.status_code == 401


@pytest.mark.parametrize("label", ["x" * 201, "a\x00b", 17, ["list"]])
def test_bad_labels_are_refused(api, hidden, label):
    d = hidden
    resp = api.call(
        "POST", f"/decisions/{d['id']}/viewer-links", {"label": label}, token=d["admin_token"]
    )
    assert resp.status_code == 422, resp.get_json()
    assert "label" in resp.get_json()["error"]["fields"]


def test_viewer_links_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"post", "get"} <= set(paths["/t/{tenant}/api/v1/decisions/{decision_id}/viewer-links"])
    assert "delete" in paths["/t/{tenant}/api/v1/decisions/{decision_id}/viewer-links/{link_id}"]


def test_a_viewer_link_reads_rounds_and_receipts_where_results_are_hidden(api):
    d = api.create(settings={"results": "organizer", "receipts": True})
    ids = [o["id"] for o in d["decision"]["options"]]
    api.cast(d["id"], {ids[0]: 3, ids[1]: 5})
    admin = d["admin_token"]
    assert (
        api.call("PATCH", f"/decisions/{d['id']}", {"phase": "closed"}, token=admin).status_code
        == 200
    )
    link = api.call("POST", f"/decisions/{d['id']}/viewer-links", {}, token=admin).get_json()
    for path in ("rounds", "receipts"):
        assert api.call("GET", f"/decisions/{d['id']}/{path}").status_code == 403
        resp = api.call("GET", f"/decisions/{d['id']}/{path}", token=link["token"])
        assert resp.status_code == 200, (path, resp.get_json())
    receipts = api.call("GET", f"/decisions/{d['id']}/receipts", token=link["token"]).get_json()
    assert len(receipts["items"]) == 1
