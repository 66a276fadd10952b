"""Properties of every page: German throughout, sanitized Markdown, the CSP's rules."""

from __future__ import annotations

from .conftest import assert_clean_html, option_ids, text_of


def all_pages(organizer, browser):
    """Every page a user meets, as (name, browser, url, status)."""
    admin, decision_id, _admin_link = organizer(
        description="Hi <script>alert(1)</script> [x](javascript:alert(2)) "
        '<img src=x onerror="alert(3)"> [site](https://example.org)',
        conditions='<b style="color:red">loud</b>',
    )
    url = f"/t/public/d/{decision_id}"
    voter = browser()
    ids = option_ids(voter.page(url))
    voter.post(url, data={"name": "Ute", f"answer-{ids[0]}": "4"})
    return [
        ("landing", browser(), "/", 200),
        ("new", browser(), "/t/public/new", 200),
        ("share", admin, f"{url}/share", 200),
        ("admin", admin, f"{url}/admin", 200),
        ("participate", browser(), url, 200),
        ("participate-answered", voter, url, 200),
        ("my-ballot", voter, f"{url}/ballot", 200),
        ("results", browser(), f"{url}/results", 200),
        ("admin-refused", browser(), f"{url}/admin", 403),
        ("no-ballot", browser(), f"{url}/ballot", 404),
        ("not-found", browser(), "/t/public/d/nope", 404),
    ]


def test_every_page_in_german(organizer, browser):
    expected = {
        "landing": "Gemeinsam entscheiden",
        "new": "Entscheidung anlegen",
        "share": "Teilen Sie Ihre Entscheidung",
        "admin": "Verwaltungsseite",
        "participate": "Wie funktioniert das?",
        "participate-answered": "Sie haben schon geantwortet",
        "my-ballot": "Ihr persönlicher Bearbeitungslink",
        "results": "So lesen Sie das Ergebnis",
        "admin-refused": "Öffnen Sie den Admin-Link",
        "no-ballot": "In diesem Browser ist keine Antwort gespeichert",
        "not-found": "Hier ist nichts.",
    }
    for name, b, url, status in all_pages(organizer, browser):
        sep = "&" if "?" in url else "?"
        page = b.page(f"{url}{sep}lang=de", status=status)
        assert expected[name] in page, name
        assert '<html lang="de">' in page, name
        assert 'hreflang="en"' in page, name  # the switch back
        text = text_of(page)
        for english in ("Skip to the content", "Passive solution", "not rated", "Proposals"):
            assert english not in text, (name, english)


def test_german_scale_names(organizer, browser):
    _a, decision_id, _ = organizer()
    text = text_of(browser().page(f"/t/public/d/{decision_id}?lang=de"))
    assert "0 – kein Widerstand" in text
    assert "10 – maximaler Widerstand: Das könnte ich nicht mittragen" in text
    assert "nicht bewertet" in text
    assert "Passivlösung" in text
    assert "0 von 3 bewertet" in text


def test_language_switch_in_the_header(browser):
    b = browser()
    page = b.page("/?lang=de")
    assert 'href="/?lang=en"' in page
    assert "Decide together" in b.page("/?lang=en")
    # the choice sticks
    assert "Gemeinsam entscheiden" in b.page("/?lang=de")
    assert "Gemeinsam" in b.page("/")


def test_markdown_is_sanitized_and_pages_obey_the_csp(organizer, browser):
    for name, b, url, status in all_pages(organizer, browser):
        resp = b.get(url)
        assert resp.status_code == status, name
        page = resp.get_data(as_text=True)
        assert_clean_html(page)
        assert "<script>" not in page, name
        assert "<script>alert" not in page, name
        assert 'href="javascript:' not in page, name
        assert "<img src=x" not in page, name  # shown as text; handlers in tags: see above
        if name == "participate":
            # the text survives as text, the link is marked as foreign
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
            assert (
                '<a href="https://example.org" rel="noopener noreferrer nofollow">site</a>' in page
            )
            assert "&lt;b style=" in page  # raw HTML is shown as text, never as a tag


def test_base_layout_is_accessible(browser):
    page = browser().page("/")
    assert 'class="skip-link" href="#main"' in page
    assert '<main id="main"' in page
    assert '<meta name="viewport"' in page
    assert "<footer" in page
    assert "<header" in page
    assert "https://" not in page.split("<body>")[0]  # no assets from other hosts


def test_tenant_name_in_the_header(make_tenant, browser):
    slug, _key = make_tenant("acme-coop")
    page = browser().page(f"/t/{slug}/new")
    assert "Acme-Coop" in page


def test_bars_make_no_verdict_while_nobody_rated_the_passive_solution(client, api):
    from groupdecide.web.charts import EXECUTABLE, NOT_EXECUTABLE, UNCOMPARED

    d = api.create(labels=("Hiking", "Boat trip"))
    hiking, boat, passive = (o["id"] for o in d["decision"]["options"])
    api.cast(d["id"], {hiking: 2, boat: 8})
    page = client.get(f"/t/public/d/{d['id']}/results").get_data(as_text=True)
    assert UNCOMPARED in page
    assert NOT_EXECUTABLE not in page
    assert EXECUTABLE not in page
    api.cast(d["id"], {hiking: 1, boat: 9, passive: 5}, name="Ben")
    page = client.get(f"/t/public/d/{d['id']}/results").get_data(as_text=True)
    assert EXECUTABLE in page
    assert NOT_EXECUTABLE in page
    assert UNCOMPARED not in page
