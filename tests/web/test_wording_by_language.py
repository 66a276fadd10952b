"""What a reader of a German page meets: the services' field messages in German, numbers in
sentences with the right plural, the default grades of an API decision in the page's language,
and the words of the method (options and voting for polls, proposals and rating for systemic
consensing)."""

from __future__ import annotations

import re

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
# German words on a German page.
SERVICE_FIELD_MESSAGES = [
    "is required",
    "must be a string",
    "needs at least 3 characters",
    "must be at most 200 characters",
    "must be in the future",
    "is out of range",
    "must be a time as a string",
    "must be an ISO 8601 time such as 2030-05-01T18:00:00Z",
    "must include a time zone, e.g. Z or +02:00",
    "must be true or false",
    "must be one of public, admin",
    "must be collecting or voting",
    "must be an e-mail address",
    "must be before closes_at",
    "needs start_phase collecting",
    "must be after starts_at",
    "only consensus decisions have this setting",
    "only consensus decisions have a passive option",
    "only one option can be the passive one",
    "a decision that starts in voting needs at least 2 options",
    "at most 50 options, the passive one included",
    "is the same as option 1",
    "an option with this label exists already",
    "unknown option",
    "unknown field",
    "must be 1 to 1000",
    "enter at least one e-mail address",
    "at most 1000 addresses",
    "not an e-mail address: x",
    "must be a list of e-mail addresses",
    "3 to 40 of a-z, 0-9 and -, not starting or ending with -",
    "1 to 200 characters",
    "must be open or members",
    "must be en or de",
    "must be an integer",
    "must be between 0 and 10",
    "must be between 1 and 4",
    "must be 0 or 1",
    "must be 1 (yes), 0 (abstain) or -1 (no)",
    "must be 2 (yes), 1 (if need be) or 0 (no)",
    "is required: answer every option",
    "rate at least one option",
    "rank at least one option",
    "choose exactly one option",
    "choose at least 2 options",
    "choose at most 1 option",
    "give at least 1 point",
    "give at most 10 points in total (you gave 11)",
    "must be an integer from 1 to 1000",
    "must not be lower than min_choices",
    "min and max must be between -1000 and 1000",
    "min must be lower than max",
    "must be a list of 2 to 10 labels, worst first",
    "each grade must be a non-empty text",
    "each grade must be at most 100 characters",
    "grades must all be different",
    "this decision is anonymous: leave the name out",
]


def test_every_service_field_message_a_page_shows_is_german(app):
    from groupdecide.web.messages import field_message

    with app.test_request_context("/?lang=de"):
        for method in (None, "consensus", "single", "schedule"):
            untranslated = [
                m
                for m in SERVICE_FIELD_MESSAGES
                if field_message(m, method) in (m, m.capitalize() + ".")
            ]
            assert untranslated == [], (method, untranslated)
