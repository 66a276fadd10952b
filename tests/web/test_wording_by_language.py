"""What a reader of a German page meets: the services' field messages in German, numbers in
sentences with the right plural, the default grades of an API decision in the page's language,
and the words of the method (options and voting for polls, proposals and rating for systemic
consensing)."""

from __future__ import annotations

import re

from groupdecide.problems import FieldError

from .conftest import text_of
from .test_web_methods import error_beside, make, vote


def _german(browser, url):
    """A browser whose session asks for German, and the page it opened first."""
    b = browser()
    return b, b.page(url + "?lang=de")


def test_invite_field_errors_are_german_on_the_admin_page(organizer, browser):
    b, did, _admin_link = organizer(access="invite")
    b.page(f"/t/public/d/{did}/admin?lang=de")
    url = f"/t/public/d/{did}/admin/invites"
    resp = b.post(url, data={"count": "0"})
    assert resp.status_code == 422
    error_beside(
        resp.get_data(as_text=True), "count", "Geben Sie eine ganze Zahl von 1 bis 1000 ein."
    )
    resp = b.post(url, data={"action": "mail", "emails": "anna@example.org, not-an-address"})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    error_beside(page, "emails", "Das ist keine E-Mail-Adresse: not-an-address")
    assert "not an e-mail address" not in text_of(page)
    resp = b.post(url, data={"action": "mail", "emails": " "})
    error_beside(
        resp.get_data(as_text=True), "emails", "Geben Sie mindestens eine E-Mail-Adresse ein."
    )
    # one mailed invite: the message is singular
    resp = b.post(url + "?lang=en", data={"action": "mail", "emails": "anna@example.org"})
    assert resp.status_code == 303
    assert "1 invitation is sent." in text_of(b.page(resp.headers["Location"]))


def test_a_judgment_decision_from_the_api_shows_its_default_grades_in_german(api, browser):
    made = api.create(method="judgment", labels=("A", "B"))
    assert made["decision"]["settings"]["grades"][-1] == "Excellent"  # the contract's words
    did = made["id"]
    b, page = _german(browser, f"/t/public/d/{did}")
    assert "Ausgezeichnet" in page
    assert "Abzulehnen" in page
    assert "Excellent" not in text_of(page)
    a, b_ = (o["id"] for o in made["decision"]["options"])
    resp = b.post(
        f"/t/public/d/{did}", data={f"answer-{a}": "5", f"answer-{b_}": "3", "name": "Anna"}
    )
    assert resp.status_code == 303
    results = text_of(b.page(f"/t/public/d/{did}/results"))
    assert "Ausgezeichnet" in results
    assert "Sehr gut" in results
    assert "Excellent" not in results
    assert "Very good" not in results
    own = text_of(b.page(f"/t/public/d/{did}/ballot"))
    assert "Ausgezeichnet" in own
    # English pages keep the English grades, and the API keeps what it stored
    assert "Excellent" in text_of(browser().page(f"/t/public/d/{did}/results?lang=en"))
    body = api.call("GET", f"/decisions/{did}/results").get_json()
    assert "Excellent" in str(body)


def test_polls_name_their_phases_and_options_as_polls(organizer, api, browser):
    _b, did, _ids, _data = make(organizer, api, "single", labels=("A", "B"))
    page = text_of(browser().page(f"/t/public/d/{did}?lang=en"))
    assert "Collecting options" in page
    assert "Voting" in page
    assert "Collecting proposals" not in page
    assert "Rating" not in page
    _b, page = _german(browser, f"/t/public/d/{did}")
    assert "Optionen sammeln" in text_of(page)
    assert "Vorschläge sammeln" not in text_of(page)


def test_the_admin_page_of_a_poll_speaks_of_options(organizer):
    b, did, _link = organizer(method="single", option=["A", "B"], start_phase="collecting")
    page = text_of(b.page(f"/t/public/d/{did}/admin?lang=en"))
    assert "Options" in page
    assert "Option 1" in page
    assert "Add the option" in page
    assert "Proposal 1" not in page
    assert "Start the voting" in page
    page = text_of(b.page(f"/t/public/d/{did}/admin?lang=de"))
    assert "Optionen" in page
    assert "Option hinzufügen" in page
    assert "Abstimmung starten" in page
    assert "Vorschlag" not in page
    # systemic consensing keeps its proposals and its rating
    b, did, _link = organizer(start_phase="collecting")
    page = text_of(b.page(f"/t/public/d/{did}/admin?lang=en"))
    assert "Proposal 1" in page
    assert "Start the rating" in page
    assert "Collecting proposals" in page


