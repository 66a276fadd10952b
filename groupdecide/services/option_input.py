"""Options as a client gives them: the list in a create body and one added later (the
organizer's option or a participant's proposal), checked and stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from groupdecide import voting
from groupdecide.errors import Conflict, Forbidden, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Decision, Option
from groupdecide.problems import FieldError

from .fields import as_field_errors, clean_text, limit
from .options import OptionExtras
from .times import now, parse_time


class NewOption(OptionExtras):
    """One option of a create body (or one added later), checked."""

    label: str
    passive: bool
    starts_at: datetime | None
    ends_at: datetime | None


def validate_options(
    method: str, raw: Any, errors: dict[str, FieldError], decision: Decision | None = None
) -> list[NewOption]:
    """The options of a body, checked (problems go into ``errors`` by field path)."""
    from .options import extra_fields

    if not isinstance(raw, list):
        errors["options"] = FieldError("not_a_list_of_options")
        return []
    max_opts = limit("OPTIONS_MAX")
    if len(raw) > max_opts:
        errors["options"] = FieldError("too_many_options", max=max_opts)
        return []
    out: list[NewOption] = []
    seen: dict[str, int] = {}
    passive_seen = False
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            errors[f"options.{i}"] = FieldError("option_not_an_object")
            continue
        unknown = set(item) - {
            "label",
            "passive",
            "starts_at",
            "ends_at",
            "description",
            "variant_of",
            "hidden",
            "author",
        }
        for key in sorted(unknown):
            errors[f"options.{i}.{key}"] = FieldError("unknown_field")
        label = clean_text(
            item.get("label"),
            f"options.{i}.label",
            max_len=limit("OPTION_LABEL_MAX"),
            min_len=1,
            errors=errors,
        )
        key = label.casefold()
        if label and key in seen:
            errors[f"options.{i}.label"] = FieldError("same_label_as", option=seen[key] + 1)
        seen.setdefault(key, i)
        passive = item.get("passive", False)
        if not isinstance(passive, bool):
            errors[f"options.{i}.passive"] = FieldError("not_a_boolean")
            passive = False
        found = voting.find_method(method)
        if passive and (found is None or not found.has_passive):
            errors[f"options.{i}.passive"] = FieldError("consensus_only_passive")
        if passive and passive_seen:
            errors[f"options.{i}.passive"] = FieldError("one_passive_only")
        passive_seen = passive_seen or passive
        starts_at = ends_at = None
        for tkey in ("starts_at", "ends_at"):
            if item.get(tkey) is not None:
                try:
                    val = parse_time(item.get(tkey), f"options.{i}.{tkey}")
                except ValidationFailed as exc:
                    errors.update(as_field_errors(exc.fields))
                    val = None
                if tkey == "starts_at":
                    starts_at = val
                else:
                    ends_at = val
        if starts_at and ends_at and ends_at <= starts_at:
            errors[f"options.{i}.ends_at"] = FieldError("ends_before_start")
        # A slot nobody can attend any more is a typo (a year or a month off), not a choice.
        if starts_at and starts_at <= now():
            errors[f"options.{i}.starts_at"] = FieldError("not_in_future")
        extras = extra_fields(decision, item, f"options.{i}.", errors)
        if passive and extras.get("hidden"):
            errors[f"options.{i}.hidden"] = FieldError("passive_not_hidden")
        out.append(
            {
                "label": label,
                "passive": passive,
                "starts_at": starts_at,
                "ends_at": ends_at,
                **extras,
            }
        )
    return out


def add_option(
    decision: Decision,
    label: Any,
    *,
    as_admin: bool,
    proposed_by: str | None = None,
    starts_at: Any = None,
    ends_at: Any = None,
    extras: dict[str, Any] | None = None,
) -> Option:
    """Add an option: the organizer in any phase but closed; participants only while collecting
    and where proposals are allowed. ``extras``: ``description``, ``variant_of``, ``hidden``
    (the organizer's only), as the API takes them."""
    phase = decision.current_phase
    if phase == "closed":
        raise Conflict(_("The decision is closed."))
    if not as_admin:
        if phase != "collecting":
            raise Conflict(_("Proposals can only be added while proposals are being collected."))
        if not decision.rules.allow_proposals:
            raise Forbidden(_("Participants cannot add proposals to this decision."))
    errors: dict[str, FieldError] = {}
    extras = dict(extras or {})
    if "hidden" in extras and not as_admin:
        errors["options.0.hidden"] = FieldError("only_organizer_hides")
    opts = validate_options(
        decision.method,
        [
            {
                "label": label,
                **({"starts_at": starts_at} if starts_at is not None else {}),
                **({"ends_at": ends_at} if ends_at is not None else {}),
                **extras,
            }
        ],
        errors,
        decision,
    )
    fields = {k.replace("options.0.", ""): v for k, v in errors.items()}
    if proposed_by is not None:  # a name like any other: checked, never cut
        proposed_by = (
            clean_text(proposed_by, "name", max_len=limit("NAME_MAX"), errors=fields) or None
        )
    if not fields:
        existing = {o.label.casefold() for o in decision.options}
        if opts[0]["label"].casefold() in existing:
            fields["label"] = FieldError("duplicate_label")
    if fields:
        raise ValidationFailed(_("Check the option."), fields)
    if len(decision.options) >= limit("OPTIONS_MAX"):
        raise Conflict(_("The decision has the most options it can have."))
    position = max((o.position for o in decision.options), default=-1) + 1
    option = Option(
        tenant_id=decision.tenant_id,
        label=opts[0]["label"],
        passive=False,
        position=position,
        starts_at=opts[0]["starts_at"],
        ends_at=opts[0]["ends_at"],
        proposed_by=proposed_by,
        description=opts[0].get("description", ""),
        variant_of=opts[0].get("variant_of"),
        hidden=opts[0].get("hidden", False),
    )
    decision.options.append(option)
    db.session.flush()
    from . import decision_log

    decision_log.record(
        decision, "option_added", option=option.id, label=option.label, proposal=not as_admin
    )
    return option
