"""Changing a decision after creation: its texts, the settings that may still change, the
closing time and the phase (``update_decision``, the API's PATCH and the admin page)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from groupdecide import voting
from groupdecide.errors import Conflict, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Decision
from groupdecide.problems import FieldError

from .decision_settings import INDIVIDUAL, PHASES, RESULTS, validate_notify
from .fields import as_field_errors, clean_text, limit
from .phases import set_phase
from .times import now, parse_time


def _check_individual(
    decision: Decision, value: Any, changes: dict[str, Any], errors: dict[str, FieldError]
) -> None:
    """``individual_answers`` may always become more private; more open only before anyone
    answered, since every ballot was given under what the ballot page promised then."""
    if value not in INDIVIDUAL:
        errors["settings.individual_answers"] = FieldError("not_one_of", choices=INDIVIDUAL)
        return
    from .decisions import ballot_count

    current = decision.rules.individual_answers
    if INDIVIDUAL.index(value) < INDIVIDUAL.index(current) and ballot_count(decision):
        errors["settings.individual_answers"] = FieldError("only_more_private")
        return
    changes["individual_answers"] = value


def update_decision(decision: Decision, data: dict[str, Any]) -> Decision:
    """Change title, description, conditions, closes_at, phase and ``settings.results``."""
    errors: dict[str, FieldError] = {}
    allowed = {
        "title",
        "description",
        "conditions",
        "closes_at",
        "phase",
        "settings",
        "outcome",
        "voting_starts_at",
        "notify",
    }
    for key in sorted(set(data) - allowed):
        errors[key] = FieldError("not_changeable", allowed=tuple(sorted(allowed)))
    changes: dict[str, Any] = {}
    if "title" in data:
        changes["title"] = clean_text(
            data["title"], "title", max_len=limit("TITLE_MAX"), min_len=1, errors=errors
        )
    if "description" in data:
        changes["description"] = clean_text(
            data["description"], "description", max_len=limit("DESCRIPTION_MAX"), errors=errors
        )
    if "conditions" in data:
        changes["conditions"] = clean_text(
            data["conditions"], "conditions", max_len=limit("CONDITIONS_MAX"), errors=errors
        )
    if "closes_at" in data:
        try:
            changes["closes_at"] = parse_time(data["closes_at"], "closes_at")
        except ValidationFailed as exc:
            errors.update(as_field_errors(exc.fields))
    settings = data.get("settings")
    if settings is not None:
        if not isinstance(settings, dict):
            errors["settings"] = FieldError("not_an_object")
        else:
            for key in sorted(
                set(settings) - {"results", "comments", "individual_answers", "receipts"}
            ):
                errors[f"settings.{key}"] = FieldError("fixed_after_creation")
            if "individual_answers" in settings:
                _check_individual(decision, settings["individual_answers"], changes, errors)
            if "results" in settings:
                if settings["results"] not in RESULTS:
                    errors["settings.results"] = FieldError("not_one_of", choices=RESULTS)
                else:
                    changes["results"] = settings["results"]
            if "comments" in settings:
                if not isinstance(settings["comments"], bool):
                    errors["settings.comments"] = FieldError("not_a_boolean")
                else:
                    changes["comments"] = settings["comments"]
            if "receipts" in settings:  # receipts
                from .receipts import check_receipts_change

                check_receipts_change(decision, settings["receipts"], changes, errors)
    if "outcome" in data:
        changes["outcome"] = clean_text(
            data["outcome"], "outcome", max_len=limit("DESCRIPTION_MAX"), errors=errors
        )
    if "voting_starts_at" in data:
        if not voting.get_method(decision.method).has_voting_start:
            errors["voting_starts_at"] = FieldError("consensus_only_setting")
        else:
            try:
                changes["voting_starts_at"] = parse_time(
                    data["voting_starts_at"], "voting_starts_at"
                )
            except ValidationFailed as exc:
                errors.update(as_field_errors(exc.fields))
            vsa = changes.get("voting_starts_at")
            if vsa is not None and vsa <= now():
                errors["voting_starts_at"] = FieldError("not_in_future")
    if "notify" in data:
        changes["notify"] = validate_notify(data["notify"], errors)
    phase = data.get("phase")
    if "phase" in data and phase not in PHASES:
        errors["phase"] = FieldError("not_one_of", choices=PHASES)
    if errors:
        raise ValidationFailed(_("Some fields need another look."), errors)
    for key in ("title", "description", "conditions"):
        if key in changes:
            setattr(decision, key, changes[key])
    for key in ("results", "comments", "individual_answers", "receipts"):
        if key in changes:
            decision.settings = {**(decision.settings or {}), key: changes[key]}
    if "voting_starts_at" in changes:
        if changes["voting_starts_at"] is not None and decision.current_phase != "collecting":
            raise Conflict(_("Voting has started already; a start time no longer applies."))
        decision.voting_starts_at = changes["voting_starts_at"]
    if "notify" in changes:
        if "email" in changes["notify"]:
            decision.notify_email = changes["notify"]["email"]
        if "digest" in changes["notify"]:
            decision.notify_digest = changes["notify"]["digest"]
    before = decision.current_phase
    if phase is not None:
        set_phase(decision, phase, new_closes_at="closes_at" in changes)
    if "closes_at" in changes:
        decision.closes_at = changes["closes_at"]
    if "outcome" in changes:
        if decision.current_phase != "closed":
            raise Conflict(_("The outcome can be written once the decision is closed."))
        if changes["outcome"] != (decision.outcome or ""):
            from . import decision_log

            decision_log.record(decision, "outcome_set", empty=not changes["outcome"])
        decision.outcome = changes["outcome"]
        decision.outcome_at = now() if changes["outcome"] else None
    db.session.flush()
    if before != "closed" and decision.current_phase == "closed":
        from .notify import announce_closed

        announce_closed(decision)
    return decision
