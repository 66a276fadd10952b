"""An account-wide slow-down of failed log-ins (issue 9: slow down rather than lock).

The route limits count per address and client and per client, so many clients would each get
their own guesses against one account. Here every failed answer for an address counts, from
any client and for members and the operator alike (one account, one password). Past
``LOGIN_SLOWDOWN_AFTER`` failures, each further failed answer is held back
``LOGIN_SLOWDOWN_SECONDS``. Nothing is ever refused on this count, and a right password is
never held back, so nobody can lock the owner out with it.
"""

from __future__ import annotations

import logging
import time

from flask import current_app
from limits import parse

from groupdecide.extensions import limiter

# Looked up at each call, so tests replace it instead of waiting.
sleep = time.sleep


def after_failure(address: str) -> None:
    """Count a failed log-in for this address and, past the threshold, hold the answer back."""
    config = current_app.config
    if not address or not config.get("RATELIMIT_ENABLED"):
        return  # the limiter (and so its storage) is off, as in development and tests
    try:
        within = limiter.limiter.hit(
            parse(str(config["LOGIN_SLOWDOWN_AFTER"])),
            str(config.get("RATELIMIT_KEY_PREFIX") or ""),
            "login-failures",
            address,
        )
    except Exception:  # storage down: the route limits answer for it; a log-in never breaks
        logging.getLogger("groupdecide").warning("log-in slow-down: limit storage unreachable")
        return
    if not within:
        sleep(float(config["LOGIN_SLOWDOWN_SECONDS"]))
