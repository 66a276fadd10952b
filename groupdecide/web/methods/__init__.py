"""The registry of the methods' web sides: the stored method key to its ``WebMethod``.

Adding a method on the web is adding ``web/methods/<key>.py`` (a ``WebMethod`` subclass and its
``METHOD``) and its templates folder ``templates/methods/<key>/`` (``create``, ``ballot`` and
``how``; a results part where the results page shows more). The registry finds the module: every
module of this package with a ``METHOD`` is registered, in the order of the voting registry.
"""

from __future__ import annotations

import importlib
import pkgutil

from groupdecide.voting.methods import KEYS

from .base import CreateForm, Templates, WebMethod

__all__ = ["DEFAULT_METHOD", "WEB_METHODS", "CreateForm", "Templates", "WebMethod", "web_method"]


def _discover() -> dict[str, WebMethod]:
    """The ``METHOD`` of every module of this package, by key, in the voting registry's order;
    a web side without a voting method (or the other way round) fails at start."""
    found: dict[str, WebMethod] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base" or info.name.startswith("_"):
            continue
        method = getattr(importlib.import_module(f"{__name__}.{info.name}"), "METHOD", None)
        if isinstance(method, WebMethod):
            found[method.key] = method
    if set(found) != set(KEYS):
        raise RuntimeError(f"web methods {sorted(found)} do not match voting methods {KEYS}")
    return {key: found[key] for key in KEYS}


WEB_METHODS: dict[str, WebMethod] = _discover()

DEFAULT_METHOD = "consensus"

_UNKNOWN = WebMethod()  # the polls' words, for a key not known (never a stored one)


def web_method(key: str | None) -> WebMethod:
    """The web side of the method ``key`` (the polls' defaults for one not known)."""
    return WEB_METHODS.get(key or "", _UNKNOWN)
