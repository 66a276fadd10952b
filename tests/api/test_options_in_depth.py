"""Decisions that cannot be broken (issue 10) and options in depth (contract part two): settings
checked against the options, renames and removals that need a confirmation, hidden options,
descriptions, variants and authors, the decision's log, and the document's date-times."""

from __future__ import annotations


def _ids(d):
    return [o["id"] for o in d["decision"]["options"]]


def _log(api, d):
    resp = api.call("GET", f"/decisions/{d['id']}/log", token=d["admin_token"])
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["items"]


def _patch_option(api, d, oid, body):
    return api.call("PATCH", f"/decisions/{d['id']}/options/{oid}", body, token=d["admin_token"])


# ----------------------------------------------------------------------------- settings


def test_multiple_with_more_min_choices_than_options_is_refused_naming_the_field(api):
    body = {
        "title": "T",
        "method": "multiple",
        "options": [{"label": "A"}, {"label": "B"}],
        "settings": {"min_choices": 3},
    }
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 422
    err = resp.get_json()["error"]
    assert err["code"] == "validation_failed"
    assert "settings.min_choices" in err["fields"]
    # a max_choices above the options stays accepted (part one of the contract): harmless
    body["settings"] = {"max_choices": 5}
    assert api.call("POST", "/decisions", body).status_code == 201
    body["settings"] = {"min_choices": 2, "max_choices": 2}
    assert api.call("POST", "/decisions", body).status_code == 201


def test_removing_options_never_leaves_min_choices_out_of_reach(api):
    d = api.create("multiple", ("A", "B", "C"), {"min_choices": 3})
    a, b, c = _ids(d)
    resp = api.call("DELETE", f"/decisions/{d['id']}/options/{c}", token=d["admin_token"])
    assert resp.status_code == 409
    assert "settings.min_choices" in resp.get_json()["error"]["fields"]
    assert _patch_option(api, d, c, {"hidden": True}).status_code == 409
    # everyone can still vote as the settings say
    api.cast(d["id"], {a: 1, b: 1, c: 1})


def test_collecting_decision_cannot_open_voting_with_settings_its_options_cannot_meet(api):
    d = api.create("multiple", ("A", "B"), {"min_choices": 3, "start_phase": "collecting"})
    resp = api.call("PATCH", f"/decisions/{d['id']}", {"phase": "voting"}, token=d["admin_token"])
    assert resp.status_code == 409
    assert "settings.min_choices" in resp.get_json()["error"]["fields"]
    api.call("POST", f"/decisions/{d['id']}/options", {"label": "C"}, token=d["admin_token"])
    resp = api.call("PATCH", f"/decisions/{d['id']}", {"phase": "voting"}, token=d["admin_token"])
    assert resp.status_code == 200
    assert resp.get_json()["phase"] == "voting"


# ----------------------------------------------------------------------------- renames


def test_renaming_an_option_with_answers_needs_confirm_and_is_logged(api):
    d = api.create("single", ("Pizza", "Sushi"))
    a, b = _ids(d)
    api.cast(d["id"], {a: 1})
    api.cast(d["id"], {a: 1}, name="Ben")
    resp = _patch_option(api, d, a, {"label": "Pasta"})
    assert resp.status_code == 409
    err = resp.get_json()["error"]
    assert err["code"] == "conflict"
    assert "2" in err["message"]
    assert api.call("GET", f"/decisions/{d['id']}").get_json()["options"][0]["label"] == "Pizza"
    resp = _patch_option(api, d, a, {"label": "Pasta", "confirm": True})
    assert resp.status_code == 200
    assert resp.get_json()["label"] == "Pasta"
    renamed = [e for e in _log(api, d) if e["action"] == "option_renamed"]
    assert renamed
    assert renamed[0]["detail"]["from"] == "Pizza"
    assert renamed[0]["detail"]["to"] == "Pasta"
    assert renamed[0]["detail"]["answers"] == 2
    # an option nobody answered is renamed without asking
    assert _patch_option(api, d, b, {"label": "Ramen"}).status_code == 200


