"""The API under fuzzing: Schemathesis generates requests from /api/v1/openapi.json.

No server errors, responses that match the document, invalid data refused: every operation is
run with valid data and with data the document says is invalid (Schemathesis' negative mode,
checked by its ``negative_data_rejection``). Every operation is aimed at a real decision of the
default tenant (and its first option) with its admin token, so the generated bodies reach the
validation and the services, not only the 404 of an unknown id."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks as oa_checks
from testkit import Api

EXAMPLES = {GenerationMode.POSITIVE: 50, GenerationMode.NEGATIVE: 25}


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ops = []
    for result in schema.get_all_operations():
        ops.append(result.ok())
    return ops


def test_api_never_errs_and_matches_its_document(app, client):
    api = Api(client)
    ops = _operations(app)
    assert len(ops) >= 12
    failures = []
    for operation in ops:
        for mode in EXAMPLES:
            run = _runner(operation, api.create(labels=("Hiking", "Boat trip")), mode)
            try:
                run()
            except Unsatisfiable:
                # Nothing in this operation can be invalid (only free-text path parameters,
                # which the real ids replace): no negative case to send.
                assert mode is GenerationMode.NEGATIVE
            except Exception as exc:  # noqa: BLE001 - collect every operation's failure
                failures.append(f"{mode.value} {operation.method.upper()} {operation.path}: {exc}")
    if failures:
        pytest.fail("\n\n".join(failures)[:20000])


def _runner(operation, created, mode):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,  # the same cases every run: a red run can be replayed, never a fluke
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        params = dict(case.path_parameters or {})
        if "tenant" in params:
            params["tenant"] = "public"
        if "decision_id" in params:
            params["decision_id"] = created["id"]
        if "option_id" in params:
            params["option_id"] = created["decision"]["options"][0]["id"]
        # A new dict, so Schemathesis sees the change and knows whether the case is still
        # invalid data (an id made valid again is no longer a negative case).
        case.path_parameters = params
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {created['admin_token']}"}
        case.call_and_validate(
            excluded_checks=[
                # A schema-valid body may still break a rule the schema cannot say (a
                # setting of another method, a rank past the number of options): 422.
                oa_checks.positive_data_acceptance,
                # A DELETE that succeeded leaves nothing for the unauthenticated replay but a
                # 404; test_decisions.py and test_ballots.py prove DELETE needs its token.
                # Negative cases may carry a generated (invalid) Authorization that the real
                # admin token above replaces; the positive run checks the auth replay.
                *(
                    [oa_checks.ignored_auth]
                    if operation.method.upper() == "DELETE" or mode is GenerationMode.NEGATIVE
                    else []
                ),
            ],
        )

    return run


def _resolve(doc, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        node = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _filler(doc, schema, n):
    """The simplest value the document allows: enough for a body to pass its own checks."""
    schema = _resolve(doc, schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _filler(doc, props[k], n) for k in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    return f"Probe {n}"


def _time_fields(doc, schema, prefix=()):
    """Every property of a body (and of its nested objects) that the document calls a
    date-time, as a path of keys."""
    schema = _resolve(doc, schema)
    for key, prop in (schema.get("properties") or {}).items():
        prop = _resolve(doc, prop)
        if prop.get("format") == "date-time":
            yield (*prefix, key)
        elif prop.get("type") == "object" or "properties" in prop:
            yield from _time_fields(doc, prop, (*prefix, key))


def test_every_required_body_and_every_date_time_is_enforced_as_documented(app, client):
    """Schemathesis' generator seldom sends no body or an empty string for a date-time; both
    are checked here for every operation of the served document, against real ids."""
    api = Api(client)
    doc = client.get("/api/v1/openapi.json").get_json()
    accepted = []
    n = 0
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in ("post", "put", "patch"):
                continue
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json")
            if body is None:
                continue
            created = api.create(labels=("Hiking", "Boat trip"))
            url = path.replace("{tenant}", "public").replace("{decision_id}", created["id"])
            url = url.replace("{option_id}", str(created["decision"]["options"][0]["id"]))
            url = url.replace("{ballot_id}", "1").replace("{invite_id}", "1")
            url = url.replace("{comment_id}", "1")
            headers = {"Authorization": f"Bearer {created['admin_token']}"}
            cases = [("no body", None)]
            for field in _time_fields(doc, body["schema"]):
                n += 1
                value = _filler(doc, body["schema"], n)
                node = value
                for key in field[:-1]:
                    node = node.setdefault(key, {})
                node[field[-1]] = ""
                cases.append((".".join(field) + ' = ""', value))
            for what, value in cases:
                if value is None:
                    resp = client.open(url, method=method.upper(), headers=headers)
                else:
                    resp = client.open(url, method=method.upper(), json=value, headers=headers)
                if not 400 <= resp.status_code < 500:
                    accepted.append(f"{method.upper()} {path} with {what}: {resp.status_code}")
    assert not accepted, "\n".join(accepted)
