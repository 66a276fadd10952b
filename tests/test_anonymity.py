"""Anonymity against the organizer and against someone holding the database (SECURITY.md,
"Anonymity"): on an anonymous decision with mailed invites, who used an invite (and left an
address) cannot be joined with the answers, neither from the rows nor by watching the lists.

Each participant gives a different answer, so every attack can be scored against the truth."""

from __future__ import annotations

import re

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Ballot, Invite, Subscription

PEOPLE = [f"p{i}@example.org" for i in range(10)]
MIDNIGHT = "T00:00:00Z"


def _anonymous_with_mailed_invites(api):
    made = api.create(settings={"anonymous": True, "access": "invite"})
    did, admin = made["id"], made["admin_token"]
    option = made["decision"]["options"][0]["id"]
    resp = api.call("POST", f"/decisions/{did}/invites", {"emails": PEOPLE}, token=admin)
    assert resp.status_code == 201
    tokens = {i["email"]: i["token"] for i in resp.get_json()["items"]}
    return did, admin, option, tokens


def _vote(api, did, option, tokens, k):
    """Participant k answers k (each answer tells who gave it) and asks for the outcome."""
    body = {"answers": {str(option): k}, "invite": tokens[PEOPLE[k]], "email": PEOPLE[k]}
    resp = api.call("POST", f"/decisions/{did}/ballots", body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def _value(answers, option):
    return answers[str(option)]


def test_the_rows_and_the_tenant_export_do_not_join_voters_to_answers(app, api):
    did, _admin, option, tokens = _anonymous_with_mailed_invites(api)
    cast_ids = [_vote(api, did, option, tokens, k) for k in range(len(PEOPLE))]

    with app.app_context():
        opts = {"all_tenants": True}
        ballots = db.session.execute(
            sa.select(Ballot.id, Ballot.answers, Ballot.created_at, Ballot.updated_at)
            .where(Ballot.decision_id == did)
            .order_by(Ballot.id),
            execution_options=opts,
        ).all()
        subs = db.session.execute(
            sa.select(Subscription.id, Subscription.email, Subscription.created_at)
            .where(Subscription.decision_id == did)
            .order_by(Subscription.id),
            execution_options=opts,
        ).all()
        used = db.session.execute(
            sa.select(Invite.email, Invite.used_at).where(Invite.decision_id == did),
            execution_options=opts,
        ).all()
    assert len(ballots) == len(subs) == len(PEOPLE)

    # Attack 1a: pair the n-th subscription with the n-th ballot (ids in order, as they came).
    by_ids = sum(
        1
        for s, b in zip(subs, ballots, strict=True)
        if PEOPLE.index(s.email) == _value(b.answers, option)
    )
    assert by_ids < len(PEOPLE)
    # Attack 1b: in the order of the rows' ids, the ballots are not in the order of voting.
    assert [_value(b.answers, option) for b in ballots] != list(range(len(PEOPLE)))
    # Attack 1c: times. Ballots, subscriptions and invites carry only the day.
    times = [b.created_at for b in ballots] + [b.updated_at for b in ballots]
    times += [s.created_at for s in subs] + [u.used_at for u in used]
    assert all((t.hour, t.minute, t.second, t.microsecond) == (0, 0, 0, 0) for t in times)

    # The ids do not follow the order of voting (random, from a range no sequence reaches).
    assert cast_ids != sorted(cast_ids)
    assert min(cast_ids) >= 2**30

    # Attack 1d: the tenant export lists the rows in that same id order.
    from groupdecide.services.tenants import find_tenant
    from groupdecide.services.transfer import export_tenant

    with app.app_context():
        exported = export_tenant(find_tenant("public"))
    item = next(d for d in exported["decisions"] if d["id"] == did)
    order = [_value(b["answers"], option) for b in item["ballots"]]
    emails = [PEOPLE.index(s["email"]) for s in item["subscriptions"]]
    assert order != list(range(len(PEOPLE)))
    assert emails != order  # the subscriptions' order is not the ballots' order
    assert all(b["created_at"].endswith(("T00:00:00Z", "T00:00:00+00:00")) for b in item["ballots"])


def _invite_rows(page):
    """The rows of the invites table on the admin page, as text."""
    table = re.search(r'<table class="invite-table">(.*?)</table>', page, re.S).group(1)
    return [re.sub(r"<[^>]+>|\s+", " ", row).strip() for row in table.split("<tr>")[2:]]


def test_an_organizer_polling_after_each_vote_learns_nothing_until_it_closes(app, api):
    did, admin, option, tokens = _anonymous_with_mailed_invites(api)

    def look():
        invites = api.call("GET", f"/decisions/{did}/invites", token=admin).get_json()["items"]
        listed = api.call("GET", f"/decisions/{did}/ballots", token=admin).get_json()["items"]
        return invites, {b["id"]: b for b in listed}

    # Attack 2: after each vote, see which invite became used and which ballot appeared.
    before_invites, before_ballots = look()
    linked = 0
    for k in range(3):
        _vote(api, did, option, tokens, k)
        invites, ballots = look()
        new_ballots = [b for bid, b in ballots.items() if bid not in before_ballots]
        newly_used = [
            i["email"]
            for i, old in zip(invites, before_invites, strict=True)
            if i != old and i["used"]
        ]
        assert invites == before_invites  # the invites list does not move with a vote
        if len(newly_used) == 1 and len(new_ballots) == 1:
            linked += PEOPLE.index(newly_used[0]) == _value(new_ballots[0]["answers"], option)
        before_invites, before_ballots = invites, ballots
    assert linked == 0
    assert all(i["used"] is None and i["used_at"] is None for i in before_invites)

    # The same on the admin page: the invite table reads the same after each vote.
    web = app.test_client()
    assert web.get(f"/t/public/d/{did}/admin/{admin}").status_code in (302, 303)
    rows = _invite_rows(web.get(f"/t/public/d/{did}/admin").get_data(as_text=True))
    assert not any("not used yet" in r or r.endswith(" used") for r in rows)
    _vote(api, did, option, tokens, 3)
    assert _invite_rows(web.get(f"/t/public/d/{did}/admin").get_data(as_text=True)) == rows
    # A used invite cannot be told apart by withdrawing it either.
    ids = [i["id"] for i in before_invites]
    assert api.call("DELETE", f"/decisions/{did}/invites/{ids[0]}", token=admin).status_code == 204
    assert api.call("DELETE", f"/decisions/{did}/invites/{ids[9]}", token=admin).status_code == 204

    # Once closed (no vote can follow), the organizer sees who took part.
    assert (
        api.call("PATCH", f"/decisions/{did}", {"phase": "closed"}, token=admin).status_code == 200
    )
    invites, _ballots = look()
    assert [i["email"] for i in invites if i["used"]] == PEOPLE[:4]
    assert all(i["used_at"].endswith(MIDNIGHT) for i in invites if i["used"])
