"""``min_ratings`` (consensus): an option rated by too few ranks after the options rated often
enough and never wins, however low its few ratings are."""

from __future__ import annotations


def test_an_option_rated_by_too_few_never_wins(api):
    made = api.create(labels=("Rarely rated", "Rated by all"), settings={"min_ratings": 2})
    did = made["id"]
    rare, common, passive = (o["id"] for o in made["decision"]["options"])
    assert made["decision"]["settings"]["min_ratings"] == 2
    api.cast(did, {rare: 0, common: 3, passive: 6}, name="A")
    api.cast(did, {common: 2, passive: 7}, name="B")
    result = api.call("GET", f"/decisions/{did}/results").get_json()
    rows = {o["id"]: o for o in result["options"]}
    assert rows[rare]["mean"] == 0.0
    assert rows[rare]["enough_ratings"] is False
    assert rows[common]["enough_ratings"] is True
    assert result["winners"] == [common]  # the lower mean of one rating does not win
    assert result["ranking"] == [[common], [passive], [rare]]

    # checked, and consensus only
    for bad in (0, "2", 1.5, True):
        resp = api.call(
            "POST",
            "/decisions",
            {
                "title": "Q",
                "method": "consensus",
                "options": [{"label": "A"}],
                "settings": {"min_ratings": bad},
            },
        )
        assert resp.status_code == 422, bad
        assert "settings.min_ratings" in resp.get_json()["error"]["fields"]
    resp = api.call(
        "POST",
        "/decisions",
        {
            "title": "Q",
            "method": "single",
            "options": [{"label": "A"}, {"label": "B"}],
            "settings": {"min_ratings": 2},
        },
    )
    assert resp.status_code == 422
    assert "settings.min_ratings" in resp.get_json()["error"]["fields"]
