"""Capability links exchanged for cookies: ``session["admin"]`` and ``session["ballots"]`` map a
decision id to its admin token or to one's own ballot's edit token.

The session cookie is signed (not readable by others, not forgeable) and its JSON keys are
stored sorted, so the order of entries is lost; when a map is full an older entry other than
the one just added is dropped. The limits keep the cookie well under the 4 KB browsers take.
"""

from __future__ import annotations

from flask import session

from groupdecide.models import Ballot, Decision
from groupdecide.services import auth, ballots

ADMIN_MAX = 30
BALLOTS_MAX = 20


def _remember(key: str, decision_id: str, token: str, keep: int) -> None:
    stored = dict(session.get(key) or {})
    stored.pop(decision_id, None)
    while len(stored) >= keep:
        stored.pop(next(iter(stored)))
    stored[decision_id] = token
    session[key] = stored


def _forget(key: str, decision_id: str) -> None:
    stored = dict(session.get(key) or {})
    if stored.pop(decision_id, None) is not None:
        session[key] = stored


def remember_admin(decision_id: str, token: str) -> None:
    _remember("admin", decision_id, token, ADMIN_MAX)


def forget_admin(decision_id: str) -> None:
    _forget("admin", decision_id)


def admin_token(decision: Decision) -> str | None:
    """The admin token this browser holds for the decision, if it is still valid."""
    token = (session.get("admin") or {}).get(decision.id)
    if isinstance(token, str) and auth.is_admin(decision, token):
        return token
    return None


def is_admin(decision: Decision) -> bool:
    """The browser holds the decision's admin link, or a member of its tenant is logged in."""
    if admin_token(decision) is not None:
        return True
    from groupdecide.services.memberships import is_member_of

    from .actor import current_user_id

    return is_member_of(current_user_id(), decision.tenant_id)


def remember_ballot(decision_id: str, token: str) -> None:
    _remember("ballots", decision_id, token, BALLOTS_MAX)


def forget_ballot(decision_id: str) -> None:
    _forget("ballots", decision_id)


def ballot_token(decision: Decision) -> str | None:
    token = (session.get("ballots") or {}).get(decision.id)
    return token if isinstance(token, str) else None


def own_ballot(decision: Decision) -> Ballot | None:
    """The ballot this browser cast in the decision, if it still exists."""
    return ballots.ballot_by_token(decision, ballot_token(decision))


# Invite links are exchanged for a cookie too (``session["invites"]``), so the token leaves the
# address bar (and the history, and any Referer) at once; casting uses and forgets it.
INVITES_MAX = 20


def remember_invite(decision_id: str, token: str) -> None:
    _remember("invites", decision_id, token, INVITES_MAX)


def forget_invite(decision_id: str) -> None:
    _forget("invites", decision_id)


def invite_token(decision: Decision) -> str | None:
    token = (session.get("invites") or {}).get(decision.id)
    return token if isinstance(token, str) else None
