"""Every method besides consensus in the browser: the create form adapts to the method, each
ballot is answered without script, bad answers come back beside the field, and the results
page shows the figures of a small hand-worked profile."""

from __future__ import annotations

import re

import pytest

from groupdecide.models import Ballot, Decision

from .conftest import text_of


def make(organizer, api, method, labels=("A", "B", "C"), **form):
    b, did, _admin_link = organizer(method=method, option=list(labels), **form)
    data = api.call("GET", f"/decisions/{did}").get_json()
    return b, did, [o["id"] for o in data["options"]], data


def vote(browser, did, data, name="Anna", expect=303):
    b = browser()
    body = dict(data)
    if name is not None:
        body["name"] = name
    resp = b.post(f"/t/public/d/{did}", data=body)
    assert resp.status_code == expect, text_of(resp.get_data(as_text=True))[:1500]
    return b, resp.get_data(as_text=True)


def results_text(browser, did):
    return text_of(browser().page(f"/t/public/d/{did}/results"))


def error_beside(page, key, message):
    """The message sits in the error paragraph of that field."""
    fid = "f-" + key.replace(".", "-")
    match = re.search(rf'id="{re.escape(fid)}-error">(.*?)</p>', page, re.S)
    assert match, f"no error beside {key}"
    assert message in text_of(match.group(1)), text_of(match.group(1))


# ----------------------------------------------------------------------------- create


def test_create_page_offers_every_method_and_switches_without_script(browser):
    b = browser()
    page = b.page("/t/public/new")
    for key in (
        "consensus",
        "single",
        "multiple",
        "yesno",
        "schedule",
        "ranked",
        "score",
        "judgment",
        "dots",
    ):
        assert f'name="method" value="{key}"' in page
    assert 'name="switch_method"' in page
    # without script: choose "ranked" and press the switch button; what was typed stays
    resp = b.post(
        "/t/public/new",
        data={
            "method": "ranked",
            "shown_method": "consensus",
            "switch_method": "1",
            "title": "Lunch?",
            "option": ["Pizza", "Sushi"],
        },
    )
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert 'value="ranked" class="js-method" checked' in page
    assert 'name="tally" value="schulze" checked' in page
    assert 'value="Lunch?"' in page
    assert 'value="Pizza"' in page
    assert 'value="Sushi"' in page
    assert 'name="passive_label"' not in page
    # choosing another method and pressing "create" also only switches (fields not shown yet)
    resp = b.post(
        "/t/public/new",
        data={
            "method": "dots",
            "shown_method": "ranked",
            "title": "Lunch?",
            "option": ["Pizza", "Sushi"],
        },
    )
    assert resp.status_code == 200
    assert 'name="budget"' in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "field"),
    [
        ("multiple", 'name="min_choices"'),
        ("score", 'name="scale_max"'),
        ("judgment", 'name="grade"'),
        ("dots", 'name="budget"'),
        ("schedule", 'type="time"'),
        ("ranked", 'name="tally" value="irv"'),
    ],
)
def test_each_method_has_its_settings(browser, method, field):
    page = browser().page(f"/t/public/new?method={method}")
    assert field in page
    for field_id in re.findall(r'<(?:input|textarea|select)[^>]*\sid="(f-[^"]+)"', page):
        assert f'for="{field_id}"' in page, field_id


def test_judgment_grades_default_and_edit_without_script(browser):
    b = browser()
    page = b.page("/t/public/new?method=judgment")
    assert page.count('name="grade" value="') == 7
    assert 'value="Excellent"' in page
    grades = ["Bad", "Good"]
    resp = b.post(
        "/t/public/new",
        data={
            "method": "judgment",
            "shown_method": "judgment",
            "grade": grades,
            "add_grade": "1",
            "option": ["A"],
        },
    )
    assert resp.get_data(as_text=True).count('name="grade" value="') == 4