def test_a_vanished_option_is_named_in_the_methods_words(organizer, api, browser):
    _b, did, _ids, _data = make(organizer, api, "single", labels=("A", "B"))
    _v, page = vote(browser, did, {"choice": "999999"}, expect=422)
    assert "This option no longer exists." in text_of(page)
    assert "proposal" not in text_of(page).lower()
    b, _page = _german(browser, f"/t/public/d/{did}")
    resp = b.post(f"/t/public/d/{did}", data={"choice": "999999", "name": "Anna"})
    assert "Diese Option gibt es nicht mehr." in text_of(resp.get_data(as_text=True))


def test_dot_voting_counts_points_in_singular_and_plural(organizer, api, browser):
    _b, did, (a, b_), _ = make(organizer, api, "dots", labels=("A", "B"), budget="1")
    page = browser().page(f"/t/public/d/{did}?lang=en")
    assert "1 of 1 point left" in text_of(page)
    assert 'data-over-one="{over} point too many"' in page
    assert 'data-over="{over} points too many"' in page
    _v, page = vote(browser, did, {f"answer-{a}": "1", f"answer-{b_}": "1"}, expect=422)
    assert "1 point too many" in text_of(page)
    error_beside(page, "answers", "Give at most 1 point in total; you gave 2.")
    _b, page = _german(browser, f"/t/public/d/{did}")
    assert "1 von 1 Punkt übrig" in text_of(page)
    assert re.search(r'data-over="\{over\} Punkte zu viel"', page)


def test_slot_lengths_are_counted_in_the_right_number(browser):
    page = text_of(browser().page("/t/public/new?method=schedule&lang=en"))
    assert "1 hour" in page
    assert "2 hours" in page
    assert "1 hours" not in page
    page = text_of(browser().page("/t/public/new?method=schedule&lang=de"))
    assert "1 Stunde" in page
    assert "2 Stunden" in page


# The services' field messages a page can show (the API keeps them in English): each one has
# German words on a German page. They are codes with parameters now (``problems.FieldError``);
# ``tests/test_problem_codes.py`` renders every code there is.
def _service_field_errors() -> list[FieldError]:
    e = FieldError
    return [
        e("required"),
        e("not_a_string"),
        e("too_short", min=3),
        e("too_long", max=200),
        e("not_in_future"),
        e("time_out_of_range"),
        e("time_not_a_string"),
        e("not_a_time"),
        e("time_without_offset"),
        e("not_a_boolean"),
        e("not_one_of", choices=("public", "admin")),
        e("not_collecting_or_voting"),
        e("not_an_email"),
        e("not_before_closes_at"),
        e("needs_collecting_start"),
        e("ends_before_start"),
        e("consensus_only_setting"),
        e("consensus_only_passive"),
        e("one_passive_only"),
        e("too_few_options", min=2),
        e("too_many_options_with_passive", max=50),
        e("same_label_as", option=1),
        e("duplicate_label"),
        e("unknown_option"),
        e("unknown_field"),
        e("count_out_of_range", max=1000),
        e("no_emails"),
        e("too_many_addresses", max=1000),
        e("not_an_email_in_list", text="x"),
        e("not_a_list_of_emails"),
        e("bad_slug"),
        e("bad_name_length"),
        e("not_one_of_policies"),
        e("not_one_of_locales"),
        e("not_an_integer"),
        e("answer_out_of_range", min=0, max=10),
        e("answer_out_of_range", min=1, max=4),
        e("not_zero_or_one"),
        e("not_yes_abstain_no"),
        e("not_yes_maybe_no"),
        e("answer_every_option"),
        e("rate_at_least_one"),
        e("rank_at_least_one"),
        e("choose_exactly_one"),
        e("choose_at_least", min=2),
        e("choose_at_most", max=1),
        e("too_few_points", min=1),
        e("too_many_points", max=10, given=11),
        e("integer_not_in_range", min=1, max=1000),
        e("lower_than_setting", other="min_choices"),
        e("scale_out_of_range", min=-1000, max=1000),
        e("scale_min_not_below_max"),
        e("grades_count", min=2, max=10),
        e("grade_empty"),
        e("grade_too_long", max=100),
        e("grades_not_distinct"),
        e("anonymous_no_name"),
    ]


def test_every_service_field_message_a_page_shows_is_german(app):
    from groupdecide.web.problem_text import field_message

    with app.test_request_context("/?lang=de"):
        for method in (None, "consensus", "single", "schedule"):
            untranslated = [
                m
                for m in _service_field_errors()
                if field_message(m, method) in (m, m.capitalize() + ".")
            ]
            assert untranslated == [], (method, untranslated)