def test_option_patch_refuses_bad_fields_by_name_and_needs_the_admin_token(api):
    d = api.create("single", ("Pizza", "Sushi"))
    a, _b = _ids(d)
    resp = _patch_option(api, d, a, {"label": "Sushi"})
    assert resp.status_code == 422
    assert "label" in resp.get_json()["error"]["fields"]
    resp = _patch_option(api, d, a, {"description": "x" * 2001})
    assert resp.status_code == 422
    assert "description" in resp.get_json()["error"]["fields"]
    resp = _patch_option(api, d, a, {"passive": True})
    assert resp.status_code == 422
    assert "passive" in resp.get_json()["error"]["fields"]
    resp = api.call("PATCH", f"/decisions/{d['id']}/options/{a}", {"label": "X"})
    assert resp.status_code == 401
    other = api.create("single", ("C", "D"))
    resp = api.call(
        "PATCH", f"/decisions/{d['id']}/options/{a}", {"label": "X"}, token=other["admin_token"]
    )
    assert resp.status_code == 401
    resp = api.call(
        "PATCH",
        f"/decisions/{d['id']}/options/{_ids(other)[0]}",
        {"label": "X"},
        token=d["admin_token"],
    )
    assert resp.status_code == 404


# ----------------------------------------------------------------------------- removals


def test_removal_in_voting_keeps_two_answerable_options_and_asks_before_dropping_answers(api):
    d = api.create("single", ("A", "B", "C"))
    a, b, _c = _ids(d)
    api.cast(d["id"], {a: 1})
    path = f"/decisions/{d['id']}/options/"
    resp = api.call("DELETE", path + str(a), token=d["admin_token"])
    assert resp.status_code == 409
    assert "confirm" in resp.get_json()["error"]["fields"]
    assert (
        api.call("DELETE", path + str(a) + "?confirm=true", token=d["admin_token"]).status_code
        == 204
    )
    removed = [e for e in _log(api, d) if e["action"] == "option_removed"]
    assert removed[0]["detail"] == {"option": a, "label": "A", "answers": 1}
    resp = api.call("DELETE", path + str(b), token=d["admin_token"])
    assert resp.status_code == 409  # only B and C are left: voting needs both
    assert len(api.call("GET", f"/decisions/{d['id']}").get_json()["options"]) == 2
    # hiding one of the last two is refused the same way
    assert _patch_option(api, d, b, {"hidden": True}).status_code == 409


# ----------------------------------------------------------------------------- hidden options


def test_hidden_options_take_no_answers_and_are_left_out_of_the_results(api):
    d = api.create("ranked", ("A", "B", "C"))
    a, b, c = _ids(d)
    api.cast(d["id"], {a: 3, b: 2, c: 1})
    resp = _patch_option(api, d, c, {"hidden": True})
    assert resp.status_code == 200
    assert resp.get_json()["hidden"] is True
    listed = api.call("GET", f"/decisions/{d['id']}").get_json()["options"]
    assert [o["hidden"] for o in listed] == [False, False, True]
    bad = api.cast(d["id"], {c: 1}, name="Ben", expect=422)
    assert f"answers.{c}" in bad["error"]["fields"]
    api.cast(d["id"], {a: 2, b: 1}, name="Cleo")  # ranks up to the 2 options left
    res = api.call("GET", f"/decisions/{d['id']}/results").get_json()
    assert [o["id"] for o in res["options"]] == [a, b]
    assert all(c not in group for group in res["ranking"])
    assert any(e["action"] == "option_hidden" for e in _log(api, d))
    # shown again, it counts again
    _patch_option(api, d, c, {"hidden": False})
    res = api.call("GET", f"/decisions/{d['id']}/results").get_json()
    assert c in [o["id"] for o in res["options"]]


# ----------------------------------------------------------------------------- new fields


