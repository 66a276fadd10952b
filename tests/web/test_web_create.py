"""The landing page and the create form: valid, invalid, rows without script, CSRF."""

from __future__ import annotations

import re

import pytest

from groupdecide.models import Decision, Option

from .conftest import create_form, field_value, text_of


def test_landing_says_what_it_is_and_starts_in_the_default_tenant(browser):
    page = browser().page("/")
    text = text_of(page)
    assert "Systemic consensing" in text
    assert "Schulze" in text  # the other methods are named too
    assert 'href="/t/public/new"' in page


def test_create_form_offers_proposals_passive_solution_and_settings(browser):
    page = browser().page("/t/public/new")
    assert 'name="method" value="consensus"' in page
    assert field_value(page, "f-passive_label") == "Everything stays as it is"
    assert 'type="datetime-local"' in page
    assert 'name="time_zone"' in page
    for name in ("start_phase", "allow_proposals", "anonymous", "results"):
        assert f'name="{name}"' in page
    assert page.count('name="option"') >= 2
    # every visible field has a label
    for field_id in re.findall(r'<(?:input|textarea|select)[^>]*\sid="(f-[^"]+)"', page):
        assert f'for="{field_id}"' in page, field_id


def test_create_page_in_german_prefills_the_german_passive_label(browser):
    page = browser().page("/t/public/new?lang=de")
    assert field_value(page, "f-passive_label") == "Alles bleibt, wie es ist"
    assert "Entscheidung anlegen" in page
    assert '<html lang="de">' in page


def test_invalid_form_shows_messages_beside_fields_and_saves_nothing(browser, count_rows):
    b = browser()
    resp = b.post("/t/public/new", data=create_form(title="  ", option=["Hiking", "hiking"]))
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    # the message sits right before the field it is about, and the field points to it
    assert re.search(
        r'id="f-title-error">.*?This is required\..*?</p>\s*<input[^>]*id="f-title"', page, re.S
    )
    assert 'aria-describedby="f-title-hint f-title-error"' in page
    assert re.search(r'id="f-option-1-error">.*?Another proposal has the same text', page, re.S)
    assert 'role="alert"' in page  # the summary on top
    # what was typed is kept
    assert 'value="Hiking"' in page
    assert 'value="hiking"' in page
    assert count_rows(Decision) == 0
    assert count_rows(Option) == 0


def test_voting_without_any_proposal_is_refused_beside_the_proposals(browser, count_rows):
    resp = browser().post("/t/public/new", data=create_form(option=["", ""]))
    assert resp.status_code == 422
    assert "Voting needs at least one proposal besides the passive solution" in resp.get_data(
        as_text=True
    )
    assert count_rows(Decision) == 0


def test_closing_time_in_the_past_is_refused(browser, count_rows):
    resp = browser().post("/t/public/new", data=create_form(closes_at="2001-01-01T10:00"))
    assert resp.status_code == 422
    assert re.search(
        r'id="f-closes_at-error">.*?Choose a time in the future', resp.get_data(as_text=True), re.S
    )
    assert count_rows(Decision) == 0


def test_rows_can_be_added_and_removed_without_javascript(browser, count_rows):
    b = browser()
    resp = b.post("/t/public/new", data={**create_form(option=["A", "B"]), "add_row": "1"})
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert page.count('id="f-option-') == 3
    assert 'id="f-option-2" name="option" value="" maxlength="300" autofocus' in page
    resp = b.post("/t/public/new", data={**create_form(option=["A", "B", "C"]), "remove_row": "1"})
    page = resp.get_data(as_text=True)
    assert page.count('id="f-option-') == 2
    assert 'value="A"' in page
    assert 'value="C"' in page
    assert 'value="B"' not in page
    assert count_rows(Decision) == 0


def test_closing_time_uses_the_browser_offset(organizer, app):
    b, decision_id, _ = organizer(closes_at="2099-06-01T18:00", tz_offset="-120")
    page = b.page(f"/t/public/d/{decision_id}")
    # 18:00 at UTC+2 is 16:00 UTC
    assert 'datetime="2099-06-01T16:00:00Z"' in page
    # shown at the meant wall clock, with the zone named
    assert "Jun 1, 2099, 6:00 PM (Etc/GMT-2)" in page.replace("\u202f", " ")


def test_create_stores_what_was_asked(organizer, api):
    _b, decision_id, _ = organizer(
        allow_proposals="1", anonymous="1", results="after_close", passive_label="Nothing changes"
    )
    data = api.call("GET", f"/decisions/{decision_id}").get_json()
    assert [o["label"] for o in data["options"]] == ["Hiking", "Boat trip", "Nothing changes"]
    assert data["options"][-1]["passive"] is True
    assert data["settings"]["anonymous"] is True
    assert data["settings"]["allow_proposals"] is True
    assert data["settings"]["results"] == "after_close"
    assert data["description"] == "We have **one day** in June."
    assert data["conditions"] == "Budget: 500 euros."


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_forms_need_the_csrf_token(browser, count_rows):
    b = browser()
    resp = b.post("/t/public/new", data=create_form())
    assert resp.status_code == 400
    assert count_rows(Decision) == 0
    page = b.page("/t/public/new")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = b.post("/t/public/new", data={**create_form(), "csrf_token": token})
    assert resp.status_code == 303
    assert count_rows(Decision) == 1


def test_members_only_tenant_refuses_the_create_page(browser, make_tenant):
    slug, _key = make_tenant(policy="members")
    resp = browser().get(f"/t/{slug}/new")
    assert resp.status_code == 403
    assert "Only members of" in resp.get_data(as_text=True)


def test_unknown_tenant_is_404(browser):
    assert browser().get("/t/no-such-tenant/new").status_code == 404
