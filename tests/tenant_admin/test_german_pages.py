"""The tenant's area, the operator's pages and the mails the CLI sends, in German: the field
messages of the services beside their fields in the page's language, the method by its name,
and a German tenant's mails in German."""

from __future__ import annotations

import re

from testkit import Api
from web.conftest import Browser, text_of

from .conftest import log_in
from .test_operator_and_hosts import _operator


def _beside(page: str, field: str) -> str:
    match = re.search(rf'id="f-{field}-error">(.*?)</p>', page, re.S)
    assert match, f"no error beside {field}"
    return text_of(match.group(1))


def test_inviting_a_member_again_says_so_beside_the_address(app, make_member, outbox):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    log_in(b.client, "acme", "olga@example.org")
    resp = b.post(
        "/t/acme/admin/members/invite?lang=en",
        data={"email": "olga@example.org", "role": "organizer"},
    )
    assert resp.status_code == 409
    english = _beside(resp.get_data(as_text=True), "email")
    assert english.endswith("olga@example.org is a member already.")
    resp = b.post(
        "/t/acme/admin/members/invite?lang=de",
        data={"email": "olga@example.org", "role": "organizer"},
    )
    assert resp.status_code == 409
    page = resp.get_data(as_text=True)
    assert _beside(page, "email").endswith("olga@example.org ist schon Mitglied.")
    assert not re.search(r">\s*member\s*<", page)  # never the raw field code
    assert outbox() == []


def test_the_operator_page_says_its_field_messages_in_german(app, runner, outbox):
    op = _operator(app, runner, outbox)
    op.page("/operator/?lang=de")
    resp = op.post("/operator/tenants", data={"slug": "Bad!", "name": "", "policy": "open"})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "Verwenden Sie 3 bis 40 Zeichen" in _beside(page, "slug")
    assert _beside(page, "name").endswith("Geben Sie einen Namen mit 1 bis 200 Zeichen an.")
    assert "not starting or ending" not in text_of(page)
    assert "1 to 200 characters" not in text_of(page)


def test_the_dashboard_names_the_method(app, make_member):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    log_in(b.client, "acme", "olga@example.org")
    api = Api(app.test_client(), "acme")
    api.create(title="Outing")
    api.create(method="single", title="Lunch")
    page = text_of(b.page("/t/acme/admin/?lang=de"))
    assert "Systemisches Konsensieren" in page
    assert "Einfachauswahl" in page
    assert " consensus " not in f" {page} "
    assert " single " not in f" {page} "
    page = text_of(b.page("/t/acme/admin/?lang=en"))
    assert "Systemic consensing" in page
    assert "Single choice" in page


def test_a_german_tenant_created_on_the_command_line_mails_its_owner_in_german(runner, outbox):
    result = runner.invoke(
        args=[
            "tenant",
            "create",
            "verein",
            "--name",
            "Verein e.V.",
            "--locale",
            "de",
            "--owner-email",
            "olga@example.org",
        ]
    )
    assert result.exit_code == 0, result.output
    _to, subject, body = outbox()[-1]
    assert subject == "Ihr Zugang zu Verein e.V."
    assert "Legen Sie Ihr Passwort mit diesem Link fest" in body
    assert "Tage lang" in body
