"""Options in depth (the contract's part two): descriptions, variants, authors, hiding, and the
rules that keep a decision answerable when options change: a decision in voting keeps at least
2 options that take answers and settings a ballot can meet; renaming or removing an option that
carries answers needs a confirmation and is logged."""

from __future__ import annotations

from typing import Any, TypedDict

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from groupdecide import voting
from groupdecide.errors import Conflict, NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Option
from groupdecide.problems import FieldError

from . import decision_log
from .fields import clean_text, limit

DESCRIPTION_MAX_DEFAULT = 2000
PATCH_FIELDS = ("label", "description", "hidden", "confirm")


def description_max() -> int:
    return int(current_app.config.get("OPTION_DESCRIPTION_MAX", DESCRIPTION_MAX_DEFAULT))


def answer_counts(decision: Decision) -> dict[int, int]:
    """How many ballots hold an answer for each option of the decision."""
    counts: dict[str, int] = {}
    rows = db.session.execute(
        sa.select(Ballot.answers).where(Ballot.decision_id == decision.id)
    ).scalars()
    for answers in rows:
        for key in answers or {}:
            counts[key] = counts.get(key, 0) + 1
    return {o.id: counts.get(str(o.id), 0) for o in decision.options}


def answers_for(decision: Decision, option: Option) -> int:
    """How many ballots hold an answer for this option."""
    return answer_counts(decision).get(option.id, 0)


def settings_problems(decision: Decision, n_options: int) -> dict[str, FieldError]:
    """What of the decision's settings no ballot could meet with ``n_options`` options."""
    method = voting.get_method(decision.method)
    stored = decision.settings or {}
    problems = method.option_problems(method.stored_settings(stored), n_options, new=False)
    # a setting that is not stored (its default) is not reported
    return {
        k: v for k, v in problems.items() if stored.get(k.removeprefix("settings.")) is not None
    }


def require_answerable(decision: Decision, remaining: list[Option], *, phase: str) -> None:
    """Refuse (409) a change that would leave a decision in voting that nobody can answer:
    fewer than 2 options that take answers, or settings the remaining options cannot meet."""
    if phase != "voting":
        return
    if len(remaining) < 2:
        raise Conflict(
            _("A decision in voting needs at least 2 options that take answers."),
            {"options": FieldError("too_few_answering", min=2)},
        )
    problems = settings_problems(decision, len(remaining))
    if problems:
        raise Conflict(_("The decision's settings need more options than would remain."), problems)


class OptionExtras(TypedDict, total=False):
    """An option's fields besides its label, as checked (only those the body names)."""

    description: str
    variant_of: int
    hidden: bool


def extra_fields(
    decision: Decision | None,
    item: dict[str, Any],
    prefix: str,
    errors: dict[str, FieldError],
) -> OptionExtras:
    """``description``, ``variant_of`` and ``hidden`` of an option body, checked; ``decision``
    is None while creating (no option has an id yet, so no ``variant_of`` can be right)."""
    out: OptionExtras = {}
    if "description" in item:
        out["description"] = clean_text(
            item["description"], prefix + "description", max_len=description_max(), errors=errors
        )
    if item.get("variant_of") is not None:
        target = item["variant_of"]
        ids = {o.id for o in decision.options} if decision is not None else set()
        if not isinstance(target, int) or isinstance(target, bool):
            errors[prefix + "variant_of"] = FieldError("not_another_option")
        elif target not in ids:
            errors[prefix + "variant_of"] = FieldError("not_an_option")
        else:
            out["variant_of"] = target
    if "hidden" in item:
        if not isinstance(item["hidden"], bool):
            errors[prefix + "hidden"] = FieldError("not_a_boolean")
        else:
            out["hidden"] = item["hidden"]
    if "author" in item:
        errors[prefix + "author"] = FieldError("read_only_author")
    return out


def proposal_author(decision: Decision, name: Any, *, as_admin: bool) -> str | None:
    """The ``name`` sent with a participant's proposal, which becomes its ``author``."""

    if name is None:
        return None
    if as_admin:
        raise ValidationFailed(
            _("Check the option."), {"name": FieldError("no_author_for_organizer")}
        )
    if decision.rules.anonymous:
        raise ValidationFailed(_("Check the option."), {"name": FieldError("anonymous_no_name")})
    errors: dict[str, FieldError] = {}
    text = clean_text(name, "name", max_len=limit("NAME_MAX"), errors=errors)
    if errors:
        raise ValidationFailed(_("Check the option."), errors)
    return text or None