@pytest.mark.parametrize(
    ("method", "extra", "field", "message"),
    [
        (
            "multiple",
            {"min_choices": "3", "max_choices": "2"},
            "max_choices",
            "The most choices cannot be fewer than the fewest.",
        ),
        (
            "score",
            {"scale_min": "5", "scale_max": "5"},
            "scale",
            "The lowest score must be lower than the highest.",
        ),
        ("score", {"scale_min": "x", "scale_max": "5"}, "scale", "Enter whole numbers"),
        ("judgment", {"grade": ["Only one"]}, "grades", "Give 2 to 10 grades."),
        ("judgment", {"grade": ["Good", "good"]}, "grades", "Give every grade a different name."),
        ("dots", {"budget": "lots"}, "budget", "Enter a whole number from 1 to 1000."),
        ("dots", {"budget": "0"}, "budget", "Enter a whole number from 1 to 1000."),
        ("single", {"option": ["A", "a"]}, "option-1", "Another option has the same text."),
        ("yesno", {"option": ["Only one"]}, "options", "Voting needs at least two options."),
    ],
)
def test_bad_settings_are_refused_beside_the_field(
    browser, count_rows, method, extra, field, message
):
    data = {
        "method": method,
        "shown_method": method,
        "title": "Q",
        "option": ["A", "B"],
        "start_phase": "voting",
        "results": "public",
        **extra,
    }
    resp = browser().post("/t/public/new", data=data)
    assert resp.status_code == 422
    error_beside(resp.get_data(as_text=True), field, message)
    assert count_rows(Decision) == 0


def test_schedule_slots_with_pickers_and_several_at_once(browser, api):
    b = browser()
    # one date with three times, 90 minutes each, added without script
    resp = b.post(
        "/t/public/new",
        data={
            "method": "schedule",
            "shown_method": "schedule",
            "title": "Team meeting, June",
            "slot_date": ["", ""],
            "slot_start": ["", ""],
            "slot_end": ["", ""],
            "bulk_date": ["2099-06-01", "", "", ""],
            "bulk_time": ["09:00", "13:00", "17:30", ""],
            "bulk_length": "90",
            "add_slots": "1",
        },
    )
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert page.count('name="slot_date" value="2099-06-01"') == 3
    assert 'name="slot_end" value="10:30"' in page
    assert 'name="slot_end" value="19:00"' in page
    # several dates at the same time
    resp = b.post(
        "/t/public/new",
        data={
            "method": "schedule",
            "shown_method": "schedule",
            "title": "x",
            "slot_date": [""],
            "slot_start": [""],
            "slot_end": [""],
            "bulk_date": ["2099-06-01", "2099-06-02"],
            "bulk_time": ["18:00"],
            "bulk_length": "0",
            "add_slots": "1",
        },
    )
    page = resp.get_data(as_text=True)
    assert page.count('name="slot_start" value="18:00"') == 2
    # create, in a browser two hours ahead of UTC
    resp = b.post(
        "/t/public/new",
        data={
            "method": "schedule",
            "shown_method": "schedule",
            "title": "Team meeting, June",
            "slot_date": ["2099-06-01", "2099-06-02"],
            "slot_start": ["18:00", "09:00"],
            "slot_end": ["20:00", ""],
            "tz_offset": "-120",
            "start_phase": "voting",
            "results": "public",
        },
    )
    assert resp.status_code == 303
    did = resp.headers["Location"].split("/d/")[1].split("/")[0]
    options = api.call("GET", f"/decisions/{did}").get_json()["options"]
    assert [o["label"] for o in options] == [
        "Mon, 1 Jun 2099, 18:00–20:00",
        "Tue, 2 Jun 2099, 09:00",
    ]
    assert options[0]["starts_at"] == "2099-06-01T16:00:00Z"
    assert options[0]["ends_at"] == "2099-06-01T18:00:00Z"


