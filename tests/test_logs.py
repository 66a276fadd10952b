"""Tokens never reach gunicorn's access log."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from groupdecide.gunicorn_conf import redact

ROOT = Path(__file__).resolve().parent.parent


def test_redact_removes_tokens_keeps_shape():
    tok = "Lj3j9t5A_PtwkznHUfZ5P4bO53mm9bwS"
    line = f'GET /t/public/d/abc/admin/{tok} "http://x/t/p/d/abc/ballot/{tok}?invite={tok}"'
    out = redact(line)
    assert tok not in out
    assert "/admin/[redacted]" in out
    assert "/ballot/[redacted]" in out
    assert "invite=[redacted]" in out


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "how",
    [
        # as the README's deployment section and `make run` start it: plainly, from the project
        # root (gunicorn reads ./gunicorn.conf.py); the access log goes to standard output
        "plain",
        # with the settings module named
        "module",
    ],
)
def test_gunicorn_access_log_has_no_tokens(tmp_path, how):
    env = dict(os.environ, GROUPDECIDE_INSTANCE_PATH=str(tmp_path))
    env.pop("GROUPDECIDE_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "groupdecide", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    port = _free_port()
    log = tmp_path / "access.log"
    args = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    if how == "module":
        args += ["-c", "python:groupdecide.gunicorn_conf", "--access-logfile", str(log)]
    out = log.open("w") if how == "plain" else subprocess.DEVNULL
    proc = subprocess.Popen(
        [*args, "groupdecide:create_app()"],
        env=env,
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.DEVNULL,
    )
    tok = "Zx9Zx9Zx9Zx9Zx9Zx9Zx9Zx9Zx9Zx9Zx"
    paths = (
        f"/t/public/d/abcdefghijkl/admin/{tok}",
        f"/t/public/d/x/ballot/{tok}",
        f"/t/public/d/x?invite={tok}",
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # wait until the server answers
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        for path in paths:
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Referer": f"http://e/admin/{tok}"}
            )
            with contextlib.suppress(OSError), urllib.request.urlopen(req, timeout=5):
                pass
        # gunicorn writes the access line after the answer: wait for the three lines.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if log.exists() and log.read_text().count("/t/public/d/") >= 3:
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        if how == "plain":
            out.close()
    text = log.read_text()
    assert text.count("/t/public/d/") >= 3, text
    assert "[redacted]" in text
    assert tok not in text
