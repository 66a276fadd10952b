"""The one commit of a request: a unique violation at commit time (two tenants made with the
same slug at once) answers 409, in the API's envelope and as a page, and nothing is written."""

from __future__ import annotations

import sqlalchemy as sa

from groupdecide.extensions import db
from groupdecide.models import Tenant


def _routes(app):
    """Views that add a tenant whose slug another request took in between: the insert waits
    for the commit, as it does when two requests race."""

    def add_duplicate():
        db.session.add(Tenant(slug="first-comer", name="Second", policy="open", locale="en"))
        db.session.add(Tenant(slug="bystander", name="Bystander", policy="open", locale="en"))
        return {"ok": True}, 201

    def flush_duplicate():
        db.session.add(Tenant(slug="first-comer", name="Second", policy="open", locale="en"))
        db.session.flush()
        return {"ok": True}, 201

    app.add_url_rule("/api/v1/test-dup", "test_dup_api", add_duplicate, methods=["POST"])
    app.add_url_rule("/test-dup", "test_dup_web", add_duplicate, methods=["POST"])
    app.add_url_rule("/api/v1/test-flush", "test_flush_api", flush_duplicate, methods=["POST"])
    with app.app_context():
        db.session.add(Tenant(slug="first-comer", name="First", policy="open", locale="en"))
        db.session.commit()


def _slugs(app):
    with app.app_context():
        return set(db.session.execute(sa.select(Tenant.slug)).scalars())


def test_unique_violation_at_commit_answers_409_in_the_api_envelope(app, client):
    _routes(app)
    resp = client.post("/api/v1/test-dup")
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["error"]["code"] == "conflict"
    assert "same moment" in body["error"]["message"]
    assert "bystander" not in _slugs(app)  # nothing of the request is half-written


def test_unique_violation_at_commit_answers_a_409_page_on_the_web(app, client):
    _routes(app)
    resp = client.post("/test-dup")
    assert resp.status_code == 409
    assert resp.mimetype == "text/html"
    assert "same moment" in resp.get_data(as_text=True)
    assert "bystander" not in _slugs(app)


def test_unique_violation_at_flush_in_a_view_answers_409(app, client):
    _routes(app)
    resp = client.post("/api/v1/test-flush")
    assert resp.status_code == 409
    assert resp.get_json()["error"]["code"] == "conflict"
    # the session is usable again for the next request
    assert client.get("/t/public/api/v1/decisions/nope").status_code == 404
