"""gunicorn settings for groupdecide: an access log that never shows a capability token.

Use: ``gunicorn 'groupdecide:create_app()'`` from the project root (gunicorn reads
``./gunicorn.conf.py``, which takes everything from here), or from anywhere
``gunicorn -c python:groupdecide.gunicorn_conf 'groupdecide:create_app()'``.
"""

from __future__ import annotations

import os
import re
from typing import Any

from gunicorn.glogging import Logger

# Admin links, edit links and invite parameters carry tokens; keep the shape, drop the secret.
TOKEN_PATTERNS = [
    (re.compile(r"(/admin/)[A-Za-z0-9_\-]{16,}"), r"\1[redacted]"),
    (re.compile(r"(/ballot/)[A-Za-z0-9_\-]{16,}"), r"\1[redacted]"),
    (re.compile(r"((?:invite|token)=)[^&\s\"]+"), r"\1[redacted]"),
]


def redact(text: str) -> str:
    """The text with every capability token replaced."""
    for pattern, repl in TOKEN_PATTERNS:
        text = pattern.sub(repl, text)
    return text


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger with tokens removed from the path, query, request line and Referer."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f", "{raw_uri}e", "{referer}i", "{Referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = RedactingLogger
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s "%(f)s" %(L)ss'


def on_starting(server: Any) -> None:
    """Tell the app how many workers share the load (it warns when their rate limits are
    kept in memory, each worker counting alone)."""
    os.environ["GROUPDECIDE_WORKERS"] = str(server.cfg.workers)
