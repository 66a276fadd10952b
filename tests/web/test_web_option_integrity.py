"""The organizer's page keeps a decision answerable (issue 10): renaming a proposal that carries
answers asks first and says how many; proposals can be taken off the ballot and put back;
removing or hiding never leaves voting with fewer than 2 proposals; every such step is logged."""

from __future__ import annotations

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import DecisionLogEntry, Option

from .conftest import option_ids, text_of


def _labels(app):
    with app.app_context():
        return (
            db.session.execute(
                sa.select(Option.label).execution_options(all_tenants=True).order_by(Option.id)
            )
            .scalars()
            .all()
        )


def _actions(app):
    with app.app_context():
        return (
            db.session.execute(
                sa.select(DecisionLogEntry.action)
                .execution_options(all_tenants=True)
                .order_by(DecisionLogEntry.id)
            )
            .scalars()
            .all()
        )


def test_renaming_a_rated_proposal_asks_first_saying_how_many_answers_it_carries(
    app, organizer, browser
):
    admin, decision_id, _ = organizer()
    url = f"/t/public/d/{decision_id}"
    ids = option_ids(browser().page(url))
    hike, boat = ids[0], ids[1]
    for name in ("Vic", "Wim"):
        browser().post(url, data={"name": name, f"answer-{hike}": "2"})
    resp = admin.post(f"{url}/admin/options/{hike}", data={"action": "save", "label": "Beach"})
    assert resp.status_code == 200
    text = text_of(resp.get_data(as_text=True))
    assert "2 answers were given to this option" in text
    assert "Beach" in text
    assert "Beach" not in _labels(app)  # nothing changed yet
    resp = admin.post(
        f"{url}/admin/options/{hike}", data={"action": "save", "label": "Beach", "confirm": "1"}
    )
    assert resp.status_code == 303
    assert "Beach" in _labels(app)
    assert "option_renamed" in _actions(app)
    # an unrated one is renamed at once
    resp = admin.post(f"{url}/admin/options/{boat}", data={"action": "save", "label": "Lake"})
    assert resp.status_code == 303
    assert "Lake" in _labels(app)


def test_hiding_takes_a_proposal_off_the_ballot_but_never_the_last_two(app, organizer, browser):
    admin, decision_id, _ = organizer(option=["Hiking", "Boat trip", "Museum"])
    url = f"/t/public/d/{decision_id}"
    hike, boat, museum, _passive = option_ids(browser().page(url))
    resp = admin.post(f"{url}/admin/options/{museum}", data={"action": "hide"})
    assert resp.status_code == 303
    assert museum not in option_ids(browser().page(url))
    assert "off the ballot" in text_of(admin.page(f"{url}/admin"))
    assert "option_hidden" in _actions(app)
    admin.post(f"{url}/admin/options/{boat}", data={"action": "hide"})
    # only Hiking and the passive solution are left on the ballot: no more hiding or removing
    resp = admin.post(f"{url}/admin/options/{hike}", data={"action": "hide"})
    assert resp.status_code == 409
    assert "at least 2 options that take answers" in text_of(resp.get_data(as_text=True))
    resp = admin.post(f"{url}/admin/options/{hike}", data={"action": "remove"})
    assert resp.status_code == 409
    assert hike in option_ids(browser().page(url))
    resp = admin.post(f"{url}/admin/options/{museum}", data={"action": "show"})
    assert resp.status_code == 303
    assert museum in option_ids(browser().page(url))


def test_the_decision_record_shows_the_log(app, organizer, browser):
    admin, decision_id, _ = organizer(option=["Hiking", "Boat trip", "Museum"])
    url = f"/t/public/d/{decision_id}"
    _hike, boat, museum, _passive = option_ids(browser().page(url))
    browser().post(url, data={"name": "Vic", f"answer-{boat}": "2"})
    admin.post(f"{url}/admin/options/{boat}", data={"action": "remove", "confirm": "1"})
    admin.post(f"{url}/admin/options/{museum}", data={"action": "hide"})
    admin.post(f"{url}/admin/phase", data={"phase": "closed"})
    text = text_of(browser().page(f"{url}/record"))
    assert "What was changed, oldest first" in text
    assert "“Boat trip” removed, with 1 answer" in text
    assert "“Museum” taken off the ballot" in text
    assert "phase moved from voting to closed" in text
