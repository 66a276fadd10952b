"""voting/ stays pure: no web framework, database, network or process imports, and no
groupdecide module outside voting/ except problems (the field error codes)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import groupdecide.voting

PACKAGE = Path(groupdecide.voting.__file__).resolve().parent
BANNED_ROOTS = {
    "flask",
    "sqlalchemy",
    "werkzeug",
    "jinja2",
    "markupsafe",
    "requests",
    "socket",
    "subprocess",
}
ALLOWED_OWN = ("groupdecide.voting", "groupdecide.problems")
MODULES = sorted(PACKAGE.rglob("*.py"))
PROBE = PACKAGE / "methods" / "probe.py"  # a source checked as if it were there


def _module_name(path: Path) -> str:
    parts = ["groupdecide", "voting", *path.relative_to(PACKAGE).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path, source: str | None = None) -> list[str]:
    """Every module ``path`` (or ``source`` read as if it were at ``path``) imports, relative
    imports resolved to absolute names."""
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.append(module)
            # "from groupdecide import web" imports groupdecide.web
            names.extend(f"{module}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


def _own_allowed(name: str) -> bool:
    # "groupdecide" itself: "from groupdecide import x" also yields "groupdecide.x", checked
    return name == "groupdecide" or any(name == a or name.startswith(a + ".") for a in ALLOWED_OWN)


def problems_in(path: Path, source: str | None = None) -> list[str]:
    """The imports of ``path`` that voting/ must not make."""
    bad = []
    for name in imported(path, source):
        root = name.split(".")[0]
        banned = root in BANNED_ROOTS or root.startswith("flask_")
        if banned or (root == "groupdecide" and not _own_allowed(name)):
            bad.append(name)
    return bad


def test_modules_found() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in MODULES}
    assert {"__init__.py", "base.py", "methods/__init__.py", "methods/ranked.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_impure_imports(path: Path) -> None:
    assert problems_in(path) == []


@pytest.mark.parametrize(
    "source",
    [
        "import flask",
        "from flask import request",
        "import flask_babel",
        "from flask_sqlalchemy import SQLAlchemy",
        "import sqlalchemy as sa",
        "from werkzeug.exceptions import NotFound",
        "import jinja2",
        "from markupsafe import Markup",
        "import requests",
        "import socket",
        "import subprocess",
        "from groupdecide import database",
        "from groupdecide.services import results",
        "from ... import models",
        "from ...web import forms",
        "from groupdecide import models",
        "import groupdecide.votingx",
        "if True:\n    import flask",
        "def f():\n    from sqlalchemy import select",
    ],
)
def test_the_check_catches(source: str) -> None:
    assert problems_in(PROBE, source + "\n"), source


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np",
        "from fractions import Fraction",
        "from ..base import OptionInfo",
        "from ...problems import FieldError",
        "from groupdecide.voting.methods import get_method",
        "from groupdecide.problems import FieldError",
        "from . import choice",
        "from groupdecide import problems",
    ],
)
def test_the_check_allows(source: str) -> None:
    assert problems_in(PROBE, source + "\n") == []
