"""The settings every decision has besides its method's own (``results``, ``access``,
``start_phase``, ...), their defaults, their effective values and their validation on create."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict

from groupdecide import voting
from groupdecide.errors import ValidationFailed
from groupdecide.models import Decision
from groupdecide.problems import FieldError
from groupdecide.voting import MethodSettings

from .fields import as_field_errors
from .times import now, parse_time

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
    "receipts": False,
    "quorum": None,
}
# ``quorum`` as a share of the invites made (``{"share": 0.5}``): only with ``access: invite``.
QUORUM_MAX = 1_000_000
# Extensions of the contract's settings (described in the OpenAPI document): ``comments``
# (every method: the discussion is on), ``vetoes`` and ``voting_starts_at`` (consensus only).
EXTENSION_DEFAULTS: dict[str, Any] = {"comments": True}
CONSENSUS_EXTENSIONS: dict[str, Any] = {"vetoes": False, "voting_starts_at": None}
EXTENSION_KEYS = frozenset(EXTENSION_DEFAULTS) | frozenset(CONSENSUS_EXTENSIONS)
PASSIVE_LABELS = {"en": "Everything stays as it is", "de": "Alles bleibt, wie es ist"}


def passive_label(locale: str) -> str:
    """The default label of the passive solution in a language."""
    return PASSIVE_LABELS.get(locale[:2], PASSIVE_LABELS["en"])


@dataclass(frozen=True)
class DecisionSettings:
    """Every setting of a decision with its effective value, built once (``decision.rules``):
    the common ones as typed fields and ``method`` (the method's own frozen settings, resolved
    against the decision's options). :meth:`to_json` is the merged JSON the API and the
    exports show."""

    anonymous: bool
    results: str  # RESULTS
    access: str  # ACCESS
    allow_proposals: bool
    start_phase: str  # "collecting" or "voting"
    closes_at: datetime | None
    individual_answers: str  # INDIVIDUAL
    comments: bool  # extension, every method
    vetoes: bool  # extension, consensus only (False for the others)
    voting_starts_at: datetime | None  # extension, consensus only (None for the others)
    quorum: int | dict[str, float] | None  # ballots needed, or {"share": 0.5} of the invites
    method: MethodSettings
    _json: dict[str, Any] = field(repr=False, compare=False)
    receipts: bool = False  # every method: a receipt per ballot, the list after closing

    def to_json(self) -> dict[str, Any]:
        """Every setting of the method and the common ones (a fresh dict; times as datetimes)."""
        return dict(self._json)


def build_settings(decision: Decision) -> DecisionSettings:
    """The decision's :class:`DecisionSettings` (use ``decision.rules``: built once)."""
    stored = dict(decision.settings or {})
    common = {k: stored.get(k, v) for k, v in COMMON_DEFAULTS.items()}
    common["closes_at"] = decision.closes_at
    specific = {
        k: v for k, v in stored.items() if k not in COMMON_DEFAULTS and k not in EXTENSION_KEYS
    }
    method = voting.get_method(decision.method)
    n_options = len(decision.options)
    resolved = method.stored_settings(specific).resolve(n_options)
    # the JSON as stored, each missing or null method key with its default
    merged = dict(specific)
    for key, value in method.default_settings.resolve(n_options).to_json().items():
        if merged.get(key) is None:
            merged[key] = value
    merged.update(common)
    comments = bool(stored.get("comments", EXTENSION_DEFAULTS["comments"]))
    merged["comments"] = comments
    method = voting.get_method(decision.method)
    vetoes = method.has_vetoes and bool(stored.get("vetoes", False))
    starts = decision.voting_starts_at if method.has_voting_start else None
    if method.has_vetoes:
        merged["vetoes"] = vetoes
    if method.has_voting_start:
        merged["voting_starts_at"] = starts
    return DecisionSettings(
        anonymous=bool(common["anonymous"]),
        results=str(common["results"]),
        access=str(common["access"]),
        allow_proposals=bool(common["allow_proposals"]),
        start_phase=str(common["start_phase"]),
        closes_at=decision.closes_at,
        individual_answers=str(common["individual_answers"]),
        comments=comments,
        vetoes=vetoes,
        voting_starts_at=starts,
        quorum=common["quorum"],
        method=resolved,
        receipts=bool(common["receipts"]),
        _json=merged,
    )


def settings_json(decision: Decision) -> dict[str, Any]:
    """Every setting of the decision's method and the common ones, with its effective value."""
    return decision.rules.to_json()


def validate_common(raw: dict[str, Any], errors: dict[str, FieldError]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("anonymous", "allow_proposals", "receipts"):
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
    if raw.get("quorum") is not None:
        quorum = validate_quorum(raw["quorum"], raw.get("access", "link"), errors)
        if quorum is not None:
            out["quorum"] = quorum
    if "comments" in raw:
        if not isinstance(raw["comments"], bool):
            errors["settings.comments"] = FieldError("not_a_boolean")
        else:
            out["comments"] = raw["comments"]
    return out


def validate_quorum(
    raw: Any, access: Any, errors: dict[str, FieldError]
) -> int | dict[str, float] | None:
    """``quorum``: a whole number of ballots from 1, or with ``access: invite``
    ``{"share": s}`` (0 < s <= 1) of the invites made."""
    if isinstance(raw, dict):
        if access != "invite":
            errors["settings.quorum"] = FieldError("quorum_share_needs_invite")
            return None
        for key in sorted(set(raw) - {"share"}, key=str):
            errors[f"settings.quorum.{key}"] = FieldError("unknown_field")
        share = raw.get("share")
        if share is None:
            errors["settings.quorum.share"] = FieldError("required")
        elif (
            isinstance(share, bool)
            or not isinstance(share, int | float)
            or not 0 < share <= 1  # NaN fails this too
        ):
            errors["settings.quorum.share"] = FieldError("quorum_share_not_in_range")
        elif not any(k.startswith("settings.quorum") for k in errors):
            return {"share": float(share)}
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= QUORUM_MAX:
        errors["settings.quorum"] = FieldError("integer_not_in_range", min=1, max=QUORUM_MAX)
        return None
    return raw


def validate_consensus_extensions(
    method: str | None,
    raw: dict[str, Any],
    start_phase: Any,
    closes_at: datetime | None,
    errors: dict[str, FieldError],
) -> tuple[dict[str, Any], datetime | None]:
    """``vetoes`` and ``voting_starts_at``: only where the method has them (consensus)."""
    out: dict[str, Any] = {}
    starts: datetime | None = None
    found = voting.find_method(method)
    has = {
        "vetoes": found is not None and found.has_vetoes,
        "voting_starts_at": found is not None and found.has_voting_start,
    }
    for key in CONSENSUS_EXTENSIONS:
        if key in raw and method is not None and not has[key] and raw[key] not in (None, False):
            errors[f"settings.{key}"] = FieldError("consensus_only_setting")
    if not any(has.values()):
        return out, None
    if "vetoes" in raw and has["vetoes"]:
        if not isinstance(raw["vetoes"], bool):
            errors["settings.vetoes"] = FieldError("not_a_boolean")
        else:
            out["vetoes"] = raw["vetoes"]
    if raw.get("voting_starts_at") is not None and has["voting_starts_at"]:
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


class NotifyChoice(TypedDict, total=False):
    """The extension ``notify`` as given: only the keys the body names (a PATCH changes only
    those)."""

    email: str | None
    digest: bool


def validate_notify(raw: Any, errors: dict[str, FieldError]) -> NotifyChoice:
    """The extension ``notify``: ``{"email": "...", "digest": false}`` (the organizer's
    address for the closing mail and, if asked, a daily digest of new answers)."""
    from .accounts import clean_email

    if raw is None:
        return {"email": None, "digest": False}
    if not isinstance(raw, dict):
        errors["notify"] = FieldError("not_an_object")
        return {}
    out: NotifyChoice = {}
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
