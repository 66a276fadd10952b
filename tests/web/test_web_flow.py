"""The whole consensing flow through the pages: create, share, three participants, an edit
through the edit link, the results with their figures, the admin link."""

from __future__ import annotations

import re

from groupdecide.models import Ballot

from .conftest import field_value, option_ids, text_of


def answer(b, decision_id, ids, values, name):
    data = {"name": name}
    for oid, value in zip(ids, values, strict=True):
        data[f"answer-{oid}"] = "" if value is None else str(value)
    return b.post(f"/t/public/d/{decision_id}", data=data)


def test_share_page_shows_links_qr_and_a_warning(organizer):
    b, decision_id, admin_link = organizer()
    resp = b.get(f"/t/public/d/{decision_id}/share")
    assert resp.headers["Cache-Control"] == "no-store"
    page = resp.get_data(as_text=True)
    assert field_value(page, "f-participate_link") == f"http://gd.test/t/public/d/{decision_id}"
    assert admin_link.startswith(f"http://gd.test/t/public/d/{decision_id}/admin/")
    assert "This link is the key to the decision." in page
    assert f'src="/t/public/d/{decision_id}/qr.svg"' in page
    qr = b.get(f"/t/public/d/{decision_id}/qr.svg")
    assert qr.mimetype == "image/svg+xml"
    assert b"<svg" in qr.data
    assert b"style=" not in qr.data


def test_participation_page_explains_the_scale(organizer, browser):
    _b, decision_id, _ = organizer()
    page = browser().page(f"/t/public/d/{decision_id}")
    text = text_of(page)
    assert "Where do we go for the team outing?" in text
    assert "one day" in page
    assert "<strong>one day</strong>" in page
    assert "Fixed conditions" in text
    assert "Budget: 500 euros." in text
    ids = option_ids(page)
    assert len(ids) == 3
    # "not rated" is the default of every proposal, and every value has a name
    assert page.count('value="" checked') == 3
    assert "0 – no resistance" in text
    assert "10 – maximal resistance: I could not bear it" in text
    assert "0 of 3 rated" in text
    assert 'aria-live="polite"' in page
    assert "<details" in page
    assert "How does this work?" in text
    assert "Passive solution" in text
    assert "The yardstick" in text
    assert page.count("<fieldset") >= 3
    assert page.count("<legend>") >= 3


