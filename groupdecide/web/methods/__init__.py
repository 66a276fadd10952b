"""The registry of the methods' web sides: the stored method key to its ``WebMethod``.

Adding a method on the web is adding ``web/methods/<key>.py`` (a ``WebMethod`` subclass and its
``METHOD``), its line below and its templates folder ``templates/methods/<key>/`` (``create``,
``ballot`` and ``how``; a results part where the results page shows more).
"""

from __future__ import annotations

from . import consensus, dots, judgment, multiple, ranked, schedule, score, single, yesno
from .base import CreateForm, Templates, WebMethod

__all__ = ["DEFAULT_METHOD", "WEB_METHODS", "CreateForm", "Templates", "WebMethod", "web_method"]

WEB_METHODS: dict[str, WebMethod] = {
    m.METHOD.key: m.METHOD
    for m in (consensus, single, multiple, yesno, schedule, ranked, score, judgment, dots)
}

DEFAULT_METHOD = "consensus"

_UNKNOWN = WebMethod()  # the polls' words, for a key not known (never a stored one)


def web_method(key: str | None) -> WebMethod:
    """The web side of the method ``key`` (the polls' defaults for one not known)."""
    return WEB_METHODS.get(key or "", _UNKNOWN)