def _confirm_needed(count: int, what: str) -> Conflict:
    message = (
        ngettext(
            "%(num)s ballot has an answer on this option. Renaming it changes what that "
            "answer means; confirm to rename it anyway.",
            "%(num)s ballots have an answer on this option. Renaming it changes what those "
            "answers mean; confirm to rename it anyway.",
            count,
        )
        if what == "rename"
        else ngettext(
            "%(num)s ballot has an answer on this option. Removing it drops that answer; "
            "confirm to remove it anyway.",
            "%(num)s ballots have an answer on this option. Removing it drops those answers; "
            "confirm to remove it anyway.",
            count,
        )
    )
    return Conflict(message, {"confirm": FieldError("confirm_needed", answers=count)})


def patch_option(decision: Decision, option: Option, data: dict[str, Any]) -> Option:
    """Change ``label``, ``description`` or ``hidden`` of an option (the organizer). Renaming
    an option with answers needs ``confirm``; renames and hides are logged."""
    errors: dict[str, FieldError] = {}
    for key in sorted(set(data) - set(PATCH_FIELDS)):
        errors[key] = FieldError("not_changeable", allowed=("label", "description", "hidden"))
    label = option.label
    if "label" in data:
        label = clean_text(
            data["label"], "label", max_len=limit("OPTION_LABEL_MAX"), min_len=1, errors=errors
        )
        if "label" not in errors and any(
            o.label.casefold() == label.casefold() and o.id != option.id for o in decision.options
        ):
            errors["label"] = FieldError("duplicate_label")
    extras = extra_fields(
        decision, {k: data[k] for k in ("description", "hidden") if k in data}, "", errors
    )
    confirm = data.get("confirm", False)
    if not isinstance(confirm, bool):
        errors["confirm"] = FieldError("not_a_boolean")
    if errors:
        raise ValidationFailed(_("Check the option."), errors)
    phase = decision.current_phase
    if phase == "closed":
        raise Conflict(_("The decision is closed."))
    hide = extras.get("hidden")
    if hide is not None and hide != option.hidden and option.passive:
        raise Conflict(_("The passive solution is the yardstick of the count; it stays."))
    renamed = label != option.label
    count = answers_for(decision, option) if renamed or hide is not None else 0
    if renamed and count and not confirm:
        raise _confirm_needed(count, "rename")
    if hide is True and not option.hidden:
        remaining = [o for o in decision.ballot_options if o.id != option.id]
        require_answerable(decision, remaining, phase=phase)
    if renamed:
        decision_log.record(
            decision,
            "option_renamed",
            option=option.id,
            **{"from": option.label, "to": label},
            answers=count,
        )
        option.label = label
    if hide is not None and hide != option.hidden:
        action = "option_hidden" if hide else "option_shown"
        decision_log.record(decision, action, option=option.id, label=label, answers=count)
        option.hidden = hide
    if "description" in extras and extras["description"] != option.description:
        decision_log.record(decision, "option_changed", option=option.id, fields=["description"])
        option.description = extras["description"]
    db.session.flush()
    return option


def remove_option(decision: Decision, option: Option, *, confirm: bool = False) -> int:
    """Remove an option (the organizer); returns how many answers it had. In voting, one with
    answers needs ``confirm``, and the decision keeps 2 options that take answers."""
    phase = decision.current_phase
    if phase == "closed":
        raise Conflict(_("The decision is closed."))
    if option.passive:
        raise Conflict(_("The passive solution is the yardstick of the count; it stays."))
    count = answers_for(decision, option)
    if phase == "voting" and count and not confirm:
        raise _confirm_needed(count, "remove")
    if not option.hidden:
        remaining = [o for o in decision.ballot_options if o.id != option.id]
        require_answerable(decision, remaining, phase=phase)
    for other in decision.options:
        if other.variant_of == option.id:
            other.variant_of = None  # the variant stands on its own now
    decision_log.record(
        decision, "option_removed", option=option.id, label=option.label, answers=count
    )
    decision.options.remove(option)
    db.session.flush()
    return count


def get_option(decision: Decision, option_id: Any) -> Option:
    for option in decision.options:
        if str(option.id) == str(option_id):
            return option
    raise NotFound(_("There is no such option."))


def option_rated_by(decision: Decision, option: Option) -> int:
    """How many ballots gave the option an answer (the web asks before removing such an option)."""
    return answers_for(decision, option)


def update_option(
    decision: Decision, option: Option, label: Any, *, confirm: bool = False
) -> Option:
    """Change an option's label (the organizer); one with answers needs ``confirm``."""
    return patch_option(decision, option, {"label": label, "confirm": confirm})