def test_schedule_slot_without_a_date_is_refused_beside_it(browser, count_rows):
    resp = browser().post(
        "/t/public/new",
        data={
            "method": "schedule",
            "shown_method": "schedule",
            "title": "Q",
            "slot_date": ["2099-06-01", ""],
            "slot_start": ["18:00", "19:00"],
            "slot_end": ["", ""],
            "start_phase": "voting",
            "results": "public",
        },
    )
    assert resp.status_code == 422
    error_beside(resp.get_data(as_text=True), "slot-1", "Enter a date.")
    assert count_rows(Decision) == 0


# ----------------------------------------------------------------------------- ballots


def test_single_choice(organizer, api, browser, count_rows):
    _b, did, (a, b_, c), _ = make(organizer, api, "single")
    page = browser().page(f"/t/public/d/{did}")
    assert page.count('type="radio"') >= 3
    assert 'name="choice"' in page
    _v, page = vote(browser, did, {}, expect=422)
    error_beside(page, "answers", "Choose one option.")
    _v, page = vote(browser, did, {"choice": "999999"}, expect=422)
    assert count_rows(Ballot) == 0
    vote(browser, did, {"choice": str(a)}, "Anna")
    vote(browser, did, {"choice": str(a)}, "Ben")
    voter, _ = vote(browser, did, {"choice": str(b_)}, "Cleo")
    text = results_text(browser, did)
    assert "3 people have answered." in text
    assert "“A” wins." in text
    assert "1 A Winner 2 67%" in text
    assert "2 B 1 33%" in text
    assert "3 C 0 0%" in text
    assert "A: 2 of 3 ballots" in browser().page(f"/t/public/d/{did}/results")
    # own ballot shows the choice and can change it
    page = voter.page(f"/t/public/d/{did}/ballot")
    assert f'value="{b_}" checked' in page
    assert (
        voter.post(f"/t/public/d/{did}/ballot", data={"name": "Cleo", "choice": str(c)}).status_code
        == 303
    )
    text = results_text(browser, did)
    assert "2 C 1 33%" in text
    assert "3 B 0 0%" in text


def test_multiple_choice_limits_shown_and_enforced(organizer, api, browser, count_rows):
    _b, did, (a, b_, c), _ = make(organizer, api, "multiple", min_choices="1", max_choices="2")
    page = browser().page(f"/t/public/d/{did}")
    assert "Choose 1 to 2." in text_of(page)
    assert 'aria-live="polite"' in page
    everything = {f"answer-{x}": "1" for x in (a, b_, c)}
    _v, page = vote(browser, did, everything, expect=422)
    error_beside(page, "answers", "Choose at most 2.")
    assert "checked" in page  # what was ticked stays ticked
    assert count_rows(Ballot) == 0
    vote(browser, did, {f"answer-{a}": "1", f"answer-{b_}": "1"}, "Anna")
    vote(browser, did, {f"answer-{a}": "1"}, "Ben")
    text = results_text(browser, did)
    assert "1 A Winner 2 100%" in text
    assert "2 B 1 50%" in text
    assert "shares add up to more than 100" in text


def test_yes_no_motions(organizer, api, browser, count_rows):
    _b, did, (m1, m2), _ = make(organizer, api, "yesno", labels=("Motion 1", "Motion 2"))
    _v, page = vote(browser, did, {f"answer-{m1}": "1"}, expect=422)
    error_beside(page, f"answers.{m2}", "Answer this one too.")
    assert count_rows(Ballot) == 0
    vote(browser, did, {f"answer-{m1}": "1", f"answer-{m2}": "-1"}, "Anna")
    vote(browser, did, {f"answer-{m1}": "0", f"answer-{m2}": "-1"}, "Ben")
    vote(browser, did, {f"answer-{m1}": "-1", f"answer-{m2}": "1"}, "Cleo")
    page = browser().page(f"/t/public/d/{did}/results")
    text = text_of(page)
    assert "No motion has passed." in text
    assert "Motion 1 1 1 1 failed" in text
    assert "Motion 2 1 2 0 failed" in text
    assert 'aria-label="Motion 1: 1 yes, 1 abstain, 1 no"' in page