def test_the_whole_flow(organizer, browser, count_rows):
    admin, decision_id, _admin_link = organizer()
    url = f"/t/public/d/{decision_id}"

    anna, ben, cleo = browser(), browser(), browser()
    ids = option_ids(anna.page(url))
    hike, boat, passive = ids

    # a ballot without any rating is refused, with the reason, and nothing is stored
    resp = answer(anna, decision_id, ids, [None, None, None], "Anna")
    assert resp.status_code == 422
    assert "Rate at least one proposal." in resp.get_data(as_text=True)
    resp = answer(anna, decision_id, ids, [2, 5, 8], "")
    assert resp.status_code == 422
    assert re.search(r'id="f-name-error">.*?This is required', resp.get_data(as_text=True), re.S)
    # what was chosen stays chosen
    assert f'id="a{hike}-2" value="2" checked' in resp.get_data(as_text=True)
    assert count_rows(Ballot) == 0

    resp = answer(anna, decision_id, ids, [2, 5, 8], "Anna")
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"{url}/ballot?thanks=1")
    thanks = anna.get(resp.headers["Location"])
    assert thanks.headers["Cache-Control"] == "no-store"
    page = thanks.get_data(as_text=True)
    assert "Thank you, your answer is saved" in page
    edit_link_anna = field_value(page, "f-edit_link")
    assert edit_link_anna.startswith(f"http://gd.test{url}/ballot/")
    # the same browser is recognized on the participation page
    page = anna.page(url)
    assert "You have answered" in page
    assert f'href="{url}/ballot"' in page
    assert "3 of 3 rated" not in text_of(page)  # no second empty ballot offered by default

    assert answer(ben, decision_id, ids, [4, None, 6], "Ben").status_code == 303
    resp = answer(cleo, decision_id, ids, [3, 1, 10], "Cleo")
    assert resp.status_code == 303
    edit_link = field_value(cleo.page(resp.headers["Location"]), "f-edit_link")

    # Cleo changes her answer from another device through her edit link
    phone = browser()
    resp = phone.get(edit_link.replace("http://gd.test", ""))
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"{url}/ballot")
    assert resp.headers["Cache-Control"] == "no-store"
    page = phone.page(f"{url}/ballot")
    assert field_value(page, "f-name") == "Cleo"
    assert f'id="a{boat}-1" value="1" checked' in page
    assert "3 of 3 rated" in text_of(page)
    resp = phone.post(
        f"{url}/ballot",
        data={
            "name": "Cleo",
            f"answer-{hike}": "3",
            f"answer-{boat}": "9",
            f"answer-{passive}": "10",
        },
    )
    assert resp.status_code == 303
    assert "Your answer is changed." in phone.page(f"{url}/ballot")
    assert count_rows(Ballot) == 3

    # the results, as a participant sees them
    page = ben.page(f"{url}/results")
    text = text_of(page)
    assert "3 people have answered." in text
    assert "“Hiking” meets the least resistance (mean 3.00 of 10, acceptance 70%)." in text
    cards = re.findall(
        r'<li class="card result[^"]*">(.*?)</li>\s*(?=<li class="card result|</ol>)', page, re.S
    )
    assert len(cards) == 3
    first, second, third = (text_of(c) for c in cards)
    assert first.startswith("1 Hiking Least resistance")
    assert "Mean resistance 3.00" in first
    assert "Acceptance 70%" in first
    assert "Rated by 3 of 3" in first
    assert "Strongest objection 4" in first
    assert "5.00 less resistance: executable" in first
    assert second.startswith("2 Boat trip")
    assert "Mean resistance 7.00" in second
    assert "Rated by 2 of 3" in second
    assert "Strongest objection 9" in second
    assert "1.00 less resistance: executable" in second
    assert third.startswith("3 Everything stays as it is")
    assert "Passive solution" in third
    assert "Mean resistance 8.00" in third
    assert "Strongest objection 10" in third
    # the distribution, as a chart with a text alternative and as a table
    assert 'aria-label="Ratings given (resistance: how often): 2: 1×, 3: 1×, 4: 1×"' in page
    assert "How to read this" in text
    assert "not counted as 0" in text
    assert page.count('<svg class="bar"') == 3
    assert 'stroke-dasharray="3 2"' in page  # the passive solution's threshold line

    # the same in German: numbers in German format
    text_de = text_of(ben.page(f"{url}/results?lang=de"))
    assert (
        "„Hiking“ hat den geringsten Widerstand (im Mittel 3,00 von 10, Akzeptanz 70 %)" in text_de
    )
    assert "Passivlösung" in text_de

    # the organizer sees the ballots with names and ratings
    page = admin.page(f"{url}/admin")
    table = re.search(r'<table class="ballot-table">.*?</table>', page, re.S).group(0)
    rows = [text_of(r) for r in re.findall(r"<tr>.*?</tr>", table, re.S)]
    assert rows[0] == "Name Hiking Boat trip Everything stays as it is"
    assert rows[1:] == ["Anna 2 5 8", "Ben 4 – 6", "Cleo 3 9 10"]

    # Anna withdraws her answer (with confirmation)
    resp = anna.post(f"{url}/ballot", data={"action": "withdraw"})
    assert resp.status_code == 422
    assert "Tick the box" in resp.get_data(as_text=True)
    resp = anna.post(f"{url}/ballot", data={"action": "withdraw", "confirm": "1"})
    assert resp.status_code == 303
    assert count_rows(Ballot) == 2
    assert anna.get(edit_link_anna.replace("http://gd.test", "")).status_code == 404
    assert "2 people have answered." in text_of(ben.page(f"{url}/results?lang=en"))