def test_options_carry_description_variant_and_author(api):
    d = api.create(
        "consensus",
        ("Hiking",),
        {"allow_proposals": True, "start_phase": "collecting"},
    )
    hiking = _ids(d)[0]
    resp = api.call(
        "POST",
        f"/decisions/{d['id']}/options",
        {
            "label": "Hiking, shorter",
            "description": "Only **10 km**",
            "variant_of": hiking,
            "name": "Anna",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    opt = resp.get_json()
    assert opt["author"] == "Anna"
    assert opt["variant_of"] == hiking
    assert opt["description"] == "Only **10 km**"
    assert opt["hidden"] is False
    listed = api.call("GET", f"/decisions/{d['id']}").get_json()["options"]
    assert listed[0]["author"] is None  # the organizer's
    # author is never taken from a body; variant_of must be an option of this decision
    resp = api.call("POST", f"/decisions/{d['id']}/options", {"label": "X", "author": "Eve"})
    assert resp.status_code == 422
    assert "author" in resp.get_json()["error"]["fields"]
    resp = api.call("POST", f"/decisions/{d['id']}/options", {"label": "Y", "variant_of": 10**6})
    assert resp.status_code == 422
    assert "variant_of" in resp.get_json()["error"]["fields"]
    resp = api.call("POST", f"/decisions/{d['id']}/options", {"label": "Z", "hidden": True})
    assert resp.status_code == 422
    assert "hidden" in resp.get_json()["error"]["fields"]


def test_name_on_a_proposal_is_refused_on_anonymous_decisions(api):
    d = api.create(
        "consensus",
        ("Hiking",),
        {"allow_proposals": True, "start_phase": "collecting", "anonymous": True},
    )
    resp = api.call("POST", f"/decisions/{d['id']}/options", {"label": "Boat", "name": "Anna"})
    assert resp.status_code == 422
    assert "name" in resp.get_json()["error"]["fields"]
    resp = api.call("POST", f"/decisions/{d['id']}/options", {"label": "Boat"})
    assert resp.status_code == 201
    assert resp.get_json()["author"] is None


def test_option_description_on_create_is_listed_and_rendered_sanitized(api, client):
    body = {
        "title": "T",
        "method": "single",
        "options": [
            {"label": "A", "description": "**bold** <script>alert(1)</script>"},
            {"label": "B"},
        ],
    }
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 201
    d = resp.get_json()
    assert d["decision"]["options"][0]["description"].startswith("**bold**")
    page = client.get(f"/t/public/d/{d['id']}").get_data(as_text=True)
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)" not in page


# ----------------------------------------------------------------------------- the log


def test_the_log_lists_creation_and_phase_changes_oldest_first_for_the_admin_only(api):
    d = api.create("single", ("A", "B"))
    api.call("PATCH", f"/decisions/{d['id']}", {"phase": "closed"}, token=d["admin_token"])
    items = _log(api, d)
    assert [e["action"] for e in items] == ["created", "phase_changed"]
    assert items[1]["detail"] == {"from": "voting", "to": "closed"}
    assert items[0]["at"].endswith("Z")
    assert api.call("GET", f"/decisions/{d['id']}/log").status_code == 401


# ----------------------------------------------------------------------------- the document


def test_patch_without_a_body_is_refused_as_the_document_requires_one(api):
    d = api.create("single", ("A", "B"))
    resp = api.client.patch(
        api.url(f"/decisions/{d['id']}"),
        headers={"Authorization": f"Bearer {d['admin_token']}"},
    )
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "validation_failed"


def test_an_empty_option_time_is_refused_as_the_document_says_date_time(api):
    d = api.create("schedule", ("Mon", "Tue"))
    resp = api.call(
        "POST",
        f"/decisions/{d['id']}/options",
        {"label": "Wed", "ends_at": ""},
        token=d["admin_token"],
    )
    assert resp.status_code == 422
    assert "ends_at" in resp.get_json()["error"]["fields"]


def test_the_organizer_removes_a_ballot_while_voting_and_it_is_logged(api):
    d = api.create("single", ("A", "B"))
    a, _b = _ids(d)
    ballot = api.cast(d["id"], {a: 1})
    path = f"/decisions/{d['id']}/ballots/{ballot['id']}"
    other = api.create("single", ("C", "D"))
    assert api.call("DELETE", path, token=other["admin_token"]).status_code == 401
    assert api.call("DELETE", path, token=d["admin_token"]).status_code == 204
    assert api.call("GET", f"/decisions/{d['id']}").get_json()["ballot_count"] == 0
    removed = [e for e in _log(api, d) if e["action"] == "ballot_removed"]
    assert removed
    assert removed[0]["detail"] == {"ballot": ballot["id"]}
