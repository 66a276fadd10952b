"""The help pages: one per voting method, in plain language, in both languages, linked from
every ballot and results page."""

from __future__ import annotations

import re

import pytest

from groupdecide.voting.methods import KEYS
from groupdecide.web.methods import web_method


@pytest.mark.parametrize("key", KEYS)
def test_every_method_has_a_help_page_in_both_languages(client, key):
    english = client.get(f"/help/{key}?lang=en").get_data(as_text=True)
    german = client.get(f"/help/{key}?lang=de").get_data(as_text=True)
    for page in (english, german):
        assert "<h1>" in page
        # it says what the method is for and how it is counted, and links the others
        assert page.count('class="card"') >= 3
        others = re.findall(r'href="/help/([a-z]+)"', page)
        assert sorted(set(others)) == sorted(k for k in KEYS if k != key)
    assert "What it is for" in english
    assert "How it is counted" in english
    assert "Wofür es gut ist" in german
    assert "So wird ausgezählt" in german
    assert "What it is for" not in german


def test_consensus_help_says_how_to_run_it_in_a_meeting(client):
    assert "Running it in a meeting" in client.get("/help/consensus").get_data(as_text=True)
    german = client.get("/help/consensus?lang=de").get_data(as_text=True)
    assert "In einer Versammlung durchführen" in german


def test_the_help_index_lists_every_method_and_unknown_ones_are_404(client):
    page = client.get("/help/").get_data(as_text=True)
    for key in KEYS:
        assert f'href="/help/{key}"' in page
    assert client.get("/help/nonsense").status_code == 404
    assert client.get("/help/%3Cscript%3E").status_code == 404


@pytest.mark.parametrize("key", ["consensus", "ranked", "schedule"])
def test_ballot_and_results_pages_link_their_help_page(app, api, client, key):
    labels = ("2030-06-01 10:00", "2030-06-02 10:00") if key == "schedule" else ("A", "B")
    d = api.create(method=key, labels=labels)
    for path in ("", "/results"):
        page = client.get(f"/t/public/d/{d['id']}{path}?lang=de").get_data(as_text=True)
        assert f'href="/help/{key}?lang=de"' in page, path
        assert "Mehr über dieses Verfahren" in page
    assert web_method(key).templates.help == f"methods/{key}/help.html"
