"""The web side of every method is one object in ``groupdecide/web/methods/`` with its templates
in ``templates/methods/<key>/``, and nothing else on the web side compares method keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from groupdecide.web.methods import WEB_METHODS, web_method
from groupdecide.web.methods.base import WebMethod

ROOT = Path(__file__).resolve().parents[2]


def test_every_method_has_its_templates():
    for key, method in WEB_METHODS.items():
        assert method.key == key
        parts = method.templates
        for name in (parts.create, parts.ballot, parts.how, parts.results, parts.help):
            assert (ROOT / "templates" / name).is_file(), name


def test_an_unknown_key_gets_the_polls_words(app):
    with app.test_request_context("/"):
        method = web_method("nonesuch")
        assert type(method) is WebMethod
        assert method.noun == "Option"
        assert not method.collects_proposals
        assert web_method("consensus").noun == "Proposal"
        assert web_method("schedule").noun_plural == "Time slots"


@pytest.mark.parametrize("folder", ["groupdecide", "templates"])
def test_no_method_key_is_compared_outside_the_method_modules(folder):
    keys = "|".join(re.escape(k) for k in WEB_METHODS)
    literal = re.compile(rf"""["']({keys})["']""")
    found = []
    for path in sorted((ROOT / folder).rglob("*")):
        rel = path.relative_to(ROOT).as_posix()
        if path.suffix not in (".py", ".html") or rel.startswith(
            (
                "groupdecide/web/methods/",
                "groupdecide/voting/methods/",
                "groupdecide/migrations/",  # what was stored then, not a rule
                "templates/methods/",
            )
        ):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if literal.search(line):
                found.append(f"{rel}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
