"""Results around participation, through the pages: who answered what, vetoes in the form and
the results, hidden results everywhere, the live fragment with its ETag, the decision record,
the outcome statement and the discussion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Decision

from .conftest import option_ids, text_of


def close_by_time(app, decision_id):
    with app.app_context():
        db.session.execute(
            sa.update(Decision)
            .where(Decision.id == decision_id)
            .values(closes_at=datetime.now(UTC) - timedelta(minutes=1)),
            execution_options={"all_tenants": True},
        )
        db.session.commit()


def answer(b, did, values, name="Anna", **extra):
    ids = option_ids(b.page(f"/t/public/d/{did}"))
    data = {"name": name, **extra}
    for oid, v in zip(ids, values, strict=False):
        data[f"answer-{oid}"] = "" if v is None else str(v)
    return b.post(f"/t/public/d/{did}", data=data), ids


def test_named_public_results_show_who_answered_what(organizer, browser):
    _admin, did, _ = organizer()
    answer(browser(), did, [2, 7, 5], "Anna")
    answer(browser(), did, [4, None, 1], "Ben")
    text = text_of(browser().page(f"/t/public/d/{did}/results"))
    assert "Who answered what" in text
    assert "Anna 2 – slight resistance 7 – very strong resistance" in text
    assert "Ben 4 – moderate resistance not rated" in text


def test_anonymous_results_show_no_names(organizer, browser):
    _admin, did, _ = organizer(anonymous="1")
    answer(browser(), did, [2, 7, 5], "ignored")
    page = browser().page(f"/t/public/d/{did}/results")
    assert "Who answered what" not in page
    assert "ignored" not in page


def test_vetoes_in_the_form_and_the_results(organizer, browser):
    _admin, did, _ = organizer(vetoes="1")
    anna = browser()
    page = anna.page(f"/t/public/d/{did}")
    assert "Veto: I cannot accept this" in page
    ids = option_ids(page)
    # a veto without a reason: refused beside the field, nothing stored
    resp, _ids = answer(anna, did, [10, 1, 3], **{f"veto-{ids[0]}": "1"})
    assert resp.status_code == 422
    body = resp.get_data(as_text=True)
    assert f'id="f-vetoes-{ids[0]}-error"' in body
    assert "A veto needs a reason" in body
    # a veto on less than 10
    resp, _ids = answer(
        anna, did, [9, 1, 3], **{f"veto-{ids[0]}": "1", f"veto_reason-{ids[0]}": "far"}
    )
    assert resp.status_code == 422
    assert "only possible with a resistance of 10" in resp.get_data(as_text=True)
    resp, _ids = answer(
        anna, did, [10, 1, 3], **{f"veto-{ids[0]}": "1", f"veto_reason-{ids[0]}": "Too far for me"}
    )
    assert resp.status_code == 303
    text = text_of(browser().page(f"/t/public/d/{did}/results"))
    assert "1 veto was given." in text
    assert "Hiking by Anna Too far for me" in text
    # the own ballot page keeps the veto
    own = anna.page(f"/t/public/d/{did}/ballot")
    assert f'id="veto-{ids[0]}" name="veto-{ids[0]}" value="1" checked' in own


def test_hidden_results_stay_hidden_everywhere(organizer, browser, app):
    admin, did, _ = organizer(results="after_close")
    anna = browser()
    answer(anna, did, [1, 2, 3])
    other = browser()
    for path in ("results", "results/live", "record"):
        assert other.get(f"/t/public/d/{did}/{path}").status_code == 403
    # the participant still sees their own ballot; the organizer sees everything
    assert "Your answer" in anna.page(f"/t/public/d/{did}/ballot")
    for path in ("results", "record"):
        assert admin.get(f"/t/public/d/{did}/{path}").status_code == 200
    close_by_time(app, did)
    for path in ("results", "record"):
        assert other.get(f"/t/public/d/{did}/{path}").status_code == 200


def test_live_fragment_answers_304_while_nothing_changed(organizer, browser):
    _admin, did, _ = organizer()
    b = browser()
    page = b.page(f"/t/public/d/{did}/results")
    assert f'data-live-url="/t/public/d/{did}/results/live"' in page
    first = b.get(f"/t/public/d/{did}/results/live")
    assert first.status_code == 200
    assert first.headers["ETag"]
    assert "<html" not in first.get_data(as_text=True)
    assert 'class="js-live"' in first.get_data(as_text=True)
    again = b.get(
        f"/t/public/d/{did}/results/live", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert again.data == b""
    answer(browser(), did, [1, 2, 3])
    changed = b.get(
        f"/t/public/d/{did}/results/live", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200
    assert "1 person has answered." in text_of(changed.get_data(as_text=True))


def test_record_and_outcome_statement(organizer, browser):
    admin, did, _ = organizer()
    answer(browser(), did, [1, 6, 5])
    answer(browser(), did, [3, 8, 4], "Ben")
    resp = admin.post(f"/t/public/d/{did}/admin/outcome", data={"outcome": "Hiking."})
    assert resp.status_code == 409  # not closed yet
    admin.post(f"/t/public/d/{did}/admin/phase", data={"phase": "closed"})
    resp = admin.post(
        f"/t/public/d/{did}/admin/outcome", data={"outcome": "We go **hiking** on 12 June."}
    )
    assert resp.status_code == 303
    record = browser().page(f"/t/public/d/{did}/record")
    text = text_of(record)
    assert "Decision record" in text
    assert "Where do we go for the team outing?" in text
    assert "Budget: 500 euros." in text
    assert "Participants 2" in text
    assert "<strong>hiking</strong>" in record
    assert "Closed" in text
    assert "Passive solution" in text
    assert "Everything stays as it is" in text
    assert "Hiking" in text
    assert "Mean resistance" in text
    assert 'class="button secondary js-print" hidden' in record
    results = text_of(browser().page(f"/t/public/d/{did}/results"))
    assert "Outcome statement" in results
    assert "The decision record (printable)" in results
    # the outcome stands at the top: before the figures and who answered what, and on the
    # closed participation page too
    assert results.index("We go hiking on 12 June.") < results.index("The outcome")
    participate = text_of(browser().page(f"/t/public/d/{did}"))
    assert "Outcome statement We go hiking on 12 June." in participate


def test_discussion_with_moderation(organizer, browser):
    admin, did, _ = organizer()
    anna = browser()
    resp = anna.post(f"/t/public/d/{did}/comments", data={"name": "Anna", "body": ""})
    assert resp.status_code == 422
    resp = anna.post(
        f"/t/public/d/{did}/comments",
        data={"name": "Anna", "body": "*Boat* please <script>x</script>"},
    )
    assert resp.status_code == 303
    page = browser().page(f"/t/public/d/{did}")
    assert "<em>Boat</em> please" in page
    assert "<script>x" not in page
    admin_page = admin.page(f"/t/public/d/{did}/admin")
    import re

    cid = re.search(r"/admin/comments/(\d+)/delete", admin_page).group(1)
    assert admin.post(f"/t/public/d/{did}/admin/comments/{cid}/delete").status_code == 303
    assert "<em>Boat</em> please" not in browser().page(f"/t/public/d/{did}")
    admin.post(f"/t/public/d/{did}/admin/comments", data={"comments": "0"})
    page = browser().page(f"/t/public/d/{did}")
    assert "Add the comment" not in page
    assert (
        anna.post(f"/t/public/d/{did}/comments", data={"name": "Anna", "body": "x"}).status_code
        == 403
    )


def test_closing_time_shows_with_a_fallback_in_utc(organizer, browser):
    _admin, did, _ = organizer(closes_at="2999-05-01T18:00", tz_offset="0")
    page = browser().page(f"/t/public/d/{did}")
    assert '<time class="js-localtime" datetime="2999-05-01T18:00:00Z">' in page
    assert "UTC" in text_of(page)


def test_a_closed_decision_does_not_say_no_veto_so_far(app, organizer, browser):
    _admin, did, _ = organizer(vetoes="1")
    answer(browser(), did, [2, 7, 5], "Anna")
    open_page = text_of(browser().page(f"/t/public/d/{did}/results"))
    assert "No veto so far." in open_page
    close_by_time(app, did)
    closed = text_of(browser().page(f"/t/public/d/{did}/results"))
    assert "No veto so far" not in closed
    assert "Nobody gave a veto." in closed
