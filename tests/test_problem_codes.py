"""Field errors are codes (``problems.FieldError``): every code has an English message (the API's)
and a page sentence in each language (``web/problem_text.py``), and nothing raises a code that is
not known."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from groupdecide import problems
from groupdecide.problems import MESSAGES, FieldError
from groupdecide.web import problem_text

PACKAGE = Path(problems.__file__).parent
PO_FILE = PACKAGE / "translations" / "de" / "LC_MESSAGES" / "messages.po"

# Plausible parameters for every code (a code takes the ones it names; the rest are ignored).
PARAMS: dict[str, Any] = {
    "min": 2,
    "max": 10,
    "n": 3,
    "given": 11,
    "people": 10,
    "answers": 3,
    "option": 1,
    "other": "min_choices",
    "method": "score",
    "owner": "consensus",
    "choices": ("public", "admin"),
    "allowed": ("label", "description"),
    "text": "x@",
    "zone": "Europe/Berlin",
}

# Page sentences that are the same word in German and in English (none so far).
SAME_IN_GERMAN: set[str] = set()

METHODS = (None, "consensus", "single", "schedule", "judgment")


def _error(code: str) -> FieldError:
    return FieldError(code, **PARAMS)


def test_every_code_has_a_page_sentence_and_no_sentence_is_left_over() -> None:
    assert sorted(set(MESSAGES) - set(problem_text.RENDER)) == []
    assert sorted(set(problem_text.RENDER) - set(MESSAGES)) == []


def test_every_code_has_an_english_message() -> None:
    for code in MESSAGES:
        error = _error(code)
        assert str(error).strip(), code
        assert error.code == code


def test_a_code_not_known_fails_where_it_is_raised() -> None:
    with pytest.raises(KeyError):
        FieldError("no_such_code")


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_renders_in_english_and_german(app: Any, code: str) -> None:
    error = _error(code)
    for method in METHODS:
        with app.test_request_context("/?lang=en"):
            english = problem_text.field_message(error, method)
        with app.test_request_context("/?lang=de"):
            german = problem_text.field_message(error, method)
        assert english.strip(), (code, method)
        assert german.strip(), (code, method)
        assert "%(" not in english, (code, english)
        assert "%(" not in german, (code, german)
        if code not in SAME_IN_GERMAN:
            assert german != english, (code, method, english)


def test_a_plain_text_is_shown_as_it_is(app: Any) -> None:
    with app.test_request_context("/?lang=de"):
        assert problem_text.field_message("Not a valid integer.") == "Not a valid integer."


def test_a_code_without_a_page_sentence_is_an_error_in_tests(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(problem_text.RENDER, "required")
    with app.test_request_context("/?lang=de"), pytest.raises(KeyError):
        problem_text.field_message(FieldError("required"))


def test_every_msgid_of_problem_text_has_a_german_translation() -> None:
    with PO_FILE.open("rb") as f:
        catalog = read_po(f)
    missing = []
    found = 0
    for _line, msgid, _comments, _context in extract_from_file(
        "python",
        str(Path(problem_text.__file__)),
        keywords={"_": None, "ngettext": (1, 2)},
    ):
        found += 1
        key = msgid if isinstance(msgid, str) else msgid[0]
        entry = catalog.get(key)
        strings = () if entry is None else entry.string
        if isinstance(strings, str):
            strings = (strings,)
        if entry is None or entry.fuzzy or not strings or not all(strings):
            missing.append(msgid)
    assert found > 50
    assert missing == []


def _raised_codes() -> list[tuple[str, int, str]]:
    """Every ``FieldError("code", ...)`` and ``TimeError("code", ...)`` with a literal code."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if name in {"FieldError", "TimeError"} and isinstance(first, ast.Constant):
                assert isinstance(first.value, str), (path, node.lineno)
                found.append((str(path.relative_to(PACKAGE)), node.lineno, first.value))
    return found


def test_no_code_is_raised_that_has_no_message() -> None:
    raised = _raised_codes()
    assert len(raised) > 100  # the scan finds them
    assert [r for r in raised if r[2] not in MESSAGES] == []
