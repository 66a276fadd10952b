"""The participation settings on the create form (read beside ``web.forms``) and what the
admin page shows about invites, duplicates, comments and notifications."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from ...models import Decision
from ...services import ballots, decisions
from ...timeparse import TimeError, parse_local
from ..comments import comment_page
from ..forms import CreateForm
from ..methods import web_method
from ..times import form_zone, zone_message


def blank_extras() -> dict[str, Any]:
    from ...tenancy import current_tenant

    return {
        "access": current_tenant().default_access or "link",
        "vetoes": False,
        "voting_starts_at": "",
        "comments": True,
        "notify_email": "",
        "notify_digest": False,
    }


def read_extras(data: MultiDict[str, str]) -> dict[str, Any]:
    """The extension fields of the create form. ``comments_shown`` tells an unticked box from
    a form that did not show it."""
    return {
        "access": data.get("access", "link"),
        "vetoes": data.get("vetoes") == "1",
        "voting_starts_at": data.get("voting_starts_at", "").strip(),
        "comments": data.get("comments") == "1" if "comments_shown" in data else True,
        "notify_email": data.get("notify_email", "").strip(),
        "notify_digest": data.get("notify_digest") == "1",
    }


def add_extras(body: dict[str, Any], form: CreateForm, extras: dict[str, Any]) -> None:
    """Put the extension settings into the create body (the service checks them)."""
    settings = body["settings"]
    settings["comments"] = extras["comments"]
    settings["access"] = extras["access"]
    method = web_method(form.method)
    if method.has_vetoes:
        settings["vetoes"] = extras["vetoes"]
    if method.has_voting_start and extras["voting_starts_at"]:
        tz, name = form_zone(form.values, form.errors)
        try:
            starts = parse_local(extras["voting_starts_at"], tz)
        except TimeError as exc:
            form.errors["voting_starts_at"] = zone_message(exc, name or "")
        else:
            if starts is not None:
                settings["voting_starts_at"] = starts.strftime("%Y-%m-%dT%H:%M:%SZ")
    if extras["notify_email"] or extras["notify_digest"]:
        body["notify"] = {
            "email": extras["notify_email"] or None,
            "digest": extras["notify_digest"],
        }


def admin_extras(decision: Decision, values: dict[str, Any]) -> dict[str, Any]:
    """Invites (with their use, never their ballot), possible duplicate names, the discussion
    and the notification settings."""
    settings = decisions.effective_settings(decision)
    invites = ballots.list_invites(decision) if settings.get("access") == "invite" else []
    return {
        "invites": invites,
        "invites_used": sum(1 for i in invites if i.used_at is not None),
        "invite_use_shown": ballots.invite_use_shown(decision),
        "duplicates": {} if settings.get("anonymous") else ballots.possible_duplicates(decision),
        **comment_page(decision),
        "notify_values": {
            "notify_email": values.get("notify_email", decision.notify_email or ""),
            "notify_digest": decision.notify_digest,
        },
        "outcome_value": values.get("outcome", decision.outcome or ""),
        "invite_values": {"count": values.get("count", "10"), "emails": values.get("emails", "")},
        "made_invites": values.get("made_invites"),
    }
