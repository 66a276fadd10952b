"""Every method through the API: created with its settings, valid ballots counted into the
contract's result shape, and the ballots each method refuses (422 naming the field, nothing
stored)."""

from __future__ import annotations

import pytest


def make(api, method, labels=("A", "B", "C"), settings=None):
    created = api.create(method, labels=labels, settings=settings or {})
    return created["id"], [o["id"] for o in created["decision"]["options"]], created


def results(api, did):
    resp = api.call("GET", f"/decisions/{did}/results")
    assert resp.status_code == 200
    return resp.get_json()


def ballot_count(api, did):
    return api.call("GET", f"/decisions/{did}").get_json()["ballot_count"]


@pytest.mark.parametrize(
    ("method", "settings", "shown"),
    [
        ("single", {}, {}),
        ("multiple", {"min_choices": 1, "max_choices": 2}, {"min_choices": 1, "max_choices": 2}),
        ("multiple", {}, {"min_choices": 1, "max_choices": 3}),
        ("yesno", {}, {}),
        ("schedule", {}, {}),
        ("ranked", {"tally": "irv"}, {"tally": "irv"}),
        ("ranked", {}, {"tally": "schulze"}),
        ("score", {"scale": {"min": -2, "max": 2}}, {"scale": {"min": -2, "max": 2}}),
        ("judgment", {"grades": ["bad", "ok", "great"]}, {"grades": ["bad", "ok", "great"]}),
        ("dots", {"budget": 5}, {"budget": 5}),
    ],
)
def test_create_with_settings(api, method, settings, shown):
    _did, _ids, created = make(api, method, settings=settings)
    got = created["decision"]["settings"]
    for key, value in shown.items():
        assert got[key] == value
    assert all(o["passive"] is False for o in created["decision"]["options"])


@pytest.mark.parametrize(
    ("method", "settings", "field"),
    [
        ("single", {"tally": "irv"}, "settings.tally"),
        ("ranked", {"tally": "plurality"}, "settings.tally"),
        ("multiple", {"min_choices": 3, "max_choices": 2}, "settings.max_choices"),
        ("score", {"scale": {"min": 3, "max": 3}}, "settings.scale"),
        ("judgment", {"grades": ["only"]}, "settings.grades"),
        ("dots", {"budget": 0}, "settings.budget"),
        ("dots", {"budget": "10"}, "settings.budget"),
    ],
)
def test_bad_settings_name_the_field(api, method, settings, field):
    body = {
        "title": "Q",
        "method": method,
        "options": [{"label": "A"}, {"label": "B"}],
        "settings": settings,
    }
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 422
    assert field in resp.get_json()["error"]["fields"]


def test_passive_option_only_for_consensus(api):
    body = {
        "title": "Q",
        "method": "single",
        "options": [{"label": "A"}, {"label": "B", "passive": True}],
    }
    resp = api.call("POST", "/decisions", body)
    assert resp.status_code == 422
    assert "options.1.passive" in resp.get_json()["error"]["fields"]


REFUSED = [
    ("single", {}, lambda ids: {ids[0]: 1, ids[1]: 1}, "answers"),
    ("single", {}, lambda ids: {ids[0]: 2}, "answers.{0}"),
    ("multiple", {"max_choices": 2}, lambda ids: {i: 1 for i in ids}, "answers"),
    ("multiple", {"min_choices": 2}, lambda ids: {ids[0]: 1}, "answers"),
    ("yesno", {}, lambda ids: {ids[0]: 1}, "answers.{1}"),
    ("yesno", {}, lambda ids: {i: 2 for i in ids}, "answers.{0}"),
    ("schedule", {}, lambda ids: {ids[0]: 3}, "answers.{0}"),
    ("ranked", {}, lambda ids: {ids[0]: 0}, "answers.{0}"),
    ("ranked", {}, lambda ids: {ids[0]: 4}, "answers.{0}"),
    ("ranked", {}, lambda ids: {}, "answers"),
    ("score", {"scale": {"min": 1, "max": 5}}, lambda ids: {i: 6 for i in ids}, "answers.{0}"),
    ("score", {}, lambda ids: {ids[0]: 5}, "answers.{1}"),
    ("judgment", {}, lambda ids: {i: 6 for i in ids}, "answers.{0}"),
    ("dots", {"budget": 5}, lambda ids: {ids[0]: 3, ids[1]: 3}, "answers"),
    ("dots", {}, lambda ids: {ids[0]: 0}, "answers"),
    ("dots", {}, lambda ids: {ids[0]: -1}, "answers.{0}"),
    ("single", {}, lambda ids: {999999: 1}, "answers.999999"),
    ("ranked", {}, lambda ids: {ids[0]: "1"}, "answers.{0}"),
    ("score", {}, lambda ids: {ids[0]: 2.5, ids[1]: 1, ids[2]: 1}, "answers.{0}"),
    ("dots", {}, lambda ids: {ids[0]: True}, "answers.{0}"),
]


@pytest.mark.parametrize(("method", "settings", "answers", "field"), REFUSED)
def test_each_method_refuses_what_breaks_its_rules(api, method, settings, answers, field):
    did, ids, _ = make(api, method, settings=settings)
    body = {"name": "Anna", "answers": {str(k): v for k, v in answers(ids).items()}}
    resp = api.call("POST", f"/decisions/{did}/ballots", body)
    assert resp.status_code == 422, resp.get_json()
    error = resp.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert field.format(*ids) in error["fields"], error
    assert ballot_count(api, did) == 0


