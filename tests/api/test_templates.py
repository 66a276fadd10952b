"""/templates: save a decision as a template, list them, start a decision from one, delete."""

from __future__ import annotations

import pytest
from testkit import Api


@pytest.fixture
def tapi(client, make_tenant):
    slug, key = make_tenant()
    return Api(client, slug), key


def _saved(api: Api, key: str, **create):
    d = api.create(
        title="Team lunch",
        labels=("Pizza", "Sushi"),
        settings={"closes_at": "2099-01-01T12:00:00Z", **create.pop("settings", {})},
        token=key,
        **create,
    )
    resp = api.call("POST", "/templates", {"name": "Lunch", "decision_id": d["id"]}, token=key)
    assert resp.status_code == 201, resp.get_json()
    return d, resp.get_json()


def test_a_decision_saved_as_a_template_keeps_method_options_and_settings_but_no_times(tapi):
    api, key = tapi
    d, tpl = _saved(api, key)
    assert tpl["name"] == "Lunch"
    assert tpl["title"] == "Team lunch"
    assert tpl["method"] == d["decision"]["method"]
    labels = [o["label"] for o in d["decision"]["options"]]
    assert labels[:2] == ["Pizza", "Sushi"]
    assert [o["label"] for o in tpl["options"]] == labels
    assert "closes_at" not in tpl["settings"]
    assert "voting_starts_at" not in tpl["settings"]
    listed = api.call("GET", "/templates", token=key).get_json()["items"]
    assert [t["id"] for t in listed] == [tpl["id"]]


def test_a_decision_from_a_template_answers_like_a_create(tapi):
    api, key = tapi
    d, tpl = _saved(api, key)
    resp = api.call(
        "POST", f"/templates/{tpl['id']}/decisions", {"title": "Lunch in May"}, token=key
    )
    assert resp.status_code == 201, resp.get_json()
    made = resp.get_json()
    assert made["admin_token"]
    assert made["decision"]["title"] == "Lunch in May"
    made_labels = [o["label"] for o in made["decision"]["options"]]
    assert made_labels == [o["label"] for o in d["decision"]["options"]]  # none twice
    assert made["decision"]["settings"].get("closes_at") is None
    got = api.call("GET", f"/decisions/{made['id']}").get_json()
    assert got["ballot_count"] == 0
    plain = api.call("POST", f"/templates/{tpl['id']}/decisions", {}, token=key)
    assert plain.status_code == 201
    assert plain.get_json()["decision"]["title"] == "Team lunch"


def test_templates_need_the_tenant_s_api_key(tapi, make_tenant):
    api, key = tapi
    _d, tpl = _saved(api, key)
    _other, other_key = make_tenant()
    for token in (None, other_key, "nonsense"):
        assert api.call("GET", "/templates", token=token).status_code == 401
        resp = api.call("POST", f"/templates/{tpl['id']}/decisions", {}, token=token)
        assert resp.status_code == 401
        assert api.call("DELETE", f"/templates/{tpl['id']}", token=token).status_code == 401


def test_another_tenant_neither_sees_nor_uses_the_template(tapi, client, make_tenant):
    api, key = tapi
    _d, tpl = _saved(api, key)
    other_slug, other_key = make_tenant()
    other = Api(client, other_slug)
    assert other.call("GET", "/templates", token=other_key).get_json()["items"] == []
    resp = other.call("POST", f"/templates/{tpl['id']}/decisions", {}, token=other_key)
    assert resp.status_code == 404
    assert other.call("DELETE", f"/templates/{tpl['id']}", token=other_key).status_code == 404
    d2 = api.create(title="Private", token=key)
    resp = other.call(
        "POST", "/templates", {"name": "Stolen", "decision_id": d2["id"]}, token=other_key
    )
    assert resp.status_code == 404


def test_delete_removes_the_template(tapi):
    api, key = tapi
    _d, tpl = _saved(api, key)
    assert api.call("DELETE", f"/templates/{tpl['id']}", token=key).status_code == 204
    assert api.call("GET", "/templates", token=key).get_json()["items"] == []
    assert api.call("POST", f"/templates/{tpl['id']}/decisions", {}, token=key).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "decision_id": "x"}, "name"),
        ({"name": "a\x00b", "decision_id": "x"}, "name"),
        ({"name": "n" * 201, "decision_id": "x"}, "name"),
        ({"name": "\ud800", "decision_id": "x"}, "name"),
        ({"name": "ok"}, "decision_id"),
        ({"name": "ok", "decision_id": "x", "extra": 1}, "extra"),
    ],
)
def test_bad_template_input_names_the_field(tapi, body, field):
    api, key = tapi
    d = api.create(token=key)
    if body.get("decision_id") == "x":
        body = {**body, "decision_id": d["id"]}
    resp = api.call("POST", "/templates", body, token=key)
    assert resp.status_code == 422, resp.get_json()
    assert field in resp.get_json()["error"]["fields"]
    assert api.call("GET", "/templates", token=key).get_json()["items"] == []


def test_odd_template_ids_are_404_not_500(tapi):
    api, key = tapi
    for tid in ("abc", "0", "-1", str(10**20), "²"):
        assert api.call("POST", f"/templates/{tid}/decisions", {}, token=key).status_code == 404
    _d, tpl = _saved(api, key)
    resp = api.call("POST", f"/templates/{tpl['id']}/decisions", {"colour": "red"}, token=key)
    assert resp.status_code == 422
    assert "colour" in resp.get_json()["error"]["fields"]


def test_templates_are_in_the_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    paths = doc["paths"]
    assert {"get", "post"} <= set(paths["/t/{tenant}/api/v1/templates"])
    assert "delete" in paths["/t/{tenant}/api/v1/templates/{template_id}"]
    assert "post" in paths["/t/{tenant}/api/v1/templates/{template_id}/decisions"]
