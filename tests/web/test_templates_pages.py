"""Templates on the pages: "Save as a template" on the admin page, "Start from a template" on
the create page (fills the form, creates nothing), in English and German."""

from __future__ import annotations

import re

from groupdecide.models import Decision, DecisionTemplate

from .conftest import create_form, text_of


def _save(admin, decision_id: str, name: str = "Outing"):
    return admin.post(f"/t/public/d/{decision_id}/admin/template", data={"template_name": name})


def test_save_as_a_template_then_start_a_filled_form_that_creates_nothing(
    organizer, browser, count_rows
):
    admin, decision_id, _ = organizer(title="Summer outing", min_ratings="1")
    page = admin.page(f"/t/public/d/{decision_id}/admin")
    assert 'id="save-template"' in page
    resp = _save(admin, decision_id)
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/d/{decision_id}/admin#save-template")
    assert count_rows(DecisionTemplate) == 1

    other = browser()
    new_page = other.page("/t/public/new")
    assert "Start from a template" in text_of(new_page)
    (link,) = re.findall(r'href="([^"]*/new\?template=\d+)"', new_page)
    filled = other.page(link)
    assert 'value="Summer outing"' in filled
    assert 'value="Hiking"' in filled
    assert 'value="Boat trip"' in filled
    assert count_rows(Decision) == 1  # only the first; the filled form created nothing
    resp = other.post("/t/public/new", data=create_form(title="Autumn outing"))
    assert resp.status_code == 303
    assert count_rows(Decision) == 2


def test_a_template_name_is_required_and_shown_beside_the_field(organizer, count_rows):
    admin, decision_id, _ = organizer()
    resp = _save(admin, decision_id, name="   ")
    assert resp.status_code == 422
    assert 'id="f-template_name-error"' in resp.get_data(as_text=True)
    resp = _save(admin, decision_id, name="x" * 201)
    assert resp.status_code == 422
    assert count_rows(DecisionTemplate) == 0


def test_only_the_organizer_saves_a_template(organizer, browser, count_rows):
    _admin, decision_id, _ = organizer()
    stranger = browser()
    resp = _save(stranger, decision_id)
    assert resp.status_code == 403
    assert count_rows(DecisionTemplate) == 0


def test_an_unknown_template_is_404(browser):
    b = browser()
    b.page("/t/public/new?template=999999", status=404)
    b.page("/t/public/new?template=abc", status=404)


def test_templates_in_german(organizer, browser):
    admin, decision_id, _ = organizer()
    text = text_of(admin.page(f"/t/public/d/{decision_id}/admin?lang=de"))
    assert "Als Vorlage speichern" in text
    assert _save(admin, decision_id).status_code == 303
    text = text_of(browser().page("/t/public/new?lang=de"))
    assert "Mit einer Vorlage beginnen" in text
