"""Each method's results page says in one plain sentence why the winner won, from the count,
in the reader's language."""

from __future__ import annotations

import re

from .conftest import text_of


def _why(client, did, lang="en"):
    page = client.get(f"/t/public/d/{did}/results?lang={lang}").get_data(as_text=True)
    found = re.search(r'<p class="why">(.*?)</p>', page, re.S)
    assert found, "no sentence on why"
    return text_of(found.group(1))


def _decision(api, method, labels, ballots, settings=None, names=None):
    d = api.create(method=method, labels=labels, settings=settings or {})
    ids = {o["label"]: o["id"] for o in d["decision"]["options"]}
    for n, ballot in enumerate(ballots):
        name = names[n] if names else f"P{n}"
        api.cast(d["id"], {ids[k]: v for k, v in ballot.items()}, name=name)
    return d["id"]


def test_schulze_names_the_head_to_head_wins_of_a_condorcet_winner(api, client):
    order = [{"Curry": 1, "Pizza": 2, "Sushi": 3}] * 3 + [{"Pizza": 1, "Curry": 2, "Sushi": 3}]
    did = _decision(api, "ranked", ("Curry", "Pizza", "Sushi"), order, {"tally": "schulze"})
    assert _why(client, did) == "“Curry” beats every other option head to head: 3–1, 4–0."
    assert _why(client, did, "de") == (
        "„Curry“ schlägt im direkten Vergleich jede andere Option: 3–1, 4–0."
    )


def test_schulze_explains_paths_only_where_there_is_a_cycle(api, client):
    ballots = (
        [{"A": 1, "B": 2, "C": 3}] * 4
        + [{"B": 1, "C": 2, "A": 3}] * 3
        + [{"C": 1, "A": 2, "B": 3}] * 2
    )
    did = _decision(api, "ranked", ("A", "B", "C"), ballots, {"tally": "schulze"})
    text = _why(client, did)
    assert text.startswith("No option beats every other head to head")
    assert "“A” wins by the strongest chains of wins" in text


def test_instant_runoff_tells_the_rounds(api, client):
    ballots = (
        [{"A": 1, "B": 2, "C": 3}] * 3
        + [{"B": 1, "A": 2, "C": 3}] * 2
        + [{"C": 1, "B": 2, "A": 3}] * 2
    )
    did = _decision(api, "ranked", ("A", "B", "C"), ballots, {"tally": "irv"})
    # round 1: A 3, B 2, C 2 (no majority); B and C tie for last... the count drops per rules
    text = _why(client, did)
    assert re.match(r"“[ABC]” won in round [23] with [\d.]+ of [\d.]+ votes still counting\.", text)
    assert "Dropped one after another:" in text


def test_borda_and_copeland_give_the_scores(api, client):
    ballots = [{"A": 1, "B": 2, "C": 3}] * 2 + [{"B": 1, "A": 2, "C": 3}]
    did = _decision(api, "ranked", ("A", "B", "C"), ballots, {"tally": "borda"})
    assert _why(client, did) == "“A” has the highest score: 4. Next is “B” with 2."
    did = _decision(api, "ranked", ("A", "B", "C"), ballots, {"tally": "copeland"})
    assert _why(client, did) == "“A” has the highest score: 2. Next is “B” with 0."


def test_majority_judgment_shows_the_tie_break_step_that_decided(api, client):
    # grades: 0 Reject, 1 Poor, 2 Fair, 3 Good; both have the median Good
    ballots = [{"A": 3, "B": 3}, {"A": 3, "B": 3}, {"A": 2, "B": 1}]
    did = _decision(api, "judgment", ("A", "B"), ballots)
    assert _why(client, did) == (
        "“A” has the best median grade: “Good”. “B” has the same median; after setting aside"
        " 1 middle grade from each, “A”'s median is “Fair” and “B”'s “Poor”."
    )


