"""Hostile input on every web form and every query parameter answers a 4xx or a page, never a
5xx (issue 9, "No input ever produces a 5xx"; the API is fuzzed in tests/api/test_fuzz.py).

The forms are found by crawling the pages a participant, an organizer (admin link), a ballot's
owner (edit link), a logged-in owner of the space and the operator see, with CSRF switched on;
every POST route of the URL map must be reached by one of them. Each field gets each value of a
fixed corpus on its own (the others keep the page's values), and each form gets every value in
all fields at once. Deterministic: a fixed corpus, no randomness, no waiting."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from tenant_admin.conftest import PASSWORD, member_factory
from testkit import Api

from groupdecide.extensions import db

# Each value has broken a form somewhere (issue 9) or is a classic.
CORPUS = [
    "²",
    "99999999999999999999",
    "-1",
    "",
    "\ud800",
    "a\x00b",
    "9" * 5000,
    "\u202eevil\u202c\u200b",
    "x" * 20_000,
    "/\r//evil.example",
]
HOSTILE_IDS = ["99999999999999999999", "3000000000", "-1", "²"]
# One method per way of reading a ballot form that parses text (yesno, schedule, ranked,
# judgment and dots read like score; multiple only compares with "1").
METHODS = ["consensus", "single", "score"]
ANSWERS = {"consensus": 3, "single": 1, "multiple": 1, "score": 5}
NOT_FORMS = {"static"}  # routes no form posts to
# Forms after which the world is made again (they may end the log-in or the decision).
ENDING = {"auth.logout", "organizer.delete", "organizer.phase", "tenant_admin.remove_member"}


def _encode(value: str) -> str:
    # What a browser sends: UTF-8, a lone surrogate as its three bytes (never valid UTF-8).
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _body(fields: list[tuple[str, str]]) -> bytes:
    return "&".join(f"{_encode(k)}={_encode(v)}" for k, v in fields).encode("ascii")


class Forms(HTMLParser):
    """Every POST form of a page: its action and its fields with the page's values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._current: list[tuple[str, str]] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._current = []
            self.forms.append((a.get("action", ""), self._current))
        elif self._current is not None and a.get("name"):
            if tag == "input" and a.get("type") in ("checkbox", "radio"):
                if "checked" in a or a.get("type") == "checkbox":
                    self._current.append((a["name"], a.get("value", "on")))
            elif tag in ("input", "button", "select"):
                self._current.append((a["name"], a.get("value", "")))
            elif tag == "textarea":
                self._current.append((a["name"], ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def forms_of(page: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = Forms()
    parser.feed(page)
    return parser.forms


def query_params() -> list[str]:
    """Every query parameter the pages read, found in their source."""
    names: set[str] = set()
    for path in Path(__file__).parents[2].joinpath("groupdecide", "web").rglob("*.py"):
        names.update(re.findall(r"request\.(?:args|values)\.get\(\s*\"(\w+)\"", path.read_text()))
    return sorted(names | {"invite", "token", "next"})


class World:
    """The people and things the forms act on; rebuilt whenever a form may have removed them."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.client = app.test_client()
        self.api = Api(self.client)
        self.member = member_factory(app)("public", "owner@example.org", "owner")
        with app.app_context():
            from groupdecide.models import User

            user = db.session.execute(db.select(User)).scalars().first()
            user.is_operator = True
            db.session.commit()

    def fresh(self, method: str = "consensus") -> dict[str, Any]:
        """A decision in voting with a ballot of this browser, its admin cookie, a comment,
        an invite and a log-in."""
        self.client.post("/t/public/logout", data={"csrf_token": self.csrf()})
        resp = self.client.post(
            "/t/public/login",
            data={"email": self.member, "password": PASSWORD, "csrf_token": self.csrf()},
        )
        assert resp.status_code == 303, resp.get_data(as_text=True)[:500]
        settings: dict[str, Any] = {"comments": True}
        if method == "consensus":
            settings["vetoes"] = True
        labels = ("Hiking", "Boat trip", "Museum")
        made = self.api.create(method, labels=labels, settings=settings)
        did = made["decision"]["id"]
        options = [o["id"] for o in made["decision"]["options"]]
        answers = {
            o: ANSWERS[method] if i == 0 or method == "score" else 0 for i, o in enumerate(options)
        }
        ballot = self.api.cast(did, answers, name="Anna")
        self.client.get(urlsplit(made["links"]["admin"]).path)
        self.client.get(f"/t/public/d/{did}/ballot/{ballot['edit_token']}")
        self.api.call("POST", f"/decisions/{did}/comments", {"name": "Ben", "body": "Hi"})
        invites = self.api.call(
            "POST", f"/decisions/{did}/invites", {"count": 1}, token=made["admin_token"]
        ).get_json()
        extra = []
        if method == "consensus":  # the forms of other phases and of invite-only decisions
            for more in (
                {"access": "invite"},
                {"start_phase": "collecting", "allow_proposals": True},
                {"closed": True},
            ):
                closed = more.pop("closed", False)
                other = self.api.create(method, labels=labels, settings={**settings, **more})
                oid = other["decision"]["id"]
                if closed:
                    body = {"phase": "closed"}
                    self.api.call("PATCH", f"/decisions/{oid}", body, token=other["admin_token"])
                self.client.get(urlsplit(other["links"]["admin"]).path)
                extra.append(oid)
        return {
            "extra": extra,
            "tenant": "public",
            "decision_id": did,
            "option_id": str(options[0]),
            "token": made["admin_token"],
            "invite_id": str(invites["items"][0]["id"]) if invites.get("items") else "1",
            "comment_id": "1",
            "slug": "public",
        }

    def csrf(self) -> str:
        page = self.client.get("/t/public/login").get_data(as_text=True)
        match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
        if match is None:
            match = re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
        assert match, "no CSRF token on the log-in page"
        return match.group(1)

    def pages(self, ids: dict[str, Any], method: str) -> list[str]:
        did = ids["decision_id"]
        more = [f"/t/public/d/{d}{end}" for d in ids["extra"] for end in ("", "/admin")]
        return [
            *more,
            f"/t/public/new?method={method}",
            f"/t/public/d/{did}",
            f"/t/public/d/{did}?again=1",
            f"/t/public/d/{did}/ballot",
            f"/t/public/d/{did}/admin",
            "/t/public/admin/",
            "/t/public/admin/members",
            "/t/public/admin/settings",
            "/t/public/admin/keys",
            "/t/public/account/password",
            "/t/public/account/reset",
            "/operator/",
            "/operator/tenants/public",
            "/t/public/login",
            "/operator/login",
        ]


def _check(resp: Any, what: str) -> None:
    assert resp.status_code < 500, f"{resp.status_code} for {what}"


def _post(world: World, action: str, fields: list[tuple[str, str]], what: str) -> None:
    resp = world.client.post(
        action, data=_body(fields), content_type="application/x-www-form-urlencoded"
    )
    _check(resp, what)


def _mutations(fields: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """As many requests as the corpus has values; in each, field i gets value i + k: every
    field gets every value once (the CSRF token stays valid)."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    n = len(CORPUS)
    for k in range(n):
        mutated = [
            (name, value if name == "csrf_token" else CORPUS[(i + k) % n])
            for i, (name, value) in enumerate(fields)
        ]
        out.append((f"rotation {k}", mutated))
    return out


def _rule_of(app: Any, action: str) -> str | None:
    adapter = app.url_map.bind("gd.test")
    try:
        endpoint, _args = adapter.match(urlsplit(action).path, method="POST")
    except Exception:  # noqa: BLE001 - an action that is not a route of this app
        return None
    return str(endpoint)


def _fill(rule: Any, values: dict[str, Any]) -> str:
    return re.sub(r"<(?:[a-z]+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_no_form_field_or_query_parameter_answers_5xx(app: Any) -> None:
    world = World(app)
    posted: set[str] = set()
    for method in METHODS:
        ids = world.fresh(method)
        found: list[tuple[str, list[tuple[str, str]]]] = []
        done: set[tuple[str, tuple[str, ...]]] = set()
        for url in world.pages(ids, method):
            resp = world.client.get(url)
            _check(resp, url)
            found += [(a or url, f) for a, f in forms_of(resp.get_data(as_text=True))]
        for action, fields in found:
            endpoint = _rule_of(app, action)
            shape = (str(endpoint), tuple(sorted({n for n, _v in fields})))
            if endpoint is None or shape in done or (endpoint in posted and method != "consensus"):
                continue  # the same form once; beyond the ballot, the same for every method
            done.add(shape)
            for what, mutated in _mutations(fields):
                _post(world, action, mutated, f"{endpoint} {what}")
            if endpoint in ENDING:
                ids = world.fresh(method)
        posted |= {e for e, _f in done} - {
            "public.participate",
            "public.my_ballot",
            "organizer.new",
        }
    # Every POST route with hostile ids in its path; and the routes no page showed a form for.
    ids = world.fresh()
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()) or rule.endpoint in NOT_FORMS:
            continue
        id_args = [a for a in rule.arguments if a not in ("tenant", "decision_id", "slug")]
        for bad in HOSTILE_IDS if id_args else ([] if rule.endpoint in posted else [""]):
            values = {a: ids.get(a, "1") for a in rule.arguments} | {a: bad for a in id_args}
            if "<int:" in rule.rule and not bad.isdigit():
                continue  # the route does not match: a plain 404
            fields = [("csrf_token", world.csrf())] + [(n, CORPUS[1]) for n in ("role", "label")]
            _post(world, _fill(rule, values), fields, f"{rule.endpoint} {bad!r}")
        posted.add(rule.endpoint)
    post_rules = {r.endpoint for r in app.url_map.iter_rules() if "POST" in (r.methods or ())}
    assert post_rules - NOT_FORMS <= posted
    # A tenant or a decision id that no database keeps (PostgreSQL refuses a NUL in a query).
    for bad in ("a%00b", "%ED%A0%80", "9" * 300):
        for path in (f"/t/{bad}/login", f"/t/public/d/{bad}", f"/t/public/api/v1/decisions/{bad}"):
            _check(world.client.get(path), f"GET {path[:80]}")
            _post(world, path, [("csrf_token", world.csrf())], f"POST {path[:80]}")
    # Every query parameter the pages read, on every GET page, in rotation like the forms.
    ids = world.fresh()
    params = query_params()
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in NOT_FORMS:
            continue
        values = {"what": "ballots", "kind": "csv"} | {a: ids.get(a, "1") for a in rule.arguments}
        path = _fill(rule, values)
        for _what, mutated in _mutations([(p, "") for p in params])[:3]:
            query = "&".join(f"{_encode(p)}={_encode(v)}" for p, v in mutated)
            _check(world.client.get(f"{path}?{query}"), f"GET {path}?{query[:200]}")
