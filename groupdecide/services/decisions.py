"""Decisions: create, read, change, delete; options; phases."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from .. import timeparse, voting
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed, not_found
from ..extensions import db
from ..models import Ballot, Decision, Invite, Option, Tenant
from ..problems import FieldError
from ..security import hash_token, new_decision_id, new_token
from . import limits
from .actors import Actor
from .common import as_field_errors, clean_text, limit, now, parse_time
from .policy import check_may_create

PHASES = ("collecting", "voting", "closed")
RESULTS = ("public", "after_close", "organizer")
ACCESS = ("link", "invite")
# Who sees who answered what, from the most to the least open (``individual_answers``).
INDIVIDUAL = ("everyone", "organizer", "nobody")
COMMON_DEFAULTS: dict[str, Any] = {
    "anonymous": False,
    "results": "public",
    "access": "link",
    "allow_proposals": False,
    "start_phase": "voting",
    "closes_at": None,
    "individual_answers": "everyone",
}
# Extensions of the contract's settings (described in the OpenAPI document): ``comments``
# (every method: the discussion is on), ``vetoes`` and ``voting_starts_at`` (consensus only).
EXTENSION_DEFAULTS: dict[str, Any] = {"comments": True}
CONSENSUS_EXTENSIONS: dict[str, Any] = {"vetoes": False, "voting_starts_at": None}
EXTENSION_KEYS = frozenset(EXTENSION_DEFAULTS) | frozenset(CONSENSUS_EXTENSIONS)
PASSIVE_LABELS = {"en": "Everything stays as it is", "de": "Alles bleibt, wie es ist"}


def passive_label(locale: str) -> str:
    """The default label of the passive solution in a language."""
    return PASSIVE_LABELS.get(locale[:2], PASSIVE_LABELS["en"])


# ----------------------------------------------------------------------------- reading


def get_decision(decision_id: str) -> Decision:
    """The current tenant's decision with this id, else NotFound (also for another tenant's)."""
    if not isinstance(decision_id, str) or len(decision_id) > 24 or "\x00" in decision_id:
        raise not_found()
    decision = db.session.execute(
        sa.select(Decision).where(Decision.id == decision_id)
    ).scalar_one_or_none()
    if decision is None:
        raise not_found()
    return decision


def get_decision_for_update(decision_id: str) -> Decision:
    """Like ``get_decision``, locking the row on PostgreSQL so concurrent changes queue."""
    decision = (
        db.session.execute(
            sa.select(Decision).where(Decision.id == decision_id).with_for_update()
        ).scalar_one_or_none()
        if isinstance(decision_id, str) and len(decision_id) <= 24 and "\x00" not in decision_id
        else None
    )
    if decision is None:
        raise not_found()
    return decision


def phase_of(decision: Decision, at: datetime | None = None) -> str:
    """The effective phase, without any job: a decision past its ``closes_at`` reads ``closed``;
    one collecting past its ``voting_starts_at`` reads ``voting`` (if it has 2 options)."""
    t = at or now()
    closes_at = decision.closes_at
    if decision.phase != "closed" and closes_at is not None and closes_at <= t:
        return "closed"
    starts = decision.voting_starts_at
    if (
        decision.phase == "collecting"
        and starts is not None
        and starts <= t
        and len(decision.ballot_options) >= 2
    ):
        return "voting"
    return decision.phase


def option_infos(decision: Decision) -> list[voting.OptionInfo]:
    """The options that take answers (hidden ones take none and are left out of the count)."""
    return [
        voting.OptionInfo(id=o.id, label=o.label, passive=o.passive)
        for o in decision.ballot_options
    ]


def effective_settings(decision: Decision) -> dict[str, Any]:
    """Every setting of the decision's method and the common ones, with its effective value."""
    stored = dict(decision.settings or {})
    common = {k: stored.get(k, v) for k, v in COMMON_DEFAULTS.items()}
    common["closes_at"] = decision.closes_at
    specific = {
        k: v for k, v in stored.items() if k not in COMMON_DEFAULTS and k not in EXTENSION_KEYS
    }
    merged = voting.effective_settings(decision.method, specific, len(decision.options))
    merged.update(common)
    merged["comments"] = bool(stored.get("comments", EXTENSION_DEFAULTS["comments"]))
    if decision.method == "consensus":
        merged["vetoes"] = bool(stored.get("vetoes", False))
        merged["voting_starts_at"] = decision.voting_starts_at
    return merged


