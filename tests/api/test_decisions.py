"""The decision endpoints of the contract: success and error paths."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


def iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_create_consensus_adds_passive_option_and_returns_links(api):
    body = api.create(labels=("Hiking", "Boat trip"))
    d = body["decision"]
    assert body["id"] == d["id"]
    assert len(d["id"]) >= 11
    assert len(body["admin_token"]) >= 22
    assert [o["label"] for o in d["options"]] == [
        "Hiking",
        "Boat trip",
        "Everything stays as it is",
    ]
    assert [o["passive"] for o in d["options"]] == [False, False, True]
    assert all(isinstance(o["id"], int) for o in d["options"])
    assert d["phase"] == "voting"
    assert d["ballot_count"] == 0
    assert d["closes_at"] is None
    assert d["created_at"].endswith("Z")
    assert body["links"]["participate"].endswith(f"/t/public/d/{d['id']}")
    assert body["links"]["results"].endswith(f"/t/public/d/{d['id']}/results")
    assert body["links"]["admin"].endswith(f"/t/public/d/{d['id']}/admin/{body['admin_token']}")
    s = d["settings"]
    assert s["anonymous"] is False
    assert s["results"] == "public"
    assert s["access"] == "link"
    assert s["allow_proposals"] is False
    assert s["start_phase"] == "voting"


def test_passive_label_follows_tenant_language(client, make_tenant):
    from testkit import Api

    slug, _ = make_tenant("verein", locale="de")
    body = Api(client, slug).create()
    assert body["decision"]["options"][-1]["label"] == "Alles bleibt, wie es ist"


def test_passive_option_can_be_given_or_switched_off(api):
    d = api.create(labels=("A", "B"), settings={"passive_option": False})["decision"]
    assert not any(o["passive"] for o in d["options"])
    body = {
        "title": "T",
        "method": "consensus",
        "options": [{"label": "A"}, {"label": "Nothing changes", "passive": True}],
    }
    d = api.call("POST", "/decisions", body).get_json()["decision"]
    assert [o["passive"] for o in d["options"]] == [False, True]


def test_get_returns_same_object(api):
    created = api.create()
    got = api.call("GET", f"/decisions/{created['id']}")
    assert got.status_code == 200
    assert got.get_json() == created["decision"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"method": "consensus", "options": [{"label": "A"}, {"label": "B"}]}, "title"),
        ({"title": "", "method": "consensus", "options": [{"label": "A"}]}, "title"),
        ({"title": "x" * 201, "method": "consensus", "options": []}, "title"),
        ({"title": "T", "method": "nope", "options": []}, "method"),
        ({"title": "T", "method": "consensus", "options": [{"label": ""}]}, "options.0.label"),
        (
            {"title": "T", "method": "consensus", "options": [{"label": "x" * 301}]},
            "options.0.label",
        ),
        (
            {
                "title": "T",
                "method": "consensus",
                "options": [{"label": "A"}],
                "settings": {"colour": "red"},
            },
            "settings.colour",
        ),
        (
            {
                "title": "T",
                "method": "consensus",
                "options": [{"label": "A"}, {"label": "B"}],
                "settings": {"budget": 5},
            },
            "settings.budget",
        ),
        (
            {
                "title": "T",
                "method": "consensus",
                "options": [{"label": "A"}, {"label": "B"}],
                "settings": {"results": "sometimes"},
            },
            "settings.results",
        ),
        (
            {
                "title": "T",
                "method": "consensus",
                "options": [{"label": "A"}, {"label": "B"}],
                "settings": {"anonymous": "yes"},
            },
            "settings.anonymous",
        ),
        (
            {
                "title": "T",
                "method": "consensus",
                "options": [{"label": "A"}, {"label": "B"}],
                "settings": {"closes_at": "tomorrow"},
            },
            "settings.closes_at",
        ),
        (
            {
                "title": "T",
                "method": "consensus",
                "options": [{"label": "A"}, {"label": "B"}],
                "settings": {"closes_at": "2001-01-01T00:00:00Z"},
            },
            "settings.closes_at",
        ),
        ({"title": "T", "method": "single", "options": [{"label": "A"}]}, "options"),
        (
            {
                "title": "T",
                "method": "single",
                "options": [{"label": "A", "passive": True}, {"label": "B"}],
            },
            "options.0.passive",
        ),
        (
            {
                "title": "T",
                "method": "consensus",
                "options": [{"label": "A", "passive": True}, {"label": "B", "passive": True}],
            },
            "options.1.passive",
        ),
        ({"title": "T", "method": "consensus", "options": [{"label": "A"}], "extra": 1}, "extra"),
        (
            {
                "title": "T",
                "method": "consensus",
                "options": [{"label": f"o{i}"} for i in range(201)],
            },
            "options",
        ),
        (
            {
                "title": "T",
                "method": "consensus",
                "options": [{"label": f"o{i}"} for i in range(200)],
            },
            "options",
        ),
    ],
)
def test_create_refuses_invalid_fields_by_name(api, body, field):
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 422, resp.get_json()
    err = resp.get_json()["error"]
    assert err["code"] == "validation_failed"
    assert field in err["fields"], err
    assert err["message"]
    # nothing was written
    import sqlalchemy as sa

    from groupdecide.extensions import db
    from groupdecide.models import Decision, Option

    with api.client.application.app_context():
        for model in (Decision, Option):
            count = db.session.execute(
                sa.select(sa.func.count()).select_from(model).execution_options(all_tenants=True)
            ).scalar_one()
            assert count == 0, model


def test_create_with_200_options_including_passive_is_fine(api):
    body = {
        "title": "T",
        "method": "consensus",
        "options": [{"label": f"o{i}"} for i in range(199)],
    }
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 201
    assert len(resp.get_json()["decision"]["options"]) == 200


def test_collecting_may_start_without_options(api):
    d = api.create(labels=(), settings={"start_phase": "collecting", "passive_option": False})
    assert d["decision"]["phase"] == "collecting"
    assert d["decision"]["options"] == []


@pytest.mark.parametrize(
    ("data", "ctype", "status", "code"),
    [
        ("{not json", "application/json", 400, "bad_request"),
        ("[1, 2]", "application/json", 400, "bad_request"),
        ('"text"', "application/json", 400, "bad_request"),
        ("title=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        ("", "application/json", 422, "validation_failed"),
    ],
)
def test_malformed_bodies(api, data, ctype, status, code):
    resp = api.client.post(api.url("/decisions"), data=data, content_type=ctype)
    assert resp.status_code == status
    assert resp.get_json()["error"]["code"] == code


def test_body_over_limit_is_413(api):
    big = {
        "title": "T",
        "method": "consensus",
        "description": "x" * (300 * 1024),
        "options": [{"label": "A"}, {"label": "B"}],
    }
    resp = api.call("POST", "/decisions", big)
    assert resp.status_code == 413
    assert resp.get_json()["error"]["code"] == "too_large"


def test_unknown_decision_unknown_tenant_and_other_tenant_are_identical_404(api, make_tenant):
    from testkit import Api

    slug, _ = make_tenant("other")
    d = api.create()
    a = api.call("GET", "/decisions/doesnotexist1")
    b = Api(api.client, "no-such-tenant").call("GET", f"/decisions/{d['id']}")
    c = Api(api.client, slug).call("GET", f"/decisions/{d['id']}")
    assert a.status_code == b.status_code == c.status_code == 404
    assert a.get_json() == b.get_json() == c.get_json()
    assert a.get_json()["error"]["code"] == "not_found"


def test_patch_needs_admin_token(api):
    d = api.create()
    other = api.create()
    path = f"/decisions/{d['id']}"
    assert api.call("PATCH", path, {"title": "New"}).status_code == 401
    assert api.call("PATCH", path, {"title": "New"}, token="garbage").status_code == 401
    r = api.call("PATCH", path, {"title": "New"}, token=other["admin_token"])
    assert r.status_code == 401
    assert r.get_json()["error"]["code"] == "unauthorized"
    r = api.call("PATCH", path, {"title": "New", "description": "*d*"}, token=d["admin_token"])
    assert r.status_code == 200
    assert r.get_json()["title"] == "New"
    assert api.call("GET", path).get_json()["description"] == "*d*"


def test_tenant_api_key_acts_as_admin_only_in_its_tenant(client, make_tenant):
    from testkit import Api

    slug_a, key_a = make_tenant("alpha")
    _slug_b, key_b = make_tenant("beta")
    a = Api(client, slug_a)
    d = a.create()
    assert a.call("PATCH", f"/decisions/{d['id']}", {"title": "K"}, token=key_a).status_code == 200
    assert a.call("PATCH", f"/decisions/{d['id']}", {"title": "K"}, token=key_b).status_code == 401


def test_phase_moves(api):
    d = api.create(labels=(), settings={"start_phase": "collecting"})
    path, tok = f"/decisions/{d['id']}", d["admin_token"]
    # only the passive option: voting needs two
    r = api.call("PATCH", path, {"phase": "voting"}, token=tok)
    assert r.status_code == 409
    assert r.get_json()["error"]["code"] == "conflict"
    api.call("POST", f"{path}/options", {"label": "A"}, token=tok)
    assert api.call("PATCH", path, {"phase": "closed"}, token=tok).status_code == 409
    assert api.call("PATCH", path, {"phase": "voting"}, token=tok).get_json()["phase"] == "voting"
    assert api.call("PATCH", path, {"phase": "voting"}, token=tok).status_code == 200
    assert api.call("PATCH", path, {"phase": "collecting"}, token=tok).status_code == 409
    assert api.call("PATCH", path, {"phase": "closed"}, token=tok).get_json()["phase"] == "closed"
    assert api.call("PATCH", path, {"phase": "voting"}, token=tok).get_json()["phase"] == "voting"
    r = api.call("PATCH", path, {"phase": "sleeping"}, token=tok)
    assert r.status_code == 422
    assert "phase" in r.get_json()["error"]["fields"]


def test_closes_at_closes_without_anyone_acting_and_reopen_clears_it(app, api):
    d = api.create(settings={"closes_at": iso(datetime.now(UTC) + timedelta(hours=1))})
    path, tok = f"/decisions/{d['id']}", d["admin_token"]
    opt = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {opt: 2})
    # move the closing time into the past directly in the database (as time passing would)
    from groupdecide.extensions import db
    from groupdecide.models import Decision
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import tenant_context

    with app.app_context(), tenant_context(find_tenant("public")):
        dec = db.session.get(Decision, d["id"])
        dec.closes_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    assert api.call("GET", path).get_json()["phase"] == "closed"
    r = api.cast(d["id"], {opt: 3}, expect=409)
    assert r["error"]["code"] == "conflict"
    reopened = api.call("PATCH", path, {"phase": "voting"}, token=tok).get_json()
    assert reopened["phase"] == "voting"
    assert reopened["closes_at"] is None
    # reopening with a new closing time keeps the new one
    api.call("PATCH", path, {"phase": "closed"}, token=tok)
    later = iso(datetime.now(UTC) + timedelta(days=2))
    r = api.call("PATCH", path, {"phase": "voting", "closes_at": later}, token=tok).get_json()
    assert r["closes_at"] == later
    assert r["phase"] == "voting"


def test_patch_refuses_other_settings(api):
    d = api.create()
    r = api.call(
        "PATCH", f"/decisions/{d['id']}", {"settings": {"anonymous": True}}, token=d["admin_token"]
    )
    assert r.status_code == 422
    assert "settings.anonymous" in r.get_json()["error"]["fields"]
    r = api.call(
        "PATCH",
        f"/decisions/{d['id']}",
        {"settings": {"results": "organizer"}},
        token=d["admin_token"],
    )
    assert r.status_code == 200
    assert r.get_json()["settings"]["results"] == "organizer"


def test_delete_removes_everything(api):
    d = api.create()
    opt = d["decision"]["options"][0]["id"]
    api.cast(d["id"], {opt: 1})
    assert api.call("DELETE", f"/decisions/{d['id']}").status_code == 401
    assert api.call("DELETE", f"/decisions/{d['id']}", token=d["admin_token"]).status_code == 204
    assert api.call("GET", f"/decisions/{d['id']}").status_code == 404
    assert api.call("GET", f"/decisions/{d['id']}/results").status_code == 404


def test_add_option_rules(api):
    d = api.create(labels=("A", "B"), settings={"start_phase": "collecting"})
    path = f"/decisions/{d['id']}/options"
    r = api.call("POST", path, {"label": "C"})
    assert r.status_code == 403
    assert r.get_json()["error"]["code"] == "forbidden"
    r = api.call("POST", path, {"label": "C"}, token=d["admin_token"])
    assert r.status_code == 201
    assert r.get_json()["label"] == "C"
    assert r.get_json()["passive"] is False
    r = api.call("POST", path, {"label": ""}, token=d["admin_token"])
    assert r.status_code == 422
    assert "label" in r.get_json()["error"]["fields"]
    r = api.call("POST", path, {"label": "C"}, token="wrong")
    assert r.status_code == 401

    p = api.create(
        labels=("A", "B"), settings={"start_phase": "collecting", "allow_proposals": True}
    )
    ppath = f"/decisions/{p['id']}/options"
    assert api.call("POST", ppath, {"label": "Mine"}).status_code == 201
    api.call("PATCH", f"/decisions/{p['id']}", {"phase": "voting"}, token=p["admin_token"])
    r = api.call("POST", ppath, {"label": "Late"})
    assert r.status_code == 409
    assert api.call("POST", ppath, {"label": "Late"}, token=p["admin_token"]).status_code == 201
    api.call("PATCH", f"/decisions/{p['id']}", {"phase": "closed"}, token=p["admin_token"])
    assert api.call("POST", ppath, {"label": "Closed"}, token=p["admin_token"]).status_code == 409


def test_list_needs_api_key_and_pages_newest_first(client, make_tenant):
    from testkit import Api

    slug, key = make_tenant("lister")
    a = Api(client, slug)
    ids = [a.create(title=f"D{i}")["id"] for i in range(5)]
    assert a.call("GET", "/decisions").status_code == 401
    seen = []
    url = "/decisions?limit=2"
    while True:
        page = a.call("GET", url, token=key).get_json()
        seen += [d["id"] for d in page["items"]]
        if not page["next"]:
            break
        url = f"/decisions?limit=2&cursor={page['next']}"
    assert seen == list(reversed(ids))
    assert a.call("GET", "/decisions?limit=0", token=key).status_code == 422


def test_members_policy_needs_api_key(client, make_tenant):
    from testkit import Api

    slug, key = make_tenant("closed-shop", policy="members")
    _, other_key = make_tenant("someone")
    a = Api(client, slug)
    body = {"title": "T", "method": "consensus", "options": [{"label": "A"}, {"label": "B"}]}
    assert a.call("POST", "/decisions", body).status_code == 401
    assert a.call("POST", "/decisions", body, token=other_key).status_code == 401
    assert a.call("POST", "/decisions", body, token=key).status_code == 201


def test_openapi_document(client):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    doc = resp.get_json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    for p in (
        "/t/{tenant}/api/v1/decisions",
        "/t/{tenant}/api/v1/decisions/{decision_id}",
        "/t/{tenant}/api/v1/decisions/{decision_id}/ballots",
        "/t/{tenant}/api/v1/decisions/{decision_id}/results",
        "/t/{tenant}/api/v1/decisions/{decision_id}/invites",
        "/t/{tenant}/api/v1/decisions/{decision_id}/options",
    ):
        assert p in paths
    create = paths["/t/{tenant}/api/v1/decisions"]["post"]
    schema_ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    name = schema_ref.rsplit("/", 1)[1]
    props = doc["components"]["schemas"][name]["properties"]
    assert {"title", "method", "options", "settings"} <= set(props)


def test_method_not_allowed_is_json(api):
    r = api.call("PUT", "/decisions")
    assert r.status_code == 405
    assert r.get_json()["error"]["code"] == "method_not_allowed"