def test_ranked_instant_runoff_rounds(organizer, api, browser, count_rows):
    _b, did, (a, b_, c), _ = make(organizer, api, "ranked", tally="irv")
    page = browser().page(f"/t/public/d/{did}")
    assert page.count("<select") == 3
    assert "unranked" in page
    _v, page = vote(browser, did, {f"answer-{a}": "0"}, expect=422)
    error_beside(page, f"answers.{a}", "Choose a value from 1 to 3.")
    _v, page = vote(browser, did, {f"answer-{a}": "two"}, expect=422)
    error_beside(page, f"answers.{a}", "Enter a whole number.")
    _v, page = vote(browser, did, {}, expect=422)
    error_beside(page, "answers", "Rank at least one option.")
    assert count_rows(Ballot) == 0
    for i in range(3):
        vote(browser, did, {f"answer-{a}": "1", f"answer-{b_}": "2", f"answer-{c}": "3"}, f"A{i}")
    for i in range(3):
        vote(browser, did, {f"answer-{b_}": "1", f"answer-{c}": "2", f"answer-{a}": "3"}, f"B{i}")
    vote(browser, did, {f"answer-{c}": "1", f"answer-{b_}": "2"}, "C1")
    vote(browser, did, {f"answer-{c}": "1"}, "C2")
    page = browser().page(f"/t/public/d/{did}/results")
    text = text_of(page)
    assert "“B” wins." in text
    assert "Round 1: eliminated C" in text
    assert "Round 2: B wins" in text
    # votes per round: A 3 3, B 3 4, C 2 out; one ballot exhausted in round 2
    assert "A 3.0 3.0 B 3.0 4.0 wins C 2.0 eliminated – Exhausted ballots 0.0 1.0" in text
    assert "exhausted" in text
    assert 'class="bar"' in page


def test_ranked_schulze_matrices_and_borda_tie(organizer, api, browser):
    profile = [("1", "2", "3"), ("1", "2", "3"), ("3", "1", "2")]
    _b, did, ids, _ = make(organizer, api, "ranked")  # schulze by default
    for n, ranks in enumerate(profile):
        vote(browser, did, {f"answer-{i}": r for i, r in zip(ids, ranks, strict=True)}, f"V{n}")
    page = browser().page(f"/t/public/d/{did}/results")
    text = text_of(page)
    assert "“A” wins." in text
    assert "Pairwise comparisons" in text
    assert "Strongest paths" in text
    pairwise = re.search(
        r'<table class="matrix">\s*<caption id="c-pairwise">.*?</table>', page, re.S
    ).group(0)
    assert text_of(pairwise).endswith(
        "A – 2 (won) 2 (won) B 1 (lost) – 3 (won) C 1 (lost) 0 (lost) –"
    )
    paths = re.search(r'<caption id="c-paths">.*?</table>', page, re.S).group(0)
    assert "A – 2 (won) 2 (won) B 0 (lost) – 3 (won) C 0 (lost) 0 (lost) –" in text_of(paths)
    assert "1 A Winner 2" in text
    assert "2 B 1" in text
    assert "3 C 0" in text

    _b, did, ids, _ = make(organizer, api, "ranked", tally="borda")
    for n, ranks in enumerate(profile):
        vote(browser, did, {f"answer-{i}": r for i, r in zip(ids, ranks, strict=True)}, f"V{n}")
    text = results_text(browser, did)
    assert "A tie: A · B are equally placed first." in text
    assert "1 A Tied for first 2" in text
    assert "3 C -4" in text.replace("−", "-")