def method_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Only what the count needs: the method's own settings (for ``voting.tally``)."""
    return {
        k: v for k, v in settings.items() if k not in COMMON_DEFAULTS and k not in EXTENSION_KEYS
    }


def ballot_counts(decision_ids: list[str]) -> dict[str, int]:
    """How many ballots each of these decisions has, in one query."""
    if not decision_ids:
        return {}
    rows = db.session.execute(
        sa.select(Ballot.decision_id, sa.func.count(Ballot.id))
        .where(Ballot.decision_id.in_(decision_ids))
        .group_by(Ballot.decision_id)
    ).all()
    return {str(did): int(n) for did, n in rows}


def list_decisions(limit: int, cursor: str | None) -> tuple[list[Decision], str | None]:
    """A page of the current tenant's decisions, newest first, and the cursor of the next
    page (None on the last one). The cursor is the last row's (created_at, id)."""
    stmt = sa.select(Decision).order_by(Decision.created_at.desc(), Decision.id.desc())
    if cursor:
        created, did = _decode_cursor(cursor)
        stmt = stmt.where(
            sa.or_(
                Decision.created_at < created,
                sa.and_(Decision.created_at == created, Decision.id < did),
            )
        )
    rows = list(db.session.execute(stmt.limit(limit + 1)).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_encode_cursor(rows[-1]) if more and rows else None)


def _encode_cursor(d: Decision) -> str:
    raw = f"{d.created_at.isoformat()}|{d.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, did = raw.split("|", 1)
        return datetime.fromisoformat(created), did
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed(_("The cursor is not valid."), {"cursor": "not valid"}) from None


def ballot_count(decision: Decision) -> int:
    return int(
        db.session.execute(
            sa.select(sa.func.count(Ballot.id)).where(Ballot.decision_id == decision.id)
        ).scalar_one()
    )


# ----------------------------------------------------------------------------- creating


