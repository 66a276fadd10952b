"""A tenant exported and imported again is restored exactly."""

from __future__ import annotations

import io
import json

from PIL import Image
from testkit import Api, log_in


def _fill(app, client):
    from groupdecide.extensions import db
    from groupdecide.services import memberships, tenant_admin
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import tenant_context

    with app.app_context():
        tenant = find_tenant("acme")
        with tenant_context(tenant):
            tenant_admin.update_settings(
                tenant,
                {"brand_color": "#5b2a86", "retention_days": 30, "default_results": "after_close"},
            )
            out = io.BytesIO()
            Image.new("RGB", (8, 8), (1, 2, 3)).save(out, format="PNG")
            tenant_admin.set_logo(tenant, out.getvalue())
            memberships.invite(tenant, "newbie@example.org", "organizer", None)
            db.session.commit()
    member = app.test_client()
    log_in(member, "acme", "olga@example.org")
    api = Api(member, "acme")
    d = api.create(method="ranked", labels=("A", "B", "C"), settings={"tally": "irv"})
    ids = [o["id"] for o in d["decision"]["options"]]
    api.cast(d["id"], {ids[0]: 1, ids[1]: 2}, name="Ann")
    api.cast(d["id"], {ids[2]: 1}, name="Bob")
    api.call("POST", f"/decisions/{d['id']}/invites", {"count": 2}, token=d["admin_token"])
    c = api.create(title="Closed one")
    api.call("PATCH", f"/decisions/{c['id']}", {"phase": "closed"}, token=c["admin_token"])
    v = api.create(title="With vetoes", settings={"vetoes": True})
    vid = v["decision"]["options"][0]["id"]
    r = api.call(
        "POST",
        f"/decisions/{v['id']}/ballots",
        {
            "name": "Cy",
            "answers": {str(vid): 10},
            "vetoes": {str(vid): "Too costly"},
            "email": "cy@example.org",
        },
    )
    assert r.status_code == 201, r.get_json()
    r = api.call("POST", f"/decisions/{v['id']}/comments", {"name": "Cy", "body": "Let us talk"})
    assert r.status_code == 201, r.get_json()
    return d


def test_export_delete_import_restores_the_tenant_exactly(app, runner, make_member, tmp_path):
    make_member("acme", "olga@example.org")
    make_member("acme", "mia@example.org", role="organizer")
    make_member("other", "otto@example.org")
    d = _fill(app, app.test_client())
    before_api = Api(app.test_client(), "acme").call("GET", f"/decisions/{d['id']}").get_json()
    before_results = (
        Api(app.test_client(), "acme").call("GET", f"/decisions/{d['id']}/results").get_json()
    )
    path = tmp_path / "acme.json"
    assert runner.invoke(args=["tenant", "export", "acme", "-o", str(path)]).exit_code == 0
    first = json.loads(path.read_text())
    assert len(first["decisions"]) == 3
    assert len(first["memberships"]) == 2
    vetoed = next(x for x in first["decisions"] if x["title"] == "With vetoes")
    assert [c["body"] for c in vetoed["comments"]] == ["Let us talk"]
    assert [x["email"] for x in vetoed["subscriptions"]] == ["cy@example.org"]
    assert list(vetoed["ballots"][0]["vetoes"].values()) == ["Too costly"]
    # delete asks first
    refused = runner.invoke(args=["tenant", "delete", "acme"], input="n\n")
    assert refused.exit_code != 0
    assert runner.invoke(args=["tenant", "delete", "acme", "--yes"]).exit_code == 0
    assert app.test_client().get(f"/t/acme/api/v1/decisions/{d['id']}").status_code == 404
    result = runner.invoke(args=["tenant", "import", str(path)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["tenant", "export", "acme"])
    assert json.loads(again.output) == first
    # it works as before: the API, the results, the owner's log-in, the API key
    api = Api(app.test_client(), "acme")
    assert api.call("GET", f"/decisions/{d['id']}").get_json() == before_api
    assert api.call("GET", f"/decisions/{d['id']}/results").get_json() == before_results
    owner = app.test_client()
    log_in(owner, "acme", "olga@example.org")
    assert owner.get("/t/acme/admin/").status_code == 200
    # importing the same export twice is refused
    dup = runner.invoke(args=["tenant", "import", str(path)])
    assert dup.exit_code != 0
    assert "exists" in dup.output


def test_import_under_another_slug_and_never_beside_the_original(
    app, runner, make_member, tmp_path
):
    make_member("acme", "olga@example.org")
    d = _fill(app, app.test_client())
    path = tmp_path / "acme.json"
    runner.invoke(args=["tenant", "export", "acme", "-o", str(path)])
    beside = runner.invoke(args=["tenant", "import", str(path), "--slug", "acme-copy"])
    assert beside.exit_code != 0
    assert "exists in this database already" in beside.output
    runner.invoke(args=["tenant", "delete", "acme", "--yes"])
    result = runner.invoke(args=["tenant", "import", str(path), "--slug", "acme-new"])
    assert result.exit_code == 0, result.output
    assert (
        Api(app.test_client(), "acme-new").call("GET", "/decisions/" + d["id"]).status_code == 200
    )
    assert Api(app.test_client(), "acme").call("GET", "/decisions/" + d["id"]).status_code == 404
