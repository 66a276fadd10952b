"""The package as an operator installs it: a wheel built from a plain checkout (no compiled
catalogue in it) serves German, and its metadata builds without deprecation warnings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import sys, pathlib
import groupdecide
from flask_babel import force_locale, gettext
here = pathlib.Path(groupdecide.__file__).resolve()
assert str(here).startswith(sys.argv[1]), here
app = groupdecide.create_app({
    "INSTANCE_PATH": sys.argv[2], "SECRET_KEY": "x", "TESTING": True,
    "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[2] + "/db.sqlite3",
})
with app.test_request_context("/"), force_locale("de"):
    print(gettext("Closed: %(title)s", title="X"))
# a page, rendered from the templates the wheel carries, in German
from flask_migrate import upgrade
from groupdecide.cli import ensure_default_tenant
with app.app_context():
    upgrade()
    ensure_default_tenant(app)
assert app.template_folder.startswith(sys.argv[1]), app.template_folder
page = app.test_client().get("/?lang=de", headers={"Host": "localhost"})
assert page.status_code == 200, page.status_code
print("Gemeinsam entscheiden, per Link" in page.get_data(as_text=True))
"""


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_an_installed_wheel_serves_german(tmp_path):
    source = tmp_path / "checkout"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "*.mo",
            "instance",
            "build",
            "dist",
            "*.egg-info",
            "__pycache__",
            "tests",
            "docs",
            "bench",
            ".ruff_cache",
            ".mypy_cache",
            ".pytest_cache",
        ),
    )
    assert not list(source.rglob("*.mo"))  # as from a fresh clone
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    log = built.stdout + built.stderr
    assert "project.license` as a TOML table is deprecated" not in log
    assert "License classifiers are deprecated" not in log
    (wheel,) = dist.glob("groupdecide-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "groupdecide/translations/de/LC_MESSAGES/messages.mo" in names
        assert "groupdecide/templates/base.html" in names
        assert "groupdecide/static/css/app.css" in names
        assert (
            "License-Expression: AGPL-3.0-or-later"
            in zf.read("groupdecide-0.1.0.dist-info/METADATA").decode()
        )
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), wheel],
        check=True,
        timeout=300,
    )
    instance = tmp_path / "instance"
    instance.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROUPDECIDE_")}
    env["PYTHONPATH"] = str(site)  # ahead of the editable install of the source tree
    ran = subprocess.run(
        [sys.executable, "-c", CHECK, str(site), str(instance)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.split() == ["Abgeschlossen:", "X", "True"], ran.stdout


@pytest.mark.sqlite_only
def test_a_plain_checkout_serves_german_without_compiling_first(tmp_path):
    """Started from a checkout that has only the .po files (as git gives them), the app
    compiles the catalogue at start instead of speaking English."""
    checkout = tmp_path / "checkout"
    shutil.copytree(
        ROOT / "groupdecide",
        checkout / "groupdecide",
        ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
    )
    for name in ("templates", "static"):
        shutil.copytree(ROOT / name, checkout / name)
    assert not list(checkout.rglob("*.mo"))
    instance = tmp_path / "instance"
    instance.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROUPDECIDE_")}
    env["PYTHONPATH"] = str(checkout)
    ran = subprocess.run(
        [sys.executable, "-c", CHECK, str(checkout), str(instance)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.split() == ["Abgeschlossen:", "X", "True"], ran.stdout
    assert (checkout / "groupdecide/translations/de/LC_MESSAGES/messages.mo").exists()
