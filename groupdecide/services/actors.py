"""Who asks a service to act, passed in by the caller (a page, the API, the command line).

The services read no request: the web and API layers build an ``Actor`` from what the request
carries (``groupdecide/web/actor.py``) and pass it down; a service checks the policy with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from groupdecide.models import User


@dataclass(frozen=True)
class Actor:
    """The acting person and what they showed.

    ``user``: the logged-in person (None: nobody is logged in); ``via_api``: the call came
    through the JSON API, whose credential is ``api_key`` (the bearer token shown, if any);
    ``client``: the address the call came from, for the per-client mail limit (None: no
    per-client limit, e.g. the command line)."""

    user: User | None = None
    via_api: bool = False
    api_key: str | None = None
    client: str | None = None

    @property
    def user_id(self) -> int | None:
        return int(self.user.id) if self.user is not None else None


NOBODY = Actor()
