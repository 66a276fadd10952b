"""The ballot says what it does, in a real browser: the enhanced ranked ballot invents no
preferences, and the consensus ballot shows the chosen value and the count without script."""

from __future__ import annotations

from testkit import Api


def _ranks(page, ids):
    return [page.locator(f"select[name=answer-{oid}]").input_value() for oid in ids]


def _move(page, label, direction):
    page.get_by_role("button", name=f"Move {direction}: {label}").click()


def test_ranked_script_ranks_some_ties_some_and_leaves_the_rest(live_server, new_page, client):
    api = Api(client)
    d = api.create(method="ranked", labels=("A", "B", "C", "D"))
    ids = [o["id"] for o in d["decision"]["options"]]
    page, watch = new_page()
    page.goto(f"{live_server}/t/public/d/{d['id']}")
    page.fill("#f-name", "Rita")
    page.get_by_role("button", name="Move up: A").wait_for()  # the script has enhanced the list

    # a choice in a select is mirrored, nothing else is touched
    page.select_option(f"select[name=answer-{ids[0]}]", "1")
    assert _ranks(page, ids) == ["1", "", "", ""]
    # one move of an unranked option ranks that option only (the old script wrote 1..4)
    _move(page, "C", "up")
    assert _ranks(page, ids) == ["1", "", "2", ""]
    # D: ranked last, then one step further up ties it with C
    _move(page, "D", "up")
    assert _ranks(page, ids) == ["1", "", "2", "3"]
    _move(page, "D", "up")
    assert _ranks(page, ids) == ["1", "", "2", "2"]
    assert page.locator("#rank-status").inner_text() == "D: rank 2, tied"
    # the list shows the order the selects say: A, then C and D, then the unranked B
    order = page.locator(".js-rank-list > li").evaluate_all(
        "items => items.map(li => li.getAttribute('data-label'))"
    )
    assert order == ["A", "C", "D", "B"]
    # one step down from a tie: behind it; from the last rank: unranked again
    _move(page, "C", "down")
    assert _ranks(page, ids) == ["1", "", "3", "2"]
    _move(page, "C", "down")
    assert _ranks(page, ids) == ["1", "", "", "2"]
    _move(page, "C", "up")
    _move(page, "C", "up")
    assert _ranks(page, ids) == ["1", "", "2", "2"]

    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_url("**/ballot**")
    items = api.call("GET", f"/decisions/{d['id']}/ballots", token=d["admin_token"]).get_json()
    answers = items["items"][0]["answers"]
    assert answers == {str(ids[0]): 1, str(ids[2]): 2, str(ids[3]): 2}  # B left unranked
    assert watch.problems == []


def _progress(page, cdp):
    """The count as the browser renders it for a reader: the text of the accessibility tree,
    which holds the style sheet's generated text (``inner_text`` leaves that out)."""
    doc = cdp.send("DOM.getDocument", {"depth": 0})
    node = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": "#progress"})
    backend = cdp.send("DOM.describeNode", {"nodeId": node["nodeId"]})["node"]["backendNodeId"]
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {n["nodeId"]: n for n in nodes}
    para = next(n for n in nodes if n.get("backendDOMNodeId") == backend)

    def text(n):
        if n.get("role", {}).get("value") == "StaticText":
            return n.get("name", {}).get("value", "")
        return "".join(text(by_id[c]) for c in n.get("childIds", []) if c in by_id)

    return text(para).strip()


def test_consensus_ballot_without_script_shows_the_choice_and_the_count(
    live_server, browser, client
):
    api = Api(client)
    d = api.create(method="consensus", labels=("Hiking", "Boat trip"))
    ids = [o["id"] for o in d["decision"]["options"]]
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        page.goto(f"{live_server}/t/public/d/{d['id']}")
        total = len(ids)  # with the passive solution
        assert _progress(page, cdp) == f"0 of {total} rated"
        hiking = page.locator(f"fieldset#f-answers-{ids[0]}")
        # the checked value's name shows under the row (its label's hidden text, made visible)
        name = hiking.locator(".scale-input:checked + .scale-item .visually-hidden")
        assert name.inner_text() == "not rated (abstention, not 0)"
        assert name.bounding_box()["width"] > 50

        page.locator(f"label[for=a{ids[0]}-7]").click()
        assert name.inner_text() == "7 – very strong resistance"
        assert name.bounding_box()["width"] > 50
        assert _progress(page, cdp) == f"1 of {total} rated"
        page.locator(f"label[for=a{ids[1]}-0]").click()
        assert _progress(page, cdp) == f"2 of {total} rated"
        # back to "not rated": the count follows
        page.locator(f"label[for=a{ids[0]}-n]").click()
        assert name.inner_text() == "not rated (abstention, not 0)"
        assert _progress(page, cdp) == f"1 of {total} rated"
    finally:
        ctx.close()


def test_ranked_drag_and_drop_keeps_ties_and_the_unranked(live_server, new_page, client):
    api = Api(client)
    d = api.create(method="ranked", labels=("A", "B", "C", "D", "E"))
    ids = [o["id"] for o in d["decision"]["options"]]
    page, watch = new_page()
    page.goto(f"{live_server}/t/public/d/{d['id']}")
    page.get_by_role("button", name="Move up: A").wait_for()
    for oid, rank in zip(ids, ["1", "", "2", "2"], strict=False):
        page.select_option(f"select[name=answer-{oid}]", rank)
    item = ".js-rank-list > li[data-label='{}']"
    # B (unranked) dropped above A: first alone; the tie of C and D stays, E stays unranked
    page.drag_and_drop(item.format("B"), item.format("A"), target_position={"x": 20, "y": 3})
    assert _ranks(page, ids) == ["2", "1", "3", "3", ""]
    # A dropped between C and D: tied with them
    box = page.locator(item.format("D")).bounding_box()
    page.drag_and_drop(
        item.format("A"), item.format("D"), target_position={"x": 20, "y": box["height"] * 0.3}
    )
    assert _ranks(page, ids) == ["2", "1", "2", "2", ""]
    assert watch.problems == []
