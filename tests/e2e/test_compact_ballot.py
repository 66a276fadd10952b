"""The compact consensus ballot in Chromium at 390 px (issue 12): no sideways scroll, the scale
on one row with targets of at least 24 px, the veto box hidden until 10 is chosen, and the
nudge until the passive solution is rated."""

from __future__ import annotations

from testkit import Api


def _tick(page, oid: int, value: int) -> None:
    page.locator(f"label[for='a{oid}-{value}']").click()
    assert page.locator(f"#a{oid}-{value}").is_checked()


def test_compact_ballot_at_390_px(live_server, new_page, client):
    api = Api(client)
    d = api.create(
        "consensus",
        ("A long proposal about the summer outing to the lake", "Boat trip"),
        {"vetoes": True},
    )
    opts = d["decision"]["options"]
    first = next(o["id"] for o in opts if not o["passive"])
    passive = next(o["id"] for o in opts if o["passive"])
    page, watch = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/t/public/d/{d['id']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the eleven values on one row, each at least 24 px wide and tall
    boxes = [page.locator(f"label[for='a{first}-{v}']").bounding_box() for v in range(11)]
    assert len({round(b["y"]) for b in boxes}) == 1
    assert min(b["width"] for b in boxes) >= 24
    assert min(b["height"] for b in boxes) >= 24
    veto = page.locator(f"#f-vetoes-{first}")
    assert not veto.is_visible()
    nudge = page.locator(".passive-nudge")
    assert nudge.is_visible()
    _tick(page, first, 7)
    assert not veto.is_visible()
    _tick(page, first, 10)
    assert veto.is_visible()
    _tick(page, passive, 0)
    assert not nudge.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert watch.problems == []