def test_single_and_multiple_results(api):
    did, (a, b, c), _ = make(api, "single")
    for ans in ({a: 1}, {a: 1, b: 0}, {b: 1}):
        api.cast(did, ans)
    r = results(api, did)
    assert r["method"] == "single"
    assert r["ballot_count"] == 3
    assert r["winners"] == [a]
    assert r["ranking"] == [[a], [b], [c]]
    assert r["options"][0] == {"id": a, "label": "A", "count": 2, "share": 2 / 3}
    assert r["options"][2]["share"] == 0

    did, (a, b, c), _ = make(api, "multiple", settings={"max_choices": 2})
    api.cast(did, {a: 1, b: 1})
    api.cast(did, {b: 1})
    r = results(api, did)
    assert r["winners"] == [b]
    assert [o["count"] for o in r["options"]] == [1, 2, 0]


def test_yesno_and_schedule_results(api):
    did, (m1, m2), _ = make(api, "yesno", labels=("M1", "M2"))
    api.cast(did, {m1: 1, m2: -1})
    api.cast(did, {m1: 0, m2: -1})
    r = results(api, did)
    assert r["options"][0] == {
        "id": m1,
        "label": "M1",
        "yes": 1,
        "no": 0,
        "abstain": 1,
        "passed": True,
    }
    assert r["winners"] == [m1]
    assert r["ranking"] == [[m1], [m2]]

    did, (s1, s2), _ = make(api, "schedule", labels=("Mon", "Tue"))
    api.cast(did, {s1: 2, s2: 1})
    api.cast(did, {s2: 2})
    r = results(api, did)
    assert [(o["yes"], o["maybe"], o["no"]) for o in r["options"]] == [(1, 0, 1), (1, 1, 0)]
    assert r["winners"] == [s2]


def test_ranked_tallies(api):
    profile = lambda a, b, c: [{a: 1, b: 2, c: 3}, {a: 1, b: 2, c: 3}, {b: 1, c: 2, a: 3}]  # noqa: E731
    did, (a, b, c), _ = make(api, "ranked")
    for ans in profile(a, b, c):
        api.cast(did, ans)
    r = results(api, did)
    assert r["tally"] == "schulze"
    assert r["winners"] == [a]
    assert r["details"]["pairwise"] == [[0, 2, 2], [1, 0, 3], [1, 0, 0]]
    assert r["details"]["strongest_paths"] == [[0, 2, 2], [0, 0, 3], [0, 0, 0]]
    assert [o["wins"] for o in r["options"]] == [2, 1, 0]

    did, (a, b, c), _ = make(api, "ranked", settings={"tally": "borda"})
    for ans in profile(a, b, c):
        api.cast(did, ans)
    r = results(api, did)
    assert [o["score"] for o in r["options"]] == [2, 2, -4]
    assert r["winners"] == [a, b]

    did, (a, b, c), _ = make(api, "ranked", settings={"tally": "copeland"})
    for ans in profile(a, b, c):
        api.cast(did, ans)
    assert [o["score"] for o in results(api, did)["options"]] == [2, 0, -2]

    did, (a, b, c), _ = make(api, "ranked", settings={"tally": "irv"})
    for ans in [{a: 1, b: 2}] * 3 + [{b: 1, c: 2}] * 3 + [{c: 1, b: 2}, {c: 1}]:
        api.cast(did, ans)
    r = results(api, did)
    assert r["winners"] == [b]
    assert r["details"]["rounds"] == [
        {"counts": {str(a): 3.0, str(b): 3.0, str(c): 2.0}, "eliminated": [c]},
        {"counts": {str(a): 3.0, str(b): 4.0}, "eliminated": []},
    ]
    assert [o["first_round"] for o in r["options"]] == [3.0, 3.0, 2.0]


def test_score_judgment_dots_results(api):
    did, (a, b), _ = make(api, "score", labels=("A", "B"), settings={"scale": {"min": 1, "max": 5}})
    api.cast(did, {a: 5, b: 1})
    api.cast(did, {a: 4, b: 2})
    r = results(api, did)
    assert r["options"][0] == {"id": a, "label": "A", "count": 2, "sum": 9, "mean": 4.5}
    assert r["winners"] == [a]

    did, (a, b), _ = make(api, "judgment", labels=("A", "B"))
    for ga, gb in ((5, 3), (4, 3), (2, 3)):
        api.cast(did, {a: ga, b: gb})
    r = results(api, did)
    assert r["options"][0]["grade_counts"] == [0, 0, 1, 0, 1, 1]
    assert r["options"][0]["median"] == 4
    assert r["options"][1]["median"] == 3
    assert r["winners"] == [a]

    did, (a, b), _ = make(api, "dots", labels=("A", "B"), settings={"budget": 10})
    api.cast(did, {a: 7, b: 3})
    api.cast(did, {a: 2, b: 8})
    r = results(api, did)
    assert [o["points"] for o in r["options"]] == [9, 11]
    assert r["winners"] == [b]


@pytest.mark.parametrize(
    "method", ["single", "multiple", "yesno", "schedule", "ranked", "score", "judgment", "dots"]
)
def test_results_with_no_ballots_have_the_contract_shape(api, method):
    did, ids, _ = make(api, method)
    r = results(api, did)
    assert r["method"] == method
    assert r["ballot_count"] == 0
    assert r["winners"] == []
    assert sorted(x for group in r["ranking"] for x in group) == sorted(ids)
    assert [o["id"] for o in r["options"]] == ids
    assert isinstance(r["details"], dict)
