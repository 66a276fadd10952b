"""The issue's "done when", as a new user would try it: an anonymous, invite-only consensus
with hidden results and a deadline; 20 invited people answer; nobody votes twice or sees the
results early; after the deadline the result and the decision record appear."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision

from .conftest import option_ids, text_of


def test_anonymous_invite_only_hidden_until_the_deadline(organizer, browser, app, count_rows):
    admin, did, _ = organizer(
        access="invite",
        anonymous="1",
        results="after_close",
        closes_at="2999-01-01T12:00",
        tz_offset="0",
    )
    resp = admin.post(
        f"/t/public/d/{did}/admin/invites", data={"action": "make", "count": "20", "format": "list"}
    )
    links = (
        re.search(r'id="f-made_invites"[^>]*>([^<]*)</textarea>', resp.get_data(as_text=True))
        .group(1)
        .split()
    )
    assert len(links) == 20
    people = []
    for i, link in enumerate(links):
        b = browser()
        b.get(link.replace("http://gd.test", ""))
        page = b.page(f"/t/public/d/{did}")
        assert "Your name" not in page  # anonymous: no names asked
        ids = option_ids(page)
        resp = b.post(
            f"/t/public/d/{did}", data={f"answer-{ids[0]}": str(i % 11), f"answer-{ids[2]}": "5"}
        )
        assert resp.status_code == 303
        people.append((b, ids))
    assert count_rows(Ballot) == 20
    # nobody votes twice: the same browser, the same invite in another browser
    b, ids = people[0]
    assert b.post(f"/t/public/d/{did}", data={f"answer-{ids[0]}": "1"}).status_code in (403, 409)
    again = browser()
    again.get(links[0].replace("http://gd.test", ""))
    assert again.post(f"/t/public/d/{did}", data={f"answer-{ids[0]}": "1"}).status_code == 409
    assert count_rows(Ballot) == 20
    # nobody sees results early, the organizer does
    assert b.get(f"/t/public/d/{did}/results").status_code == 403
    assert b.get(f"/t/public/d/{did}/record").status_code == 403
    assert "20 of 20 invites used." in text_of(admin.page(f"/t/public/d/{did}/admin"))
    # the deadline passes, without any job
    with app.app_context():
        db.session.execute(
            sa.update(Decision)
            .where(Decision.id == did)
            .values(closes_at=datetime.now(UTC) - timedelta(minutes=1)),
            execution_options={"all_tenants": True},
        )
        db.session.commit()
    results = text_of(b.page(f"/t/public/d/{did}/results"))
    assert "20 people have answered." in results
    assert "The outcome" in results
    record = text_of(b.page(f"/t/public/d/{did}/record"))
    assert "Participants 20" in record
    assert "anonymous: no names were asked" in record
    assert b.post(f"/t/public/d/{did}/ballot", data={f"answer-{ids[0]}": "1"}).status_code == 409
