"""gunicorn under test, and a tiny JSON client (stdlib only)."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import gunicorn

ROOT = Path(__file__).resolve().parents[2]

# Everything a client can meet when the server is killed, restarted or overloaded mid-request:
# refused or reset connections and time-outs (OSError), a status line or body cut short
# (http.client.HTTPException: RemoteDisconnected, IncompleteRead, BadStatusLine), and a body
# that arrived but does not parse (ValueError).
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (OSError, http.client.HTTPException, ValueError)


class NoAnswer(Exception):
    """The server gave no complete answer: the request may or may not have been stored, and
    nothing was acknowledged. Only a complete response with a parsed body is an answer."""


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """gunicorn serving the app; ``start``/``kill`` can be repeated (crash tests)."""

    def __init__(self, env: dict[str, str], workers: int = 4) -> None:
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = Path(env.get("GROUPDECIDE_INSTANCE_PATH", "/tmp")) / "gunicorn.log"
        self._log: Any = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, boot_timeout: float = 120) -> None:
        """Start gunicorn and wait until it answers HTTP (a bound, not a pause: on a busy
        2-core machine four workers can take tens of seconds to boot)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in kill/stop
        offset = self._log.tell()
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:groupdecide.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--access-logfile",
            "/dev/null",
        ]
        if gunicorn.version_info >= (27,):
            # one control socket per user by default: servers running side by side would share it
            args.append("--no-control-socket")
        self.proc = subprocess.Popen(
            [*args, "groupdecide:create_app()"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            start_new_session=True,
        )
        deadline = time.monotonic() + boot_timeout
        while time.monotonic() < deadline:
            try:
                status, _ = call(self.base, "GET", "/api/v1/openapi.json", timeout=5)
            except NoAnswer:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
                continue
            if status == 200:
                return
            break
        self.kill()
        with self.log_path.open("rb") as log:
            log.seek(offset)
            err = log.read().decode(errors="replace")[-3000:]
        raise RuntimeError(f"gunicorn did not come up: {err}")

    def kill(self) -> None:
        """SIGKILL to the master and every worker (the whole process group)."""
        if self.proc is not None:
            self._signal_group(signal.SIGKILL)
            self.proc.wait(timeout=10)
            self.proc = None
        self._close_log()

    def _signal_group(self, sig: signal.Signals) -> None:
        assert self.proc is not None
        # the whole group may be gone already (gunicorn exited on its own)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def stop(self) -> None:
        if self.proc is not None:
            self._signal_group(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.proc.wait(timeout=10)
            self.proc = None
        self._close_log()


def call(
    base: str,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    timeout: float = 30,
) -> tuple[int, Any]:
    """One request: ``(status, parsed body)`` for a complete answer, else ``NoAnswer``."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                return resp.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            with exc:
                raw = exc.read()
            return exc.code, json.loads(raw) if raw else None
    except TRANSPORT_ERRORS as exc:
        raise NoAnswer(f"{method} {path}: {type(exc).__name__}: {exc}") from exc


def make_decision(base: str, **settings: Any) -> dict[str, Any]:
    status, body = call(
        base,
        "POST",
        "/t/public/api/v1/decisions",
        {
            "title": "Load",
            "method": "consensus",
            "settings": settings,
            "options": [{"label": f"P{i}"} for i in range(5)],
        },
    )
    assert status == 201, body
    return body
