"""What the admin page shows about invites, duplicates, comments and notifications."""

from __future__ import annotations

from typing import Any

from groupdecide.models import Decision
from groupdecide.services import anonymity, ballots
from groupdecide.services import invites as invite_service
from groupdecide.web.comments import comment_page


def admin_context(decision: Decision, values: dict[str, Any]) -> dict[str, Any]:
    """Invites (with their use, never their ballot), possible duplicate names, the discussion
    and the notification settings."""
    rules = decision.rules
    invites = invite_service.list_invites(decision) if rules.access == "invite" else []
    return {
        "invites": invites,
        "invites_used": sum(1 for i in invites if i.used_at is not None),
        "invite_use_shown": anonymity.invite_use_shown(decision),
        "duplicates": {} if rules.anonymous else ballots.possible_duplicates(decision),
        **comment_page(decision),
        "notify_values": {
            "notify_email": values.get("notify_email", decision.notify_email or ""),
            "notify_digest": decision.notify_digest,
        },
        "outcome_value": values.get("outcome", decision.outcome or ""),
        "invite_values": {"count": values.get("count", "10"), "emails": values.get("emails", "")},
        "made_invites": values.get("made_invites"),
    }
