"""The tenant's settings as its owner and its visitors notice them: branding on every page,
the logo, defaults for new decisions, who may start decisions, embedding, API keys."""

from __future__ import annotations

import io
import re

from PIL import Image
from testkit import Api
from web.conftest import Browser, text_of
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from .conftest import log_in


def _owner(app, make_member, policy="open"):
    make_member("acme", "olga@example.org", policy=policy)
    b = Browser(app)
    log_in(b.client, "acme", "olga@example.org")
    return b


def _settings(**overrides):
    data = {
        "name": "Acme Cooperative",
        "locale": "en",
        "policy": "open",
        "brand_color": "",
        "default_results": "public",
        "default_access": "link",
        "retention_days": "",
        "frame_ancestors": "",
    }
    data.update(overrides)
    return data


def _png(size=(40, 20), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def test_brand_colour_name_and_logo_show_on_every_page_of_the_tenant(app, make_member, api):
    owner = _owner(app, make_member)
    resp = owner.post("/t/acme/admin/settings", data=_settings(brand_color="#5b2a86"))
    assert resp.status_code == 303
    resp = owner.post(
        "/t/acme/admin/settings/logo",
        data={"logo": (io.BytesIO(_png()), "logo.png")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 303
    d = Api(owner.client, "acme").create()
    visitor = Browser(app)
    page = visitor.page(f"/t/acme/d/{d['id']}")
    assert "Acme Cooperative" in page
    css_url = re.search(r'href="(/t/acme/brand\.css[^"]*)"', page).group(1)
    logo_url = re.search(r'src="(/t/acme/logo[^"]*)"', page).group(1)
    css = visitor.get(css_url)
    assert css.mimetype == "text/css"
    assert "#5b2a86" in css.get_data(as_text=True)
    again = visitor.get(css_url, headers={"If-None-Match": css.headers["ETag"]})
    assert again.status_code == 304
    logo = visitor.get(logo_url.replace("&amp;", "&"))
    assert logo.mimetype == "image/png"
    assert Image.open(io.BytesIO(logo.data)).size == (40, 20)
    # the default tenant's pages do not carry Acme's branding
    assert "brand.css" not in visitor.page("/t/public/new")


def test_a_hard_to_read_colour_is_refused(app, make_member):
    owner = _owner(app, make_member)
    for pale in ("#ffe14d", "#e0e0e0", "#9fd8ff"):
        resp = owner.post("/t/acme/admin/settings", data=_settings(brand_color=pale))
        assert resp.status_code == 422, pale
        page = resp.get_data(as_text=True)
        assert "hard to read" in text_of(page)
        assert 'id="f-brand_color-error"' in page
    assert (
        owner.post("/t/acme/admin/settings", data=_settings(brand_color="red")).status_code == 422
    )
    # a middle grey carries black text: the buttons get black text
    assert (
        owner.post("/t/acme/admin/settings", data=_settings(brand_color="#8a8a8a")).status_code
        == 303
    )
    css = owner.get("/t/acme/brand.css").get_data(as_text=True)
    assert "color: #000000" in css


def test_logo_types_and_size(app, make_member):
    owner = _owner(app, make_member)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for raw, name in [
        (svg, "logo.svg"),
        (b"GIF89a" + b"\0" * 50, "logo.gif"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024 + 10), "big.png"),
    ]:
        # encoded in memory: the test client would spool a large body to an unclosed file
        boundary, body = encode_multipart({"logo": FileStorage(io.BytesIO(raw), name)})
        resp = owner.post(
            "/t/acme/admin/settings/logo",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        assert resp.status_code == 422, name
        assert "PNG or JPEG" in resp.get_data(as_text=True)
    out = io.BytesIO()
    Image.new("RGB", (30, 30), (0, 90, 0)).save(out, format="JPEG")
    resp = owner.post(
        "/t/acme/admin/settings/logo",
        data={"logo": (io.BytesIO(out.getvalue()), "logo.jpg")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 303
    logo = re.search(r'src="(/t/acme/logo[^"]*)"', owner.page("/t/acme/admin/settings")).group(1)
    assert owner.get(logo.replace("&amp;", "&")).mimetype == "image/jpeg"


def test_defaults_for_new_decisions_apply_where_not_given(app, make_member):
    owner = _owner(app, make_member)
    resp = owner.post(
        "/t/acme/admin/settings",
        data=_settings(
            default_anonymous="1", default_results="after_close", default_access="invite"
        ),
    )
    assert resp.status_code == 303
    api = Api(app.test_client(), "acme")
    d = api.create()["decision"]
    assert d["settings"]["anonymous"] is True
    assert d["settings"]["results"] == "after_close"
    assert d["settings"]["access"] == "invite"
    given = api.create(settings={"results": "public", "anonymous": False})["decision"]
    assert given["settings"]["results"] == "public"
    assert given["settings"]["anonymous"] is False


def test_members_policy_lets_only_members_start_decisions_on_the_web(app, make_member):
    owner = _owner(app, make_member, policy="members")
    stranger = Browser(app)
    assert stranger.get("/t/acme/new").status_code == 403
    home = stranger.page("/t/acme/")
    assert "Start a decision" not in home
    assert "Log in" in home
    assert "Start a decision" in owner.page("/t/acme/")
    # taking part still needs no account
    api = Api(app.test_client(), "acme")
    assert (
        api.call(
            "POST", "/decisions", {"title": "x", "method": "consensus", "options": [{"label": "a"}]}
        ).status_code
        == 401
    )


def test_frame_ancestors_per_tenant(app, make_member):
    owner = _owner(app, make_member)
    resp = owner.post(
        "/t/acme/admin/settings", data=_settings(frame_ancestors="https://intranet.acme.example")
    )
    assert resp.status_code == 303
    d = Api(owner.client, "acme").create()
    # only the embed view may be framed, and only by the listed origins
    csp = Browser(app).get(f"/t/acme/d/{d['id']}?embed=1").headers["Content-Security-Policy"]
    assert "frame-ancestors https://intranet.acme.example" in csp
    assert (
        "frame-ancestors 'none'" in Browser(app).get("/t/acme/").headers["Content-Security-Policy"]
    )
    assert (
        "frame-ancestors 'none'"
        in Browser(app).get("/t/public/new").headers["Content-Security-Policy"]
    )
    bad = owner.post("/t/acme/admin/settings", data=_settings(frame_ancestors="javascript:x"))
    assert bad.status_code == 422


def test_api_keys_are_shown_once_listed_and_revoked(app, make_member):
    owner = _owner(app, make_member)
    resp = owner.post("/t/acme/admin/keys", data={"name": "intranet"})
    assert resp.status_code == 200
    key = re.search(r'id="f-new_key" value="([^"]+)"', resp.get_data(as_text=True)).group(1)
    api = Api(app.test_client(), "acme")
    assert api.call("GET", "/decisions", token=key).status_code == 200
    listing = owner.page("/t/acme/admin/keys")
    assert "intranet" in listing
    assert key not in listing
    key_id = re.search(
        r"/t/acme/admin/keys/(\d+)/revoke\"[^<]*>\s*<input[^>]*>\s*<button[^>]*>"
        r"Revoke “intranet”",
        listing,
    ).group(1)
    assert owner.post(f"/t/acme/admin/keys/{key_id}/revoke").status_code == 303
    assert api.call("GET", "/decisions", token=key).status_code == 401
    assert owner.post("/t/acme/admin/keys", data={"name": ""}).status_code == 422
