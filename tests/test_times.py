"""Times as the organizer meant them, for every reader (issue 10) and no time that answers 5xx
(issue 9): wall-clock times in an IANA zone converted with zoneinfo across daylight-saving
changes, shown from the stored instant in the reader's language and the decision's zone, slots
that end before they start or lie in the past refused beside their field, and years and lengths
out of range answered with a field error in forms and API."""

from __future__ import annotations

import re
from typing import Any

import pytest
from testkit import Api
from web.conftest import Browser, create_form, text_of

# Both dates lie far ahead so that the tests never turn into "slots in the past"; one in
# summer time and one in winter time, to cross a daylight-saving change in each zone.
ZONES = {
    # zone: (summer offset, winter offset) as the UTC hours of 18:00 local
    "Europe/Berlin": ("16", "17"),
    "America/New_York": ("22", "23"),
}
SHOWN = {
    "en": ("Tue, May 12, 2099, 6:00 PM–7:30 PM", "Tue, Dec 15, 2099, 6:00 PM"),
    "de": ("Di., 12. Mai 2099, 18:00–19:30", "Di., 15. Dez. 2099, 18:00"),
}


@pytest.fixture
def decisions_made(app: Any) -> Any:
    """How many decisions exist, over all tenants (nothing half-written after an error)."""

    def count() -> int:
        import sqlalchemy as sa

        from groupdecide.extensions import db
        from groupdecide.models import Decision

        with app.app_context():
            stmt = sa.select(sa.func.count()).select_from(Decision)
            return int(
                db.session.execute(stmt, execution_options={"all_tenants": True}).scalar_one()
            )

    return count


def _did(resp: Any) -> str:
    assert resp.status_code == 303, text_of(resp.get_data(as_text=True))[:1500]
    return str(resp.headers["Location"].split("/d/")[1].split("/")[0])


def _text(b: Browser, url: str, status: int = 200) -> str:
    return text_of(b.page(url, status=status)).replace("\u202f", " ")


def _error(page: str, field: str) -> str:
    """The text of the error paragraph beside a field of the create form."""
    match = re.search(rf'id="f-{re.escape(field)}-error"[^>]*>(.*?)</p>', page, re.S)
    assert match, f"no error beside {field}"
    return text_of(match.group(1)).removeprefix("Error: ")


def _schedule(b: Browser, zone: str | None, **overrides: Any) -> Any:
    data = create_form(
        method="schedule",
        shown_method="schedule",
        title="Team meeting",
        option=[],
        slot_date=["2099-05-12", "2099-12-15"],
        slot_start=["18:00", "18:00"],
        slot_end=["19:30", ""],
    )
    if zone:
        data["time_zone"] = zone
    data.update(overrides)
    return b.post("/t/public/new", data=data)


@pytest.mark.parametrize("zone", sorted(ZONES))
def test_slots_across_a_dst_change_are_stored_and_shown_at_the_meant_wall_clock(app, api, zone):
    """A slot in May and one in December, entered in one zone: each gets its own offset; every
    reader sees 18:00 in their language with the zone named; the .ics carries the instant."""
    organizer = Browser(app)
    did = _did(_schedule(organizer, zone))
    got = api.call("GET", f"/decisions/{did}").get_json()
    summer, winter = ZONES[zone]
    assert [o["starts_at"] for o in got["options"]] == [
        f"2099-05-12T{summer}:00:00Z",
        f"2099-12-15T{winter}:00:00Z",
    ]
    assert got["time_zone"] == zone
    for lang, (may, december) in SHOWN.items():
        reader = Browser(app)
        ballot = _text(reader, f"/t/public/d/{did}?lang={lang}")
        assert may in ballot
        assert december in ballot
        assert zone in ballot
        results = _text(reader, f"/t/public/d/{did}/results")
        assert may in results
        assert december in results
        assert zone in results
    first = got["options"][0]["id"]
    ics = organizer.get(f"/t/public/d/{did}/admin/export/slot.ics?option={first}")
    assert ics.status_code == 200
    assert f"DTSTART:20990512T{summer}0000Z" in ics.get_data(as_text=True)
    assert f"DTEND:20990512T{int(summer) + 1}3000Z" in ics.get_data(as_text=True)


def test_closing_time_in_summer_keeps_its_wall_clock_and_shows_the_zone(app, api):
    b = Browser(app)
    did = _did(
        b.post(
            "/t/public/new",
            data=create_form(time_zone="America/New_York", closes_at="2099-07-04T09:00"),
        )
    )
    settings = api.call("GET", f"/decisions/{did}").get_json()["settings"]
    assert settings["closes_at"] == "2099-07-04T13:00:00Z"  # EDT, not December's EST
    page = _text(b, f"/t/public/d/{did}")
    assert "Closes at Jul 4, 2099, 9:00 AM (America/New_York) ." in page
    german = _text(Browser(app), f"/t/public/d/{did}?lang=de")
    assert "04.07.2099, 09:00 (America/New_York)" in german


