"""The pages of integrations: viewer links on the admin page and opened in a browser, the copy
button, and the webhooks on the tenant's API-keys page."""

from __future__ import annotations

import re

import sqlalchemy as sa
from testkit import log_in

from groupdecide.models import Decision, ViewerLink, Webhook, WebhookDelivery

from .conftest import field_value, text_of


def _viewer_link(admin, url: str, label: str = "Board") -> str:
    page = admin.page(f"{url}/admin")
    assert 'id="viewer-links"' in page
    resp = admin.post(f"{url}/admin/viewer-links", data={"viewer_label": label})
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert label in text_of(page)
    return field_value(page, "f-new_viewer_link")


def test_a_viewer_link_opens_hidden_results_read_only_until_revoked(organizer, browser):
    admin, decision_id, _ = organizer(results="organizer")
    url = f"/t/public/d/{decision_id}"
    link = _viewer_link(admin, url)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith(f"{url}/view/")
    outsider = browser()
    outsider.page(f"{url}/results", status=403)
    resp = outsider.get(path)
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"{url}/results")
    page = outsider.page(f"{url}/results")
    assert "Hiking" in text_of(page)
    outsider.page(f"{url}/admin", status=403)  # a viewer is not the organizer
    # revoke: the link and the cookie it left stop working
    admin_page = admin.page(f"{url}/admin")
    (action,) = re.findall(r'action="([^"]*/viewer-links/\d+/revoke)"', admin_page)
    assert admin.post(action).status_code == 303
    assert "Board" not in text_of(admin.page(f"{url}/admin"))
    outsider.page(f"{url}/results", status=403)
    assert browser().get(path).status_code == 401


def test_viewer_links_section_in_german(organizer):
    admin, decision_id, _ = organizer()
    page = admin.page(f"/t/public/d/{decision_id}/admin?lang=de")
    text = text_of(page)
    assert "Betrachter-Links" in text
    assert "Diese Entscheidung kopieren" in text


def test_a_too_long_label_is_refused_beside_the_field(organizer, count_rows):
    admin, decision_id, _ = organizer()
    resp = admin.post(
        f"/t/public/d/{decision_id}/admin/viewer-links", data={"viewer_label": "x" * 201}
    )
    assert resp.status_code == 422
    assert 'id="f-viewer_label-error"' in resp.get_data(as_text=True)
    assert count_rows(ViewerLink) == 0


def test_the_copy_button_makes_a_new_decision_and_shows_its_admin_link(organizer, count_rows):
    admin, decision_id, _ = organizer(title="Summer outing")
    resp = admin.post(f"/t/public/d/{decision_id}/admin/copy")
    assert resp.status_code == 303
    share = resp.headers["Location"]
    new_id = share.split("/d/")[1].split("/")[0]
    assert new_id != decision_id
    page = admin.page(share)
    assert f"/d/{new_id}/admin/" in field_value(page, "f-admin_link")
    assert "Summer outing" in text_of(admin.page(f"/t/public/d/{new_id}/admin"))
    assert count_rows(Decision) == 2


def test_webhooks_on_the_keys_page(app, browser, make_member, count_rows):
    make_member("acme", "olga@example.org")
    owner = browser()
    log_in(owner.client, "acme", "olga@example.org")
    page = owner.page("/t/acme/admin/keys")
    assert 'id="webhooks"' in page
    resp = owner.post(
        "/t/acme/admin/webhooks",
        data={"url": "https://93.184.216.34/in", "events": ["ballot.cast", "decision.closed"]},
    )
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    secret = field_value(page, "f-webhook_secret")
    assert len(secret) >= 32
    with app.app_context():
        from groupdecide.extensions import db

        (hook,) = db.session.execute(
            sa.select(Webhook).execution_options(all_tenants=True)
        ).scalars()
        assert (hook.url, hook.events, hook.secret) == (
            "https://93.184.216.34/in",
            ["ballot.cast", "decision.closed"],
            secret,
        )
        hook_id = hook.id
    page = owner.page("/t/acme/admin/keys")
    assert secret not in page  # shown once
    assert "https://93.184.216.34/in" in page
    assert owner.post(f"/t/acme/admin/webhooks/{hook_id}/test").status_code == 303
    page = owner.page("/t/acme/admin/keys")
    assert count_rows(WebhookDelivery) == 1
    assert "waiting" in text_of(page)
    assert owner.post(f"/t/acme/admin/webhooks/{hook_id}/delete").status_code == 303
    assert count_rows(Webhook) == 0
    assert count_rows(WebhookDelivery) == 0


def test_a_private_webhook_target_is_refused_on_the_page_in_german(
    browser, make_member, count_rows
):
    make_member("acme", "olga@example.org")
    owner = browser()
    log_in(owner.client, "acme", "olga@example.org")
    resp = owner.post(
        "/t/acme/admin/webhooks?lang=de",
        data={"url": "http://127.0.0.1/in", "events": []},
    )
    assert resp.status_code == 422
    text = text_of(resp.get_data(as_text=True))
    assert "öffentliche Adressen" in text
    assert "Wählen Sie mindestens ein Ereignis." in text
    assert count_rows(Webhook) == 0


def test_the_keys_page_is_for_owners(browser, make_member):
    make_member("acme", "olga@example.org")
    make_member("acme", "otto@example.org", role="organizer")
    member = browser()
    log_in(member.client, "acme", "otto@example.org")
    resp = member.post(
        "/t/acme/admin/webhooks", data={"url": "https://93.184.216.34/", "events": ["ballot.cast"]}
    )
    assert resp.status_code == 403