def _validate_common(raw: dict[str, Any], errors: dict[str, FieldError]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("anonymous", "allow_proposals"):
        if key in raw:
            if not isinstance(raw[key], bool):
                errors[f"settings.{key}"] = FieldError("not_a_boolean")
            else:
                out[key] = raw[key]
    for key, allowed in (
        ("results", RESULTS),
        ("access", ACCESS),
        ("individual_answers", INDIVIDUAL),
    ):
        if key in raw:
            if raw[key] not in allowed:
                errors[f"settings.{key}"] = FieldError("not_one_of", choices=tuple(allowed))
            else:
                out[key] = raw[key]
    if "start_phase" in raw:
        if raw["start_phase"] not in ("collecting", "voting"):
            errors["settings.start_phase"] = FieldError("not_collecting_or_voting")
        else:
            out["start_phase"] = raw["start_phase"]
    if "comments" in raw:
        if not isinstance(raw["comments"], bool):
            errors["settings.comments"] = FieldError("not_a_boolean")
        else:
            out["comments"] = raw["comments"]
    return out


def _validate_consensus_extensions(
    method: str | None,
    raw: dict[str, Any],
    start_phase: Any,
    closes_at: datetime | None,
    errors: dict[str, FieldError],
) -> tuple[dict[str, Any], datetime | None]:
    """``vetoes`` and ``voting_starts_at``: consensus only."""
    out: dict[str, Any] = {}
    starts: datetime | None = None
    for key in CONSENSUS_EXTENSIONS:
        if (
            key in raw
            and method is not None
            and method != "consensus"
            and raw[key] not in (None, False)
        ):
            errors[f"settings.{key}"] = FieldError("consensus_only_setting")
    if method != "consensus":
        return out, None
    if "vetoes" in raw:
        if not isinstance(raw["vetoes"], bool):
            errors["settings.vetoes"] = FieldError("not_a_boolean")
        else:
            out["vetoes"] = raw["vetoes"]
    if raw.get("voting_starts_at") is not None:
        try:
            starts = parse_time(raw["voting_starts_at"], "settings.voting_starts_at")
        except ValidationFailed as exc:
            errors.update(as_field_errors(exc.fields))
        if starts is not None:
            if start_phase != "collecting":
                errors["settings.voting_starts_at"] = FieldError("needs_collecting_start")
            elif starts <= now():
                errors["settings.voting_starts_at"] = FieldError("not_in_future")
            elif closes_at is not None and starts >= closes_at:
                errors["settings.voting_starts_at"] = FieldError("not_before_closes_at")
    return out, starts


def _validate_notify(raw: Any, errors: dict[str, FieldError]) -> dict[str, Any]:
    """The extension ``notify``: ``{"email": "...", "digest": false}`` (the organizer's
    address for the closing mail and, if asked, a daily digest of new answers)."""
    from .accounts import clean_email

    if raw is None:
        return {"email": None, "digest": False}
    if not isinstance(raw, dict):
        errors["notify"] = FieldError("not_an_object")
        return {}
    out: dict[str, Any] = {}
    for key in sorted(set(raw) - {"email", "digest"}):
        errors[f"notify.{key}"] = FieldError("unknown_field")
    if "email" in raw:
        if raw["email"] in (None, ""):
            out["email"] = None
        else:
            try:
                out["email"] = clean_email(raw["email"], "notify.email")
            except ValidationFailed:
                errors["notify.email"] = FieldError("not_an_email")
    if "digest" in raw:
        if not isinstance(raw["digest"], bool):
            errors["notify.digest"] = FieldError("not_a_boolean")
        else:
            out["digest"] = raw["digest"]
    return out


def _validate_options(
    method: str, raw: Any, errors: dict[str, FieldError], decision: Decision | None = None
) -> list[dict[str, Any]]:
    from .options import extra_fields

    if not isinstance(raw, list):
        errors["options"] = FieldError("not_a_list_of_options")
        return []
    max_opts = limit("OPTIONS_MAX")
    if len(raw) > max_opts:
        errors["options"] = FieldError("too_many_options", max=max_opts)
        return []
    out: list[dict[str, Any]] = []
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
        if passive and method != "consensus":
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


def create_decision(
    tenant: Tenant, actor: Actor | None, data: dict[str, Any]
) -> tuple[Decision, str]:
    """Validate ``data`` (the API's create body) and add the decision, if ``actor`` may start
    one in ``tenant`` (``policy.check_may_create``; None: nobody logged in, on a page). Returns
    it and the admin token, which is shown once and kept only as a hash."""
    check_may_create(tenant, actor)
    errors: dict[str, FieldError] = {}
    if not isinstance(data, dict):
        raise ValidationFailed(_("The decision must be an object."), {"": "must be an object"})
    data = limits.prepare_create(tenant, data)  # the tenant's limit and defaults
    for key in sorted(
        set(data)
        - {
            "title",
            "description",
            "conditions",
            "method",
            "options",
            "settings",
            "notify",
            "time_zone",
        }
    ):
        errors[key] = FieldError("unknown_field")
    time_zone = tenant.time_zone or "UTC"
    if data.get("time_zone") is not None:
        try:
            time_zone = timeparse.zone(data["time_zone"]).key
        except timeparse.TimeError as exc:
            errors["time_zone"] = FieldError("bad_time", reason=exc.reason)
    title = clean_text(
        data.get("title"), "title", max_len=limit("TITLE_MAX"), min_len=1, errors=errors
    )
    description = clean_text(
        data.get("description"), "description", max_len=limit("DESCRIPTION_MAX"), errors=errors
    )
    conditions = clean_text(
        data.get("conditions"), "conditions", max_len=limit("CONDITIONS_MAX"), errors=errors
    )
    method = data.get("method")
    if method not in voting.METHODS:
        errors["method"] = FieldError("not_one_of", choices=tuple(voting.METHODS))
        method = None
    raw_settings = data.get("settings") or {}
    if not isinstance(raw_settings, dict):
        errors["settings"] = FieldError("not_an_object")
        raw_settings = {}
    common = _validate_common(raw_settings, errors)
    closes_at = None
    if raw_settings.get("closes_at") is not None:
        try:
            closes_at = parse_time(raw_settings["closes_at"], "settings.closes_at")
        except ValidationFailed as exc:
            errors.update(as_field_errors(exc.fields))
        if closes_at is not None and closes_at <= now():
            errors["settings.closes_at"] = FieldError("not_in_future")
    specific_raw = {
        k: v
        for k, v in raw_settings.items()
        if k not in COMMON_DEFAULTS and k not in EXTENSION_KEYS
    }
    extensions, voting_starts_at = _validate_consensus_extensions(
        method, raw_settings, common.get("start_phase", "voting"), closes_at, errors
    )
    notify = _validate_notify(data.get("notify"), errors)
    specific: dict[str, Any] = {}
    if method is not None:
        try:
            specific = voting.method_settings(method, specific_raw)
        except voting.SettingsError as exc:
            errors.update(as_field_errors(exc.fields))
    start_phase = common.get("start_phase", "voting")
    options = _validate_options(method or "", data.get("options", []), errors)
    wants_passive = specific.get("passive_option", True) is not False
    if method == "consensus" and wants_passive and not any(o["passive"] for o in options):
        options.append(
            {
                "label": passive_label(tenant.locale),
                "passive": True,
                "starts_at": None,
                "ends_at": None,
            }
        )
    options_ok = "options" not in errors and not any(k.startswith("options.") for k in errors)
    answerable = sum(1 for o in options if not o.get("hidden"))
    if options_ok and start_phase == "voting" and answerable < 2:
        errors["options"] = FieldError("too_few_options", min=2)
    elif options_ok and len(options) > limit("OPTIONS_MAX"):
        errors["options"] = FieldError("too_many_options_with_passive", max=limit("OPTIONS_MAX"))
    if options_ok and method is not None and start_phase == "voting":
        # Settings no ballot could meet (min_choices above the options): refused here, not
        # found out by the first participant who cannot vote.
        # (a max_choices above the options is harmless and accepted, as part one of the
        # contract always did: nobody can choose more options than there are)
        errors.update(
            as_field_errors(voting.option_problems(method, specific, answerable, new=False))
        )
    if errors:
        raise ValidationFailed(_("Some fields need another look."), errors)
    assert method is not None
    token = new_token()
    stored = {**common, **specific, **extensions}
    stored.pop("closes_at", None)
    decision = Decision(
        id=new_decision_id(),
        tenant_id=tenant.id,
        title=title,
        description=description,
        conditions=conditions,
        method=method,
        phase=start_phase,
        settings=stored,
        closes_at=closes_at,
        time_zone=time_zone,
        voting_starts_at=voting_starts_at,
        admin_token_hash=hash_token(token),
        created_by=actor.user_id if actor is not None else None,
        notify_email=notify.get("email"),
        notify_digest=bool(notify.get("digest")),
    )
    for pos, opt in enumerate(options):
        decision.options.append(
            Option(
                tenant_id=tenant.id,
                label=opt["label"],
                passive=opt["passive"],
                position=pos,
                starts_at=opt["starts_at"],
                ends_at=opt["ends_at"],
                description=opt.get("description", ""),
                hidden=opt.get("hidden", False),
            )
        )
    db.session.add(decision)
    db.session.flush()
    from . import decision_log

    decision_log.record(decision, "created", phase=start_phase, options=len(options))
    return decision, token


# ----------------------------------------------------------------------------- changing


def set_phase(decision: Decision, phase: str, *, new_closes_at: bool = False) -> None:
    """Move the phase as the contract allows; asking for the current phase changes nothing."""
    if phase not in PHASES:
        raise ValidationFailed(_("Unknown phase."), {"phase": "must be " + ", ".join(PHASES)})
    current = phase_of(decision)
    if phase == current:
        return
    allowed = {("collecting", "voting"), ("voting", "closed"), ("closed", "voting")}
    if (current, phase) not in allowed:
        raise Conflict(
            _(
                "A decision in phase %(current)s cannot move to %(phase)s.",
                current=current,
                phase=phase,
            )
        )
    if phase == "voting" and len(decision.ballot_options) < 2:
        raise Conflict(_("Voting needs at least 2 options."))
    if phase == "voting":
        from .options import settings_problems

        problems = settings_problems(decision, len(decision.ballot_options))
        if problems:
            raise Conflict(_("The decision's settings need more options."), problems)
    expired = decision.closes_at is not None and decision.closes_at <= now()
    if current == "closed" and phase == "voting" and expired and not new_closes_at:
        decision.closes_at = None
    if current == "closed":
        decision.closed_notified_at = None  # a later closing is announced again
    from . import decision_log

    decision_log.record(decision, "phase_changed", **{"from": current, "to": phase})
    decision.phase = phase


def _check_individual(
    decision: Decision, value: Any, changes: dict[str, Any], errors: dict[str, FieldError]
) -> None:
    """``individual_answers`` may always become more private; more open only before anyone
    answered, since every ballot was given under what the ballot page promised then."""
    if value not in INDIVIDUAL:
        errors["settings.individual_answers"] = FieldError("not_one_of", choices=INDIVIDUAL)
        return
    current = effective_settings(decision).get("individual_answers", "everyone")
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
            for key in sorted(set(settings) - {"results", "comments", "individual_answers"}):
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
    if "outcome" in data:
        changes["outcome"] = clean_text(
            data["outcome"], "outcome", max_len=limit("DESCRIPTION_MAX"), errors=errors
        )
    if "voting_starts_at" in data:
        if decision.method != "consensus":
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
        changes["notify"] = _validate_notify(data["notify"], errors)
    phase = data.get("phase")
    if "phase" in data and phase not in PHASES:
        errors["phase"] = FieldError("not_one_of", choices=PHASES)
    if errors:
        raise ValidationFailed(_("Some fields need another look."), errors)
    for key in ("title", "description", "conditions"):
        if key in changes:
            setattr(decision, key, changes[key])
    for key in ("results", "comments", "individual_answers"):
        if key in changes:
            decision.settings = {**(decision.settings or {}), key: changes[key]}
    if "voting_starts_at" in changes:
        if changes["voting_starts_at"] is not None and phase_of(decision) != "collecting":
            raise Conflict(_("Voting has started already; a start time no longer applies."))
        decision.voting_starts_at = changes["voting_starts_at"]
    if "notify" in changes:
        if "email" in changes["notify"]:
            decision.notify_email = changes["notify"]["email"]
        if "digest" in changes["notify"]:
            decision.notify_digest = changes["notify"]["digest"]
    before = phase_of(decision)
    if phase is not None:
        set_phase(decision, phase, new_closes_at="closes_at" in changes)
    if "closes_at" in changes:
        decision.closes_at = changes["closes_at"]
    if "outcome" in changes:
        if phase_of(decision) != "closed":
            raise Conflict(_("The outcome can be written once the decision is closed."))
        if changes["outcome"] != (decision.outcome or ""):
            from . import decision_log

            decision_log.record(decision, "outcome_set", empty=not changes["outcome"])
        decision.outcome = changes["outcome"]
        decision.outcome_at = now() if changes["outcome"] else None
    db.session.flush()
    if before != "closed" and phase_of(decision) == "closed":
        from .notify import announce_closed

        announce_closed(decision)
    return decision


def delete_decision(decision: Decision) -> None:
    """Delete the decision with its options, ballots and invites."""
    from ..models import Comment, DecisionLogEntry, Subscription

    for model in (Ballot, Invite, Comment, Subscription, DecisionLogEntry, Option):
        db.session.execute(
            sa.delete(model).where(model.decision_id == decision.id),
            execution_options={"synchronize_session": False},
        )
    db.session.delete(decision)
    db.session.flush()


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
    phase = phase_of(decision)
    if phase == "closed":
        raise Conflict(_("The decision is closed."))
    if not as_admin:
        if phase != "collecting":
            raise Conflict(_("Proposals can only be added while proposals are being collected."))
        if not effective_settings(decision).get("allow_proposals"):
            raise Forbidden(_("Participants cannot add proposals to this decision."))
    errors: dict[str, FieldError] = {}
    extras = dict(extras or {})
    if "hidden" in extras and not as_admin:
        errors["options.0.hidden"] = FieldError("only_organizer_hides")
    opts = _validate_options(
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


def get_option(decision: Decision, option_id: Any) -> Option:
    for option in decision.options:
        if str(option.id) == str(option_id):
            return option
    raise NotFound(_("There is no such option."))


def option_rated_by(decision: Decision, option: Option) -> int:
    """How many ballots gave the option an answer (the web asks before removing such an option)."""
    from .options import answers_for

    return answers_for(decision, option)


def update_option(
    decision: Decision, option: Option, label: Any, *, confirm: bool = False
) -> Option:
    """Change an option's label (the organizer); one with answers needs ``confirm``."""
    from .options import patch_option

    return patch_option(decision, option, {"label": label, "confirm": confirm})


def remove_option(decision: Decision, option: Option, *, confirm: bool = False) -> None:
    """Remove an option; one with answers needs ``confirm`` while voting (services/options)."""
    from .options import remove_option as remove

    remove(decision, option, confirm=confirm)


def new_admin_token(decision: Decision) -> str:
    """Replace the admin token (the old link stops working)."""
    token = new_token()
    decision.admin_token_hash = hash_token(token)
    db.session.flush()
    return token