def test_admin_page_edits_times_in_the_decisions_zone(app, api):
    b = Browser(app)
    did = _did(
        b.post(
            "/t/public/new",
            data=create_form(time_zone="Europe/Berlin", closes_at="2099-05-12T18:00"),
        )
    )
    admin = b.page(f"/t/public/d/{did}/admin")
    assert 'value="2099-05-12T18:00"' in admin
    assert "Europe/Berlin" in text_of(admin)
    form = {"title": "Where?", "description": "", "conditions": "", "results": "public"}
    resp = b.post(f"/t/public/d/{did}/admin/texts", data={**form, "closes_at": "2099-12-15T18:00"})
    assert resp.status_code == 303
    settings = api.call("GET", f"/decisions/{did}").get_json()["settings"]
    assert settings["closes_at"] == "2099-12-15T17:00:00Z"


def test_the_tenants_zone_is_the_default_and_set_on_the_settings_page(app, api, make_tenant):
    from groupdecide.extensions import db
    from groupdecide.models import Tenant

    slug, _key = make_tenant()
    with app.app_context():
        tenant = db.session.execute(
            db.select(Tenant).filter_by(slug=slug), execution_options={"all_tenants": True}
        ).scalar_one()
        tenant.time_zone = "America/New_York"
        db.session.commit()
    b = Browser(app)
    page = b.page(f"/t/{slug}/new")
    assert '<option value="America/New_York" selected>' in page
    # without the script (no zone sent), the tenant's zone is used
    did = _did(b.post(f"/t/{slug}/new", data=create_form(closes_at="2099-07-04T09:00")))
    got = Api(app.test_client(), slug).call("GET", f"/decisions/{did}").get_json()
    assert got["settings"]["closes_at"] == "2099-07-04T13:00:00Z"
    assert got["time_zone"] == "America/New_York"


def test_tenant_settings_offer_the_zone_and_refuse_an_unknown_one(app, make_tenant):
    from groupdecide.errors import ValidationFailed
    from groupdecide.extensions import db
    from groupdecide.models import Tenant
    from groupdecide.services import tenant_admin

    slug, _key = make_tenant()
    with app.test_request_context(f"/t/{slug}/"):
        tenant = db.session.execute(
            db.select(Tenant).filter_by(slug=slug), execution_options={"all_tenants": True}
        ).scalar_one()
        tenant_admin.update_settings(tenant, {"time_zone": "Europe/Berlin"})
        assert tenant.time_zone == "Europe/Berlin"
        with pytest.raises(ValidationFailed) as caught:
            tenant_admin.update_settings(tenant, {"time_zone": "../../etc/passwd"})
        assert "time_zone" in caught.value.fields


def test_a_slot_that_ends_before_it_starts_is_refused_beside_it(app, decisions_made):
    b = Browser(app)
    resp = _schedule(
        b,
        "Europe/Berlin",
        slot_date=["2099-05-12", "2099-05-13"],
        slot_start=["22:00", "10:00"],
        slot_end=["01:00", "11:00"],
    )
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert _error(page, "slot-0") == (
        "The slot ends before it starts. For a slot past midnight, give the end date."
    )
    assert decisions_made() == 0
    # with its end date, the slot across midnight is taken
    did = _did(
        _schedule(
            b,
            "Europe/Berlin",
            slot_date=["2099-05-12", "2099-05-13"],
            slot_start=["22:00", "10:00"],
            slot_end=["01:00", "11:00"],
            slot_end_date=["2099-05-13", ""],
        )
    )
    page = _text(b, f"/t/public/d/{did}")
    assert "Tue, May 12, 2099, 10:00 PM – Wed, May 13, 1:00 AM" in page


def test_slots_in_the_past_are_refused_in_the_form_and_the_api(app, api, decisions_made):
    resp = _schedule(Browser(app), "Europe/Berlin", slot_date=["2001-05-12", "2099-05-13"])
    assert resp.status_code == 422
    assert _error(resp.get_data(as_text=True), "slot-0") == "Choose a time in the future."
    resp = api.call(
        "POST",
        "/decisions",
        {
            "title": "When?",
            "method": "schedule",
            "options": [
                {"label": "Then", "starts_at": "2001-05-12T16:00:00Z"},
                {"label": "Later", "starts_at": "2099-05-12T16:00:00Z"},
            ],
        },
    )
    assert resp.status_code == 422
    assert "options.0.starts_at" in resp.get_json()["error"]["fields"]
    assert decisions_made() == 0