def test_admin_link_is_exchanged_for_a_cookie(organizer, browser):
    _b, decision_id, admin_link = organizer()
    other = browser()
    path = admin_link.replace("http://gd.test", "")
    resp = other.get(path)
    assert resp.status_code == 303
    location = resp.headers["Location"]
    assert location.endswith(f"/t/public/d/{decision_id}/admin")
    assert path.rsplit("/", 1)[1] not in location
    assert resp.headers["Cache-Control"] == "no-store"
    with other.client.session_transaction() as session:
        assert session["admin"][decision_id] == path.rsplit("/", 1)[1]
    resp = other.get(location)
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == "no-store"
    assert "Admin page" in resp.get_data(as_text=True)


def test_admin_pages_refuse_a_browser_without_the_admin_link(organizer, browser, count_rows):
    _b, decision_id, _admin_link = organizer()
    stranger = browser()
    base = f"/t/public/d/{decision_id}"
    for url in (f"{base}/admin", f"{base}/share"):
        resp = stranger.get(url)
        assert resp.status_code == 403
        assert "Open the admin link" in resp.get_data(as_text=True)
    for url, data in (
        (f"{base}/admin/phase", {"phase": "closed"}),
        (f"{base}/admin/delete", {"confirm": "1"}),
        (f"{base}/admin/texts", {"title": "Hacked"}),
        (f"{base}/admin/link", {}),
    ):
        assert stranger.post(url, data=data).status_code == 403
    assert stranger.get(f"{base}/admin/not-the-token").status_code == 401
    # nothing changed
    page = browser().page(base)
    assert "Hacked" not in page
    assert "Rating" in page


def test_new_admin_link_replaces_the_old_one(organizer, browser):
    b, decision_id, old_link = organizer()
    resp = b.post(f"/t/public/d/{decision_id}/admin/link")
    assert resp.status_code == 303
    new_link = field_value(b.page(resp.headers["Location"]), "f-admin_link")
    assert new_link != old_link
    assert browser().get(old_link.replace("http://gd.test", "")).status_code == 401
    assert browser().get(new_link.replace("http://gd.test", "")).status_code == 303


def test_results_hidden_until_close(organizer, browser):
    admin, decision_id, _ = organizer(results="after_close")
    base = f"/t/public/d/{decision_id}"
    resp = browser().get(f"{base}/results")
    assert resp.status_code == 403
    assert "show the results when the decision has closed" in resp.get_data(as_text=True)
    assert admin.get(f"{base}/results").status_code == 200  # the organizer always sees them
    admin.post(f"{base}/admin/phase", data={"phase": "closed"})
    assert browser().get(f"{base}/results").status_code == 200


def test_results_for_the_organizer_only(organizer, browser):
    _admin, decision_id, _ = organizer(results="organizer")
    resp = browser().get(f"/t/public/d/{decision_id}/results")
    assert resp.status_code == 403
    assert "Only the organizer can see the results" in resp.get_data(as_text=True)


def test_results_before_any_ballot_and_with_a_tie(organizer, browser):
    # one ballot: the web form's default min_ratings of 2 would let nothing win
    _admin, decision_id, _ = organizer(min_ratings="1")
    url = f"/t/public/d/{decision_id}"
    text = text_of(browser().page(f"{url}/results"))
    assert "No answers yet." in text
    b = browser()
    hike, boat, passive = option_ids(b.page(url))
    b.post(
        url,
        data={
            "name": "Dana",
            f"answer-{hike}": "1",
            f"answer-{boat}": "1",
            f"answer-{passive}": "5",
        },
    )
    text = text_of(browser().page(f"{url}/results"))
    assert "A tie: Hiking · Boat trip meet the same, least resistance." in text
    assert text.count("Tied for least resistance") == 2


def test_edit_link_of_another_decision_is_refused(organizer, browser):
    _a, first, _ = organizer()
    _b, second, _ = organizer()
    b = browser()
    ids = option_ids(b.page(f"/t/public/d/{first}"))
    resp = b.post(f"/t/public/d/{first}", data={"name": "Eve", f"answer-{ids[0]}": "3"})
    link = field_value(b.page(resp.headers["Location"]), "f-edit_link")
    token = link.rsplit("/", 1)[1]
    assert browser().get(f"/t/public/d/{second}/ballot/{token}").status_code == 404
    assert browser().get(f"/t/public/d/{second}/ballot").status_code == 404