def test_score_voting(organizer, api, browser, count_rows):
    _b, did, (a, b_), _ = make(
        organizer, api, "score", labels=("A", "B"), scale_min="1", scale_max="5"
    )
    page = browser().page(f"/t/public/d/{did}")
    assert "from 1 (worst) to 5 (best)" in text_of(page)
    _v, page = vote(browser, did, {f"answer-{a}": "6", f"answer-{b_}": "1"}, expect=422)
    error_beside(page, f"answers.{a}", "Choose a value from 1 to 5.")
    _v, page = vote(browser, did, {f"answer-{a}": "3"}, expect=422)
    error_beside(page, f"answers.{b_}", "Answer this one too.")
    assert count_rows(Ballot) == 0
    vote(browser, did, {f"answer-{a}": "5", f"answer-{b_}": "1"}, "Anna")
    vote(browser, did, {f"answer-{a}": "4", f"answer-{b_}": "2"}, "Ben")
    page = browser().page(f"/t/public/d/{did}/results")
    text = text_of(page)
    assert "1 A Winner 4.50 9 2" in text
    assert "2 B 1.50 3 2" in text
    assert 'aria-label="A: mean score 4.50 on a scale from 1 to 5"' in page


def test_majority_judgment_merit_profile(organizer, api, browser):
    _b, did, (a, b_), _ = make(organizer, api, "judgment", labels=("A", "B"))
    page = browser().page(f"/t/public/d/{did}")
    assert "Very good" in page
    assert page.count('type="radio"') == 12
    for n, (ga, gb) in enumerate([(5, 3), (4, 3), (2, 3)]):
        vote(browser, did, {f"answer-{a}": str(ga), f"answer-{b_}": str(gb)}, f"V{n}")
    page = browser().page(f"/t/public/d/{did}/results")
    text = text_of(page)
    assert "“A” wins." in text
    assert "Merit profile" in text
    assert "1 A Winner Very good 0 0 1 0 1 1" in text
    assert "2 B Good 0 0 0 3 0 0" in text
    assert "A: median grade Very good; Reject: 0, Poor: 0, Fair: 1, Good: 0" in page
    assert 'stroke-dasharray="3 2"' in page  # the majority line


def test_dot_voting_budget(organizer, api, browser, count_rows):
    _b, did, (a, b_), _ = make(organizer, api, "dots", labels=("A", "B"), budget="10")
    page = browser().page(f"/t/public/d/{did}")
    assert "10 of 10 points left" in text_of(page)
    assert 'aria-live="polite"' in page
    _v, page = vote(browser, did, {f"answer-{a}": "7", f"answer-{b_}": "4"}, expect=422)
    error_beside(page, "answers", "Give at most 10 points in total; you gave 11.")
    assert "1 point too many" in text_of(page)
    assert 'value="7"' in page
    _v, page = vote(browser, did, {f"answer-{a}": "-1"}, expect=422)
    error_beside(page, f"answers.{a}", "Choose a value from 0 to 10.")
    assert count_rows(Ballot) == 0
    vote(browser, did, {f"answer-{a}": "7", f"answer-{b_}": "3"}, "Anna")
    vote(browser, did, {f"answer-{a}": "2", f"answer-{b_}": "8"}, "Ben")
    text = results_text(browser, did)
    assert "“B” wins." in text
    assert "1 B Winner 11" in text
    assert "2 A 9" in text


