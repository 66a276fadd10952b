"""Issue 12's "done when", as one meeting: proposals collected with a variant and comments, a
support threshold, a first round partly online and partly counted by hand in the room (on
the projector view), a second round with revised proposals, results across rounds, the
outcome, the record with its log, and a receipt a participant checks and anyone recounts."""

from __future__ import annotations

from testkit import Api

from groupdecide.voting.methods import get_method


def _options(api: Api, did: str) -> dict[str, dict]:
    return {o["label"]: o for o in api.call("GET", f"/decisions/{did}").get_json()["options"]}


def test_a_facilitator_runs_a_meeting_in_two_rounds(app, api):
    made = api.create(
        "consensus",
        ("Summer party by the lake",),
        {
            "start_phase": "collecting",
            "allow_proposals": True,
            "support_threshold": 2,
            "receipts": True,
            "min_ratings": 1,
        },
    )
    did, admin = made["id"], made["admin_token"]
    people = [Api(app.test_client()) for _ in range(3)]

    # proposals from the participants: one a variant of the organizer's, one on its own
    lake = _options(api, did)["Summer party by the lake"]["id"]
    r = people[0].call(
        "POST",
        f"/decisions/{did}/options",
        {"label": "By the lake, with a barbecue", "variant_of": lake, "name": "Anna"},
    )
    assert r.status_code == 201, r.get_json()
    r = people[1].call("POST", f"/decisions/{did}/options", {"label": "A boat trip", "name": "Ben"})
    assert r.status_code == 201, r.get_json()
    opts = _options(api, did)
    barbecue, boat = opts["By the lake, with a barbecue"], opts["A boat trip"]
    assert barbecue["variant_of"] == lake
    assert barbecue["author"] == "Anna"

    # a comment on one proposal, support marks: the boat trip gets only one
    r = people[2].call(
        "POST",
        f"/decisions/{did}/comments",
        {"name": "Cem", "body": "I get seasick.", "option_id": boat["id"]},
    )
    assert r.status_code == 201, r.get_json()
    for p in people:
        for oid in (lake, barbecue["id"]):
            assert p.call("POST", f"/decisions/{did}/options/{oid}/support").status_code == 201
    assert (
        people[1].call("POST", f"/decisions/{did}/options/{boat['id']}/support").status_code == 201
    )

    # voting starts: the boat trip (1 mark of 2) leaves the ballot
    r = api.call("PATCH", f"/decisions/{did}", {"phase": "voting"}, token=admin)
    assert r.status_code == 200, r.get_json()
    opts = _options(api, did)
    assert opts["A boat trip"]["hidden"] is True
    assert opts["Summer party by the lake"]["hidden"] is False
    passive = next(o for o in opts.values() if o["passive"])["id"]

    # round 1: two online ballots (with receipts), the room counts five people
    receipts = []
    for p, values in zip(people[:2], ((2, 5, 6), (4, 1, 7)), strict=True):
        answers = dict(zip((str(lake), str(barbecue["id"]), str(passive)), values, strict=True))
        r = p.call("POST", f"/decisions/{did}/ballots", {"name": "P", "answers": answers})
        assert r.status_code == 201, r.get_json()
        receipts.append((r.get_json()["receipt"], answers))
    room = {str(lake): {"3": 5}, str(barbecue["id"]): {"0": 4, "2": 1}, str(passive): {"8": 5}}
    r = api.call(
        "POST",
        f"/decisions/{did}/hand-counts",
        {"label": "General assembly", "people": 5, "counts": room},
        token=admin,
    )
    assert r.status_code == 201, r.get_json()

    # the projector view, with the organizer's cookie
    projector = app.test_client()
    assert projector.get(f"/t/public/d/{did}/admin/{admin}").status_code in (302, 303)
    room_page = projector.get(f"/t/public/d/{did}/room").get_data(as_text=True)
    assert "Summer party by the lake" in room_page
    assert "<svg" in room_page

    r = api.call("PATCH", f"/decisions/{did}", {"phase": "closed"}, token=admin)
    assert r.status_code == 200
    first = api.call("GET", f"/decisions/{did}/results").get_json()
    assert first["ballot_count"] == 7
    assert first["winners"] == [barbecue["id"]]
    assert first["details"]["hand_counts"][0]["people"] == 5

    # a participant checks their receipt; anyone recounts the list with the hand counts
    listed = api.call("GET", f"/decisions/{did}/receipts").get_json()["items"]
    mine, answers = receipts[0]
    assert {"receipt": mine, "answers": answers} in listed
    method = get_method("consensus")
    infos = method_options(first)
    ballots = [item["answers"] for item in listed]
    for oid, by_value in room.items():
        for value, n in by_value.items():
            ballots += [{oid: int(value)}] * n  # one option each: the same sums per option
    recount = method.tally(method.parse_settings({"min_ratings": 1}), infos, ballots)
    assert [o.id for o in recount.options if o.id in recount.winners] == first["winners"]

    # round 2: the organizer revises the winner's label and opens the next round
    r = api.call("POST", f"/decisions/{did}/rounds", {"phase": "voting"}, token=admin)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["round"] == 2
    r = api.call(
        "PATCH",
        f"/decisions/{did}/options/{barbecue['id']}",
        {"label": "By the lake, barbecue and a tent"},
        token=admin,
    )
    assert r.status_code == 200, r.get_json()
    answers = {str(lake): 6, str(barbecue["id"]): 0, str(passive): 7}
    assert (
        people[2].call("POST", f"/decisions/{did}/ballots", {"name": "C", "answers": answers})
    ).status_code == 201
    assert (
        api.call("PATCH", f"/decisions/{did}", {"phase": "closed"}, token=admin).status_code == 200
    )

    # results across rounds: round 1 as it closed (the old label), round 2 now
    rounds = api.call("GET", f"/decisions/{did}/rounds").get_json()["items"]
    assert [(x["round"], x["ballot_count"]) for x in rounds] == [(1, 7), (2, 1)]
    old = api.call("GET", f"/decisions/{did}/results?round=1").get_json()
    assert "By the lake, with a barbecue" in [o["label"] for o in old["options"]]
    page = app.test_client().get(f"/t/public/d/{did}/results").get_data(as_text=True)
    assert '<svg class="rounds-chart"' in page

    # the outcome, and the record with its log
    r = api.call(
        "PATCH", f"/decisions/{did}", {"outcome": "We go to the lake and camp."}, token=admin
    )
    assert r.status_code == 200, r.get_json()
    record = projector.get(f"/t/public/d/{did}/record").get_data(as_text=True)
    assert "We go to the lake and camp." in record
    log = [
        e["action"]
        for e in api.call("GET", f"/decisions/{did}/log", token=admin).get_json()["items"]
    ]
    for action in (
        "created",
        "option_added",
        "option_hidden",
        "hand_count_added",
        "round_started",
        "option_renamed",
        "outcome_set",
    ):
        assert action in log, (action, log)
    german = projector.get(f"/t/public/d/{did}/record?lang=de").get_data(as_text=True)
    assert "Entscheidungsprotokoll" in german


def method_options(result: dict) -> list:
    from groupdecide.voting.base import OptionInfo

    return [OptionInfo(o["id"], o["label"], o["passive"]) for o in result["options"]]