@pytest.mark.parametrize(
    "value",
    ["9999-12-31T23:59:00-14:00", "9999-12-31T23:00:00-01:00"],
)
def test_extreme_years_with_offsets_are_field_errors_in_the_api(api, decisions_made, value):
    cases = [
        ("schedule", {"closes_at": value}, "settings.closes_at", "consensus"),
        ("slot", {}, "options.0.starts_at", "schedule"),
        ("vsa", {"start_phase": "collecting", "voting_starts_at": value}, None, "consensus"),
    ]
    for what, settings, field, method in cases:
        options: list[dict[str, Any]] = [{"label": "A"}, {"label": "B"}]
        if what == "slot":
            options = [{"label": "A", "starts_at": value}, {"label": "B"}]
        body = {"title": "T", "method": method, "options": options, "settings": settings}
        resp = api.call("POST", "/decisions", body)
        assert resp.status_code == 422, (what, resp.status_code)
        fields = resp.get_json()["error"]["fields"]
        assert (field or "settings.voting_starts_at") in fields
    assert decisions_made() == 0
    made = api.create()
    token = made["admin_token"]
    resp = api.call("PATCH", f"/decisions/{made['id']}", {"closes_at": value}, token=token)
    assert resp.status_code == 422
    assert "closes_at" in resp.get_json()["error"]["fields"]
    resp = api.call(
        "POST", f"/decisions/{made['id']}/options", {"label": "C", "ends_at": value}, token=token
    )
    assert resp.status_code == 422


def test_extreme_years_and_lengths_are_field_errors_in_the_forms(app, decisions_made):
    b = Browser(app)
    for zone, closes, offset in (
        ("", "9999-12-31T23:59", "1440"),
        ("", "0001-01-01T00:00", "-1440"),
        ("Pacific/Kiritimati", "9999-12-31T23:59", ""),
        ("Pacific/Pago_Pago", "0001-01-01T00:00", ""),
    ):
        data = create_form(closes_at=closes, tz_offset=offset)
        if zone:
            data["time_zone"] = zone
        resp = b.post("/t/public/new", data=data)
        assert resp.status_code == 422
        assert _error(resp.get_data(as_text=True), "closes_at")
    resp = _schedule(b, "", tz_offset="1440", slot_date=["9999-12-31", "2099-01-01"])
    assert resp.status_code == 422
    assert _error(resp.get_data(as_text=True), "slot-0")
    resp = _schedule(
        b,
        "Pacific/Kiritimati",
        slot_date=["9999-12-31", "2099-01-01"],
        slot_start=["23:00", "18:00"],
    )
    assert resp.status_code == 422
    assert _error(resp.get_data(as_text=True), "slot-0") == "Choose a year from 1970 to 9998."
    resp = _schedule(
        b,
        "Europe/Berlin",
        add_slots="1",
        bulk_date=["2099-05-12"],
        bulk_time=["18:00"],
        bulk_length="1000000000000",
    )
    assert resp.status_code in (200, 422)
    assert _error(resp.get_data(as_text=True), "bulk_date") == "Choose a length from the list."
    assert decisions_made() == 0


def test_admin_edit_with_an_extreme_year_is_a_field_error(app):
    b = Browser(app)
    did = _did(b.post("/t/public/new", data=create_form(time_zone="Pacific/Kiritimati")))
    form = {"title": "Where?", "description": "", "conditions": "", "results": "public"}
    resp = b.post(f"/t/public/d/{did}/admin/texts", data={**form, "closes_at": "9999-12-31T23:59"})
    assert resp.status_code == 422
    assert _error(resp.get_data(as_text=True), "closes_at") == "Choose a year from 1970 to 9998."


def test_a_time_the_clocks_skip_is_refused_beside_the_field(app):
    resp = Browser(app).post(
        "/t/public/new", data=create_form(time_zone="Europe/Berlin", closes_at="2099-03-29T02:30")
    )
    assert resp.status_code == 422
    assert _error(resp.get_data(as_text=True), "closes_at") == (
        "This time does not exist in Europe/Berlin: the clocks skip it."
    )


def test_bulk_slots_past_midnight_keep_their_end(app, api):
    b = Browser(app)
    resp = _schedule(
        b,
        "America/New_York",
        slot_date=[""],
        slot_start=[""],
        slot_end=[""],
        add_slots="1",
        bulk_date=["2099-05-12"],
        bulk_time=["23:30"],
        bulk_length="60",
    )
    page = resp.get_data(as_text=True)
    assert 'name="slot_end" value="00:30"' in page
    assert 'name="slot_end_date" value="2099-05-13"' in page


def test_api_takes_and_checks_a_time_zone(api):
    made = api.create(time_zone="America/New_York")
    assert made["decision"]["time_zone"] == "America/New_York"
    for bad in ("Mars/Olympus", "../../etc/passwd", 5):
        resp = api.call(
            "POST",
            "/decisions",
            {
                "title": "T",
                "method": "single",
                "options": [{"label": "A"}, {"label": "B"}],
                "time_zone": bad,
            },
        )
        assert resp.status_code == 422
        assert "time_zone" in resp.get_json()["error"]["fields"]
