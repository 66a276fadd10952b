"""Times in a real browser across a daylight-saving change: an organizer in December enters a
slot in May (and one in December) in their browser's zone; it is stored at the meant wall clock
(each date with its own offset), shown so to a reader in another zone and language with the
zone named, and the .ics carries the right instant."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

CASES = [
    # organizer's zone and language, reader's zone and language, UTC hours of 18:00 in May
    # and in December, and how the reader sees the May slot and the zone
    ("Europe/Berlin", "de-DE", "America/New_York", "en-US", "16", "17",
     "Tue, May 12, 2099, 6:00 PM–7:30 PM"),
    ("America/New_York", "en-US", "Europe/Berlin", "de-DE", "22", "23",
     "Di., 12. Mai 2099, 18:00–19:30"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("zone", "locale", "reader_zone", "reader_locale", "summer", "winter", "shown"), CASES
)
def test_slot_entered_in_december_for_may_keeps_its_wall_clock(
    live_server, browser, api, zone, locale, reader_zone, reader_locale, summer, winter, shown
):
    ctx = browser.new_context(locale=locale, timezone_id=zone)
    try:
        page = ctx.new_page()
        # December: the old script wrote today's (winter) offset into every field
        page.clock.install(time=datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
        page.goto(live_server + "/t/public/new?method=schedule")
        page.fill("#f-title", "Team meeting")
        page.locator("input[name=slot_date]").nth(0).fill("2099-05-12")
        page.locator("input[name=slot_start]").nth(0).fill("18:00")
        page.locator("input[name=slot_end]").nth(0).fill("19:30")
        page.locator("input[name=slot_date]").nth(1).fill("2099-12-15")
        page.locator("input[name=slot_start]").nth(1).fill("18:00")
        page.locator("button.primary.big").click()
        page.wait_for_url(re.compile(r"/share$"))
        did = page.url.split("/d/")[1].split("/")[0]
        got = api.call("GET", f"/decisions/{did}").get_json()
        assert [o["starts_at"] for o in got["options"]] == [
            f"2099-05-12T{summer}:00:00Z",
            f"2099-12-15T{winter}:00:00Z",
        ]
        assert got["time_zone"] == zone
        # the .ics of the May slot carries that instant
        first = got["options"][0]["id"]
        ics = page.request.get(
            f"{live_server}/t/public/d/{did}/admin/export/slot.ics?option={first}"
        )
        assert ics.status == 200
        assert f"DTSTART:20990512T{summer}0000Z" in ics.text()
        # the zone was the browser's, chosen by the script in the selector of a fresh form
        page.goto(live_server + "/t/public/new?method=schedule")
        assert page.locator("select[name=time_zone]").input_value() == zone

        # a reader elsewhere, in the other language, sees the meant wall clock and the zone
        other = browser.new_context(locale=reader_locale, timezone_id=reader_zone)
        try:
            reader = other.new_page()
            reader.goto(f"{live_server}/t/public/d/{did}")
            text = reader.inner_text("main").replace("\u202f", " ")
            assert shown in text
            assert zone in text
        finally:
            other.close()
    finally:
        ctx.close()
