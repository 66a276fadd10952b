"""Through the pages: the ballot says who will see the name beside the answer, and the results
and the admin page keep to it (``individual_answers``); the discussion of an invite-only
decision needs an invite or an answer of this browser."""

from __future__ import annotations

import re

import pytest

from groupdecide.models import Comment

from .conftest import option_ids, text_of


def _answer(b, did, name="Anna"):
    ids = option_ids(b.page(f"/t/public/d/{did}"))
    resp = b.post(f"/t/public/d/{did}", data={"name": name, f"answer-{ids[0]}": "4"})
    assert resp.status_code == 303


@pytest.mark.parametrize(
    ("method", "results", "individual", "says"),
    [
        (
            "consensus",
            "public",
            "everyone",
            "Everyone with the link sees your name with your answer",
        ),
        ("single", "after_close", "everyone", "shown together to everyone with the link once the"),
        ("consensus", "organizer", "everyone", "Only the organizer sees your name"),
        ("single", "public", "organizer", "Only the organizer sees your name"),
        ("consensus", "public", "nobody", "Nobody, not even the organizer, sees your name"),
    ],
)
def test_the_ballot_says_who_sees_the_name(organizer, browser, method, results, individual, says):
    extra = {"option": ["A", "B", ""]} if method == "single" else {}
    _admin, did, _ = organizer(
        method=method, results=results, individual_answers=individual, **extra
    )
    text = text_of(browser().page(f"/t/public/d/{did}"))
    assert says in text
    assert "The organizer sees your name with your" not in text


def test_organizer_only_names_are_kept_from_the_public_results(organizer, browser):
    admin, did, _ = organizer(individual_answers="organizer")
    _answer(browser(), did, "Anna")
    public = text_of(browser().page(f"/t/public/d/{did}/results"))
    assert "Anna" not in public
    assert "Anna" in text_of(admin.page(f"/t/public/d/{did}/results"))


def test_nobody_shows_names_to_nobody_not_even_on_the_admin_page(organizer, browser):
    admin, did, _ = organizer(individual_answers="nobody")
    _answer(browser(), did, "Anna")
    assert "Anna" not in browser().page(f"/t/public/d/{did}/results")
    assert "Anna" not in admin.page(f"/t/public/d/{did}/results")
    page = admin.page(f"/t/public/d/{did}/admin")
    assert "Anna" not in page
    assert "the exports hold no names" in text_of(page)


def test_the_admin_page_makes_names_more_private_not_more_open(organizer, browser):
    admin, did, _ = organizer()
    _answer(browser(), did, "Anna")
    form = {"title": "Where do we go for the team outing?", "results": "public"}
    resp = admin.post(
        f"/t/public/d/{did}/admin/texts", data={**form, "individual_answers": "organizer"}
    )
    assert resp.status_code == 303
    assert "Only the organizer sees your name" in text_of(browser().page(f"/t/public/d/{did}"))
    resp = admin.post(
        f"/t/public/d/{did}/admin/texts", data={**form, "individual_answers": "everyone"}
    )
    assert resp.status_code == 422
    assert "can only become more private" in text_of(resp.get_data(as_text=True))


def test_the_discussion_of_an_invite_only_decision_needs_an_invite(organizer, browser, count_rows):
    admin, did, _ = organizer(access="invite")
    page = admin.page(f"/t/public/d/{did}/admin")
    made = admin.post(
        f"/t/public/d/{did}/admin/invites",
        data={"action": "make", "count": "1", "format": "list"},
    ).get_data(as_text=True)
    link = re.search(r'id="f-made_invites"[^>]*>([^<]*)</textarea>', made).group(1).split()[0]
    assert page

    stranger = browser()
    text = text_of(stranger.page(f"/t/public/d/{did}"))
    assert "open your personal invite link to join the discussion" in text
    assert "Add the comment" not in text
    resp = stranger.post(f"/t/public/d/{did}/comments", data={"name": "M", "body": "Spam"})
    assert resp.status_code == 403
    assert count_rows(Comment) == 0

    guest = browser()
    guest.get(link.replace("http://gd.test", ""))
    assert "Add the comment" in text_of(guest.page(f"/t/public/d/{did}"))
    resp = guest.post(f"/t/public/d/{did}/comments", data={"name": "Ina", "body": "Hello"})
    assert resp.status_code == 303
    assert count_rows(Comment) == 1
