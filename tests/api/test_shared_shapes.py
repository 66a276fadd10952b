"""The exports and the API answer with the same shapes of ballots, settings and options
(``services/serialize.py``): what an organizer downloads is what the API lists."""

from __future__ import annotations

from groupdecide.services import exports, results
from groupdecide.services.decisions import get_decision
from groupdecide.services.tenants import find_tenant
from groupdecide.tenancy import tenant_context


def test_exports_reuse_the_api_shapes(app, api):
    created = api.create("consensus", settings={"vetoes": True})
    did, token = created["id"], created["admin_token"]
    ids = [o["id"] for o in created["decision"]["options"]]
    api.cast(did, {ids[0]: 3, ids[1]: 10}, vetoes={str(ids[1]): "too far"})
    api.cast(did, {ids[0]: 0, ids[1]: 5}, name="Ben")
    listed = api.call("GET", f"/decisions/{did}/ballots", token=token).get_json()["items"]
    decision = api.call("GET", f"/decisions/{did}").get_json()
    with app.test_request_context("/"), tenant_context(find_tenant("public")):
        d = get_decision(did)
        ballots = exports.ballots_json(d)
        count = results.count(d, as_admin=True)
        exported = exports.results_json(d, count)
    assert sorted(ballots["items"], key=lambda b: b["id"]) == sorted(listed, key=lambda b: b["id"])
    assert exported["decision"]["settings"] == decision["settings"]
    full = {o["id"]: o for o in decision["options"]}
    for option in exported["decision"]["options"]:
        assert {k: full[option["id"]][k] for k in option} == option
    assert exported["results"] == api.call("GET", f"/decisions/{did}/results").get_json()
