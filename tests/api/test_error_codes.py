"""The error envelope's ``codes`` (an extension): beside the contract's ``fields`` (English
text, unchanged), the code and parameters of each field whose problem has a code."""

from __future__ import annotations

import pytest

from groupdecide import problems
from groupdecide.errors import ValidationFailed, json_error
from groupdecide.problems import FieldError


def error_of(resp, status=422):
    assert resp.status_code == status, resp.get_json()
    return resp.get_json()["error"]


def test_count_and_emails_together(api):
    created = api.create()
    body = {"count": 2, "emails": ["a@example.org"]}
    error = error_of(
        api.call("POST", f"/decisions/{created['id']}/invites", body, token=created["admin_token"])
    )
    assert error["fields"] == {"emails": "give count or emails, not both"}
    assert error["codes"] == {"emails": {"code": "count_or_emails", "params": {}}}


def test_count_missing(api):
    created = api.create()
    error = error_of(
        api.call("POST", f"/decisions/{created['id']}/invites", {}, token=created["admin_token"])
    )
    assert error["fields"] == {"count": "Missing data for required field."}
    assert error["codes"] == {"count": {"code": "missing_data", "params": {}}}


def test_empty_body(api):
    error = error_of(api.call("POST", "/decisions"))
    assert error["fields"] == {"body": "is required"}
    assert error["codes"] == {"body": {"code": "required", "params": {}}}


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        ("tomorrow", "not_a_time", "must be an ISO 8601 time such as 2030-05-01T18:00:00Z"),
        (
            "2030-05-01",
            "time_without_zone",
            "must be a date and time with a zone, e.g. 2030-05-01T18:00:00Z",
        ),
    ],
)
def test_schema_time_messages_carry_codes(api, value, code, text):
    body = {"title": "Q", "method": "single", "settings": {"closes_at": value}}
    error = error_of(api.call("POST", "/decisions", body))
    assert error["fields"]["settings.closes_at"] == text
    assert error["codes"]["settings.closes_at"] == {"code": code, "params": {}}


def test_comment_cursor_code(api):
    created = api.create()
    resp = api.call("GET", f"/decisions/{created['id']}/comments?cursor=nope")
    error = error_of(resp)
    assert error["fields"] == {"cursor": "must be a cursor from an earlier answer"}
    assert error["codes"] == {"cursor": {"code": "not_a_cursor", "params": {}}}


def test_marshmallow_messages_have_no_codes(api):
    error = error_of(api.call("POST", "/decisions", {"title": "", "method": "single"}))
    assert "title" in error["fields"]
    assert "codes" not in error


def test_codes_carry_parameters_as_json(app, monkeypatch):
    monkeypatch.setitem(problems.MESSAGES, "test_between", "must be between {min} and {max}")
    monkeypatch.setitem(problems.MESSAGES, "test_one_of", "must be one of {allowed}")
    fields = {
        "answers.17": FieldError("test_between", min=0, max=10),
        "settings.tally": FieldError("test_one_of", allowed=frozenset({"irv", "schulze"})),
        "title": "a plain message",
    }
    error = ValidationFailed("Some fields need another look.", fields)
    with app.test_request_context("/t/public/api/v1/decisions"):
        body = json_error(error.status, error.code, error.message, error.fields).get_json()
    assert body["error"]["fields"] == {
        "answers.17": "must be between 0 and 10",
        "settings.tally": str(fields["settings.tally"]),
        "title": "a plain message",
    }
    assert body["error"]["codes"] == {
        "answers.17": {"code": "test_between", "params": {"min": 0, "max": 10}},
        "settings.tally": {"code": "test_one_of", "params": {"allowed": ["irv", "schulze"]}},
    }