def test_schedule_grid_with_others_and_best_slot(organizer, api, browser):
    b, did, _admin_link = organizer(
        method="schedule",
        option=[],
        slot_date=["2099-06-01", "2099-06-02"],
        slot_start=["18:00", "18:00"],
        slot_end=["20:00", "20:00"],
        tz_offset="-120",
    )
    ids = [o["id"] for o in api.call("GET", f"/decisions/{did}").get_json()["options"]]
    first, second = ids
    page = browser().page(f"/t/public/d/{did}")
    assert page.count(f'name="answer-{first}"') == 3  # yes / if need be / no
    vote(browser, did, {f"answer-{first}": "2", f"answer-{second}": "1"}, "Anna")
    vote(browser, did, {f"answer-{first}": "0", f"answer-{second}": "2"}, "Ben")
    cleo, _ = vote(browser, did, {f"answer-{second}": "2"}, "Cleo")
    # the next participant sees everyone's answers beside the form, with the totals
    page = browser().page(f"/t/public/d/{did}")
    grid = text_of(re.search(r'<table class="schedule-grid">.*?</table>', page, re.S).group(0))
    assert "Anna ✓ yes (✓) if need be" in grid
    assert "Ben ✗ no ✓ yes" in grid
    assert "Others so far: yes (if need be) 1 (0) 2 (1)" in grid
    # the own row on the own ballot page holds the own answer, and others exclude it
    page = cleo.page(f"/t/public/d/{did}/ballot")
    assert f'id="a{second}-2" value="2" checked' in page
    text = results_text(browser, did)
    # slots are shown from their instants, in the reader's language and the decision's zone
    text = text.replace("\u202f", " ")
    assert "The best time slot: “Tue, Jun 2, 2099, 6:00 PM–8:00 PM”." in text
    assert "1 Tue, Jun 2, 2099, 6:00 PM–8:00 PM Winner 2 1 0" in text
    # the organizer downloads the best slot for the calendar
    resp = b.get(f"/t/public/d/{did}/admin/export/slot.ics")
    assert resp.status_code == 200
    assert resp.mimetype == "text/calendar"
    ics = resp.get_data(as_text=True)
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert ics.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert "\n" not in ics.replace("\r\n", "")
    assert f"UID:{did}-{second}@gd.test\r\n" in ics
    assert re.search(r"\r\nDTSTAMP:\d{8}T\d{6}Z\r\n", ics)
    assert "DTSTART:20990602T160000Z\r\nDTEND:20990602T180000Z\r\n" in ics
    assert "SUMMARY:Where do we go for the team outing?\r\n" in ics
    assert "DESCRIPTION:Tue\\, 2 Jun 2099\\, 18:00–20:00\\n" in ics.replace("\r\n ", "")
    chosen = b.get(f"/t/public/d/{did}/admin/export/slot.ics?option={first}")
    assert "DTSTART:20990601T160000Z" in chosen.get_data(as_text=True)
    assert browser().get(f"/t/public/d/{did}/admin/export/slot.ics").status_code == 403


def test_anonymous_schedule_shows_no_names(organizer, api, browser):
    _b, did, _ = organizer(
        method="schedule",
        option=[],
        anonymous="1",
        slot_date=["2099-06-01", "2099-06-02"],
        slot_start=["18:00", "19:00"],
    )
    ids = [o["id"] for o in api.call("GET", f"/decisions/{did}").get_json()["options"]]
    vote(browser, did, {f"answer-{ids[0]}": "2"}, name=None)
    page = browser().page(f"/t/public/d/{did}")
    assert "Participant 1" in text_of(page)
    assert 'name="name"' not in page


# ----------------------------------------------------------------------------- admin, exports