def test_motions_say_passed_or_failed_and_by_how_much(api, client):
    ballots = [
        {"Budget": 1, "Statute": -1},
        {"Budget": 1, "Statute": -1},
        {"Budget": -1, "Statute": 0},
    ]
    did = _decision(api, "yesno", ("Budget", "Statute"), ballots)
    assert _why(client, did) == "“Budget” passed, 2 yes to 1 no; “Statute” failed, 0 yes to 2 no."


def test_the_date_poll_names_who_cannot_come(api, client):
    slots = ("2030-06-01 10:00", "2030-06-02 10:00")
    ballots = [{slots[0]: 2, slots[1]: 0}, {slots[0]: 2, slots[1]: 2}, {slots[0]: 0, slots[1]: 1}]
    did = _decision(api, "schedule", slots, ballots, names=["Anna", "Ben", "Cem"])
    text = _why(client, did)
    assert text.endswith("suits the most: 2 yes and 0 if need be. Cannot come: Cem.")
    assert "Kann nicht: Cem." in _why(client, did, "de")


def test_consensus_score_dots_and_choice_sentences(api, client):
    did = _decision(
        api, "consensus", ("Lake", "Park"), [{"Lake": 2, "Park": 6}, {"Lake": 3, "Park": 4}]
    )
    text = _why(client, did)
    assert text.startswith(
        "“Lake” meets the least resistance: 5 in total from 2 ratings (mean 2.50)."
    )
    assert "Next is “Park” with a mean of 5.00." in text
    did = _decision(api, "score", ("A", "B"), [{"A": 4, "B": 1}, {"A": 5, "B": 2}])
    assert (
        _why(client, did)
        == "“A” has the highest mean score: 4.50 from 2 scores. Next is “B” with 1.50."
    )
    did = _decision(api, "dots", ("A", "B"), [{"A": 7, "B": 3}, {"A": 2, "B": 8}, {"A": 10}])
    assert _why(client, did) == "“A” got the most points: 19 of 30. Next is “B” with 11."
    did = _decision(api, "single", ("A", "B", "C"), [{"A": 1}, {"A": 1}, {"B": 1}])
    assert (
        _why(client, did) == "“A” was chosen most often: by 2 of 3 (67%). That is 1 more than “B”."
    )
    did = _decision(api, "single", ("A", "B"), [{"A": 1}, {"B": 1}])
    assert _why(client, did) == "“A” and “B” tie for first place with 1 each."


def test_no_sentence_before_anyone_answered(api, client):
    d = api.create(method="single", labels=("A", "B"))
    page = client.get(f"/t/public/d/{d['id']}/results").get_data(as_text=True)
    assert 'class="why"' not in page


def test_the_record_says_why_too(api, client):
    d = api.create(method="dots", labels=("A", "B"))
    ids = [o["id"] for o in d["decision"]["options"]]
    api.cast(d["id"], {ids[0]: 6, ids[1]: 4})
    client.get(f"/t/public/d/{d['id']}/admin/{d['admin_token']}")
    page = text_of(client.get(f"/t/public/d/{d['id']}/record").get_data(as_text=True))
    assert "“A” got the most points: 6 of 10. Next is “B” with 4." in page


def test_motions_stay_in_agenda_order_with_a_toggle_to_sort_by_support(api, client):
    ballots = [{"First": -1, "Second": 1, "Third": 1}, {"First": -1, "Second": 1, "Third": 0}]
    did = _decision(api, "yesno", ("First", "Second", "Third"), ballots)

    def table_order(query=""):
        page = client.get(f"/t/public/d/{did}/results{query}").get_data(as_text=True)
        table = re.search(r'<table class="result-table">.*?</table>', page, re.S).group(0)
        return [text_of(r).split(" ")[:3] for r in re.findall(r"<tr.*?</tr>", table, re.S)[1:]]

    agenda = table_order()
    assert [r[1] for r in agenda] == ["First", "Second", "Third"]
    assert [r[0] for r in agenda] == ["1", "2", "3"]
    page = client.get(f"/t/public/d/{did}/results").get_data(as_text=True)
    assert 'href="?order=support"' in page
    by_support = table_order("?order=support")
    assert [r[1] for r in by_support] == ["Second", "Third", "First"]
