"""Decisions: read, create, delete; the admin token. The common settings are in
``decision_settings``, phases in ``phases``, changes in ``decision_changes``, options as given
in ``option_input`` and in depth in ``options``."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide import timeparse, voting
from groupdecide.errors import ValidationFailed, not_found
from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Invite, Option, Tenant
from groupdecide.problems import FieldError
from groupdecide.security import hash_token, new_decision_id, new_token

from . import limits
from .actors import Actor
from .decision_settings import (
    COMMON_DEFAULTS,
    EXTENSION_KEYS,
    passive_label,
    validate_common,
    validate_consensus_extensions,
    validate_notify,
)
from .events import emit
from .fields import as_field_errors, clean_text, limit
from .option_input import validate_options
from .policy import check_may_create
from .times import now, parse_time

__all__ = [
    "ballot_count",
    "ballot_counts",
    "create_decision",
    "delete_decision",
    "get_decision",
    "get_decision_for_update",
    "list_decisions",
    "new_admin_token",
    "option_infos",
]


def get_decision(decision_id: str) -> Decision:
    """The current tenant's decision with this id, else NotFound (also for another tenant's)."""
    if not isinstance(decision_id, str) or len(decision_id) > 24 or "\x00" in decision_id:
        raise not_found()
    decision = db.session.execute(
        sa.select(Decision).where(Decision.id == decision_id)
    ).scalar_one_or_none()
    if decision is None:
        raise not_found()
    _apply_support(decision)
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
    _apply_support(decision)
    return decision


def _apply_support(decision: Decision) -> None:
    from .supports import apply_support_threshold, needs_applying

    if needs_applying(decision):
        apply_support_threshold(decision)


def option_infos(decision: Decision) -> list[voting.OptionInfo]:
    """The options that take answers (hidden ones take none and are left out of the count)."""
    return [
        voting.OptionInfo(id=o.id, label=o.label, passive=o.passive)
        for o in decision.ballot_options
    ]


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
        raise ValidationFailed(
            _("The cursor is not valid."), {"cursor": FieldError("cursor_not_valid")}
        ) from None


def ballot_count(decision: Decision) -> int:
    return int(
        db.session.execute(
            sa.select(sa.func.count(Ballot.id)).where(Ballot.decision_id == decision.id)
        ).scalar_one()
    )


def create_decision(
    tenant: Tenant, actor: Actor | None, data: dict[str, Any]
) -> tuple[Decision, str]:
    """Validate ``data`` (the API's create body) and add the decision, if ``actor`` may start
    one in ``tenant`` (``policy.check_may_create``; None: nobody logged in, on a page). Returns
    it and the admin token, which is shown once and kept only as a hash."""
    check_may_create(tenant, actor)
    errors: dict[str, FieldError] = {}
    if not isinstance(data, dict):
        raise ValidationFailed(
            _("The decision must be an object."), {"": FieldError("not_an_object")}
        )
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
            errors["time_zone"] = exc.error
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
    if method not in voting.REGISTRY:
        errors["method"] = FieldError("not_one_of", choices=tuple(voting.REGISTRY))
        method = None
    raw_settings = data.get("settings") or {}
    if not isinstance(raw_settings, dict):
        errors["settings"] = FieldError("not_an_object")
        raw_settings = {}
    common = validate_common(raw_settings, errors)
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
    extensions, voting_starts_at = validate_consensus_extensions(
        method, raw_settings, common.get("start_phase", "voting"), closes_at, errors
    )
    notify = validate_notify(data.get("notify"), errors)
    specific: dict[str, Any] = {}
    parsed: voting.MethodSettings | None = None
    if method is not None:
        try:
            parsed = voting.get_method(method).parse_settings(specific_raw)
            specific = parsed.to_json()
        except voting.SettingsError as exc:
            errors.update(as_field_errors(exc.fields))
    start_phase = common.get("start_phase", "voting")
    options = validate_options(method or "", data.get("options", []), errors)
    wants_passive = specific.get("passive_option", True) is not False
    found = voting.find_method(method)
    if (
        found is not None
        and found.has_passive
        and wants_passive
        and not any(o["passive"] for o in options)
    ):
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
    if options_ok and method is not None and parsed is not None and start_phase == "voting":
        # Settings no ballot could meet (min_choices above the options): refused here, not
        # found out by the first participant who cannot vote.
        # (a max_choices above the options is harmless and accepted, as part one of the
        # contract always did: nobody can choose more options than there are)
        errors.update(voting.get_method(method).option_problems(parsed, answerable, new=False))
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
    emit(decision, "decision.created")
    return decision, token


def delete_decision(decision: Decision) -> None:
    """Delete the decision with its options, ballots and invites."""
    from groupdecide.models import Comment, DecisionLogEntry, Subscription

    for model in (Ballot, Invite, Comment, Subscription, DecisionLogEntry, Option):
        db.session.execute(
            sa.delete(model).where(model.decision_id == decision.id),
            execution_options={"synchronize_session": False},
        )
    db.session.delete(decision)
    db.session.flush()


def new_admin_token(decision: Decision) -> str:
    """Replace the admin token (the old link stops working)."""
    token = new_token()
    decision.admin_token_hash = hash_token(token)
    db.session.flush()
    return token