def test_admin_page_and_exports(organizer, api, browser):
    admin, did, ids, _ = make(organizer, api, "yesno", labels=("=SUM(A1)", "Motion 2"))
    m1, m2 = ids
    vote(browser, did, {f"answer-{m1}": "1", f"answer-{m2}": "-1"}, '=HYPERLINK("x")')
    vote(browser, did, {f"answer-{m1}": "0", f"answer-{m2}": "1"}, "Jürgen")
    page = admin.page(f"/t/public/d/{did}/admin")
    table = re.search(r'<table class="ballot-table">.*?</table>', page, re.S).group(0)
    rows = [text_of(r) for r in re.findall(r"<tr>.*?</tr>", table, re.S)]
    assert rows[1:] == ['=HYPERLINK("x") yes no', "Jürgen abstain yes"]
    for what in ("results", "ballots"):
        for kind in ("csv", "json"):
            assert f'href="/t/public/d/{did}/admin/export/{what}.{kind}"' in page

    resp = admin.get(f"/t/public/d/{did}/admin/export/results.csv")
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    csv_text = resp.data.decode("utf-8")
    assert csv_text.startswith("\ufeffrank,option_id,label,winner,yes,no,abstain,passed\r\n")
    assert f"1,{m1},'=SUM(A1),true,1,0,1,true\r\n" in csv_text
    assert f"2,{m2},Motion 2,false,1,1,0,false\r\n" in csv_text

    csv_text = admin.get(f"/t/public/d/{did}/admin/export/ballots.csv").data.decode("utf-8")
    header, first, second = csv_text.lstrip("\ufeff").strip().split("\r\n")
    assert header.startswith("ballot_id,name,created_at,updated_at,")
    assert f"{m1}: '=SUM(A1)" not in header
    assert f"{m1}: =SUM(A1)" in header
    assert ',"\'=HYPERLINK(""x"")",' in first
    assert first.endswith(",1,-1")
    assert ",Jürgen," in second
    assert second.endswith(",0,1")

    data = admin.get(f"/t/public/d/{did}/admin/export/results.json").get_json()
    assert data["results"]["method"] == "yesno"
    assert data["results"]["options"][0] == {
        "id": m1,
        "label": "=SUM(A1)",
        "yes": 1,
        "no": 0,
        "abstain": 1,
        "passed": True,
    }
    data = admin.get(f"/t/public/d/{did}/admin/export/ballots.json").get_json()
    assert [b["name"] for b in data["items"]] == ['=HYPERLINK("x")', "Jürgen"]
    # for the organizer only
    stranger = browser()
    for url in ("results.csv", "ballots.json"):
        assert stranger.get(f"/t/public/d/{did}/admin/export/{url}").status_code == 403
    assert admin.get(f"/t/public/d/{did}/admin/export/other.csv").status_code == 404


def test_anonymous_exports_hold_no_names(organizer, api, browser):
    admin, did, (a, _b, _c), _ = make(organizer, api, "dots", anonymous="1")
    vote(browser, did, {f"answer-{a}": "4"}, name=None)
    csv_text = admin.get(f"/t/public/d/{did}/admin/export/ballots.csv").data.decode("utf-8")
    assert ",name," not in csv_text.splitlines()[0]
    data = admin.get(f"/t/public/d/{did}/admin/export/ballots.json").get_json()
    assert data["items"][0]["name"] is None
    assert data["items"][0]["answers"] == {str(a): 4}


@pytest.mark.parametrize(
    ("method", "answer"),
    [
        ("single", lambda ids: {"choice": str(ids[1])}),
        ("multiple", lambda ids: {f"answer-{ids[1]}": "1"}),
        ("yesno", lambda ids: {f"answer-{i}": "-1" for i in ids}),
        ("ranked", lambda ids: {f"answer-{ids[1]}": "1"}),
        ("score", lambda ids: {f"answer-{i}": "7" for i in ids}),
        ("judgment", lambda ids: {f"answer-{i}": "2" for i in ids}),
        ("dots", lambda ids: {f"answer-{ids[1]}": "3"}),
    ],
)
def test_own_ballot_edit_and_closed_view_for_every_method(organizer, api, browser, method, answer):
    admin, did, ids, _ = make(organizer, api, method)
    voter, _ = vote(browser, did, answer(ids), "Vera")
    page = voter.page(f"/t/public/d/{did}/ballot?thanks=1")
    assert "Thank you, your answer is saved" in page
    assert re.search(
        r'checked|selected|name="answer-\d+" min="0" max="10" step="1" '
        r'inputmode="numeric" value="3"',
        page,
    )
    assert (
        voter.post(f"/t/public/d/{did}/ballot", data={"name": "Vera", **answer(ids)}).status_code
        == 303
    )
    admin.post(f"/t/public/d/{did}/admin/phase", data={"phase": "closed"})
    text = text_of(voter.page(f"/t/public/d/{did}/ballot"))
    assert "can no longer be changed" in text
    assert "Your answer" in text
    assert browser().page(f"/t/public/d/{did}/results")
    admin.page(f"/t/public/d/{did}/admin")


def test_results_hidden_for_polls_too(organizer, api, browser):
    _b, did, _ids, _ = make(organizer, api, "score", results="organizer")
    browser().page(f"/t/public/d/{did}/results", status=403)
