"""What a tenant's owners change about their space: settings, branding, API keys; and the
dashboard of every decision. The operator's settings (limits, host name) are here too."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide import parsing, timeparse
from groupdecide.errors import NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import ApiKey, Decision, Membership, Option, Tenant, User
from groupdecide.problems import FieldError

from .auth import create_api_key
from .decision_settings import ACCESS, RESULTS
from .decisions import ballot_counts
from .fields import limit
from .tenants import LOCALES, POLICIES
from .times import now

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
HOST_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
ORIGIN_RE = re.compile(r"^https?://(\*\.)?[a-z0-9.-]+(:\d{1,5})?$")
MIN_CONTRAST = 4.5  # WCAG 1.4.3: text on the colour (white or black, whichever reads)
MIN_UI_CONTRAST = 3.0  # WCAG 1.4.11: buttons and the header in the colour against the page


# ----------------------------------------------------------------------------- colours


def _luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else float(((s + 0.055) / 1.055) ** 2.4)

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(color: str) -> bool:
    """Whether the colour can carry text and stand out on the white page. (Every colour
    reaches 4.5:1 with white or with black text, so the text check alone refuses nothing;
    the page check is what refuses pale colours, on which buttons would vanish.)"""
    return text_on(color) is not None and contrast(color, "#ffffff") >= MIN_UI_CONTRAST


def text_on(color: str) -> str | None:
    """The text colour that reads on ``color`` (white preferred), or None when neither does."""
    if contrast(color, "#ffffff") >= MIN_CONTRAST:
        return "#ffffff"
    if contrast(color, "#000000") >= MIN_CONTRAST:
        return "#000000"
    return None


def darken(color: str, target: str = "#ffffff") -> str:
    """``color`` darkened until it reads on ``target`` (links on white pages)."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    out = color
    for _step in range(40):
        out = f"#{r:02x}{g:02x}{b:02x}"
        if contrast(out, target) >= MIN_CONTRAST:
            return out
        r, g, b = (int(x * 0.9) for x in (r, g, b))
    return "#000000"


def check_color(raw: object) -> str | None:
    if raw in (None, ""):
        return None
    if not isinstance(raw, str) or not COLOR_RE.match(raw.strip()):
        raise ValidationFailed(_("Check the colour."), {"brand_color": FieldError("not_a_colour")})
    color = raw.strip().lower()
    if not readable(color):
        raise ValidationFailed(
            _("Check the colour."),
            {"brand_color": FieldError("colour_too_pale")},
        )
    return color


def brand_css(tenant: Tenant) -> str:
    """The tenant's colours as a stylesheet (the CSP allows no inline styles)."""
    color = tenant.brand_color
    if not color:
        return "/* no brand colour */\n"
    on = text_on(color) or "#ffffff"
    link = darken(color)
    return (
        f":root {{ --brand: {color}; --brand-dark: {link}; --on-brand: {on}; }}\n"
        f".site-header {{ background: {color}; border-bottom-color: {color}; }}\n"
        f".site-header .brand, .site-header .brand span, .site-header a,"
        f" .site-header .link-button {{ color: {on}; }}\n"
        f".site-header :focus-visible {{ outline-color: {on}; }}\n"
        f".button.primary, .button.primary:hover {{ background: {color}; color: {on}; }}\n"
        f".button.secondary {{ border-color: {link}; color: {link}; }}\n"
        f".brand-sample {{ background: {color}; }}\n"
    )


# ----------------------------------------------------------------------------- settings


def _int_or_none(raw: object, field: str, lo: int, hi: int, errors: dict[str, str]) -> int | None:
    if raw in (None, ""):
        return None
    if parsing.parse_int(raw, lo=-(10**18), hi=10**18) is None:
        errors[field] = FieldError("not_a_whole_number")
        return None
    value = parsing.parse_int(raw, lo=lo, hi=hi)
    if value is None:
        errors[field] = FieldError("number_not_in_range", min=lo, max=hi)
        return None
    return value


def clean_frame_ancestors(raw: object, errors: dict[str, str]) -> str:
    text = raw.strip() if isinstance(raw, str) else ""
    origins = text.split()
    if len(origins) > 20:
        errors["frame_ancestors"] = FieldError("too_many_origins", max=20)
        return ""
    for origin in origins:
        if not ORIGIN_RE.match(origin.lower()):
            errors["frame_ancestors"] = FieldError("not_an_origin")
            return ""
    return " ".join(o.lower().rstrip("/") for o in origins)


def update_settings(tenant: Tenant, data: dict[str, Any]) -> Tenant:
    """Name, language, colour, policy, defaults for new decisions, retention, embedding."""
    errors: dict[str, str] = {}
    problems: dict[str, str] = {}
    name = parsing.clean_text(
        data.get("name", tenant.name), "name", max_len=200, min_len=1, errors=problems
    )
    if problems:  # also a name of nothing but invisible or control characters
        errors["name"] = FieldError("tenant_name_length")
    locale = data.get("locale", tenant.locale)
    if locale not in LOCALES:
        errors["locale"] = FieldError("tenant_locale_not_valid")
    policy = data.get("policy", tenant.policy)
    if policy not in POLICIES:
        errors["policy"] = FieldError("tenant_policy_not_valid")
    results = data.get("default_results", tenant.default_results)
    if results not in RESULTS:
        errors["default_results"] = FieldError("default_results_not_valid")
    access = data.get("default_access", tenant.default_access)
    if access not in ACCESS:
        errors["default_access"] = FieldError("default_access_not_valid")
    color: str | None = tenant.brand_color
    if "brand_color" in data:
        try:
            color = check_color(data["brand_color"])
        except ValidationFailed as exc:
            errors.update(exc.fields)
    retention = tenant.retention_days
    if "retention_days" in data:
        retention = _int_or_none(data["retention_days"], "retention_days", 1, 36500, errors)
    zone_name = tenant.time_zone
    if data.get("time_zone"):  # a form without the selector keeps the zone
        try:
            zone_name = timeparse.zone(data["time_zone"]).key
        except timeparse.TimeError:
            errors["time_zone"] = FieldError("tenant_zone_not_valid")
    frames = tenant.frame_ancestors
    if "frame_ancestors" in data:
        frames = clean_frame_ancestors(data["frame_ancestors"], errors)
    if errors:
        raise ValidationFailed(_("Some settings need another look."), errors)
    tenant.name = name
    tenant.locale = str(locale)
    tenant.policy = str(policy)
    tenant.default_results = str(results)
    tenant.default_access = str(access)
    if "default_anonymous" in data:
        tenant.default_anonymous = bool(data["default_anonymous"])
    tenant.brand_color = color
    tenant.retention_days = retention
    tenant.time_zone = zone_name
    tenant.frame_ancestors = frames
    db.session.flush()
    return tenant


def set_logo(tenant: Tenant, raw: bytes) -> None:
    """A PNG or JPEG up to LOGO_MAX_BYTES, re-encoded (metadata and anything hidden dropped)."""
    from PIL import Image, UnidentifiedImageError

    message, problem = (
        _("Upload a PNG or JPEG image of at most 1 MB."),
        FieldError("logo_not_valid"),
    )
    if not raw or len(raw) > limit("LOGO_MAX_BYTES"):
        raise ValidationFailed(message, {"logo": problem})
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in ("PNG", "JPEG"):
            raise ValidationFailed(message, {"logo": problem})
        with Image.open(io.BytesIO(raw)) as opened:
            img: Image.Image = opened
            if img.width * img.height > 40_000_000:
                raise ValidationFailed(message, {"logo": problem})
            img.load()
            img.thumbnail((1024, 1024))
            out = io.BytesIO()
            if kind == "PNG":
                img = img.convert("RGBA") if img.mode not in ("RGB", "RGBA") else img
                img.save(out, format="PNG", optimize=True)
                tenant.logo_type = "image/png"
            else:
                img = img.convert("RGB")
                img.save(out, format="JPEG", quality=88)
                tenant.logo_type = "image/jpeg"
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed(message, {"logo": problem}) from None
    data = out.getvalue()
    tenant.logo = data
    tenant.logo_etag = hashlib.sha256(data).hexdigest()[:32]
    db.session.flush()


def remove_logo(tenant: Tenant) -> None:
    tenant.logo = None
    tenant.logo_type = None
    tenant.logo_etag = None
    db.session.flush()


def set_limits(tenant: Tenant, data: dict[str, Any]) -> None:
    """The operator's settings of a tenant: its plan and its own host name."""
    errors: dict[str, str] = {}
    values = {
        key: _int_or_none(data.get(key), key, 0, 10_000_000, errors)
        for key in ("max_open_decisions", "max_ballots", "max_members")
    }
    domain: str | None = tenant.custom_domain
    if "custom_domain" in data:
        raw = str(data.get("custom_domain") or "").strip().lower().rstrip(".")
        if raw and not HOST_RE.match(raw):
            errors["custom_domain"] = FieldError("not_a_host_name")
        domain = raw or None
        if (
            domain
            and db.session.execute(
                sa.select(Tenant.id).where(Tenant.custom_domain == domain, Tenant.id != tenant.id)
            ).first()
        ):
            errors["custom_domain"] = FieldError("host_name_taken")
    if errors:
        raise ValidationFailed(_("Some settings need another look."), errors)
    for key, value in values.items():
        setattr(tenant, key, value)
    tenant.custom_domain = domain
    db.session.flush()


# ----------------------------------------------------------------------------- API keys


def list_keys() -> list[ApiKey]:
    return list(
        db.session.execute(
            sa.select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.created_at.desc())
        ).scalars()
    )


def new_key(tenant: Tenant, name: object) -> str:
    problems: dict[str, str] = {}
    text = parsing.clean_text(name, "name", max_len=100, min_len=1, errors=problems)
    if problems:
        raise ValidationFailed(_("Check the name."), {"name": FieldError("key_name_length")})
    return create_api_key(tenant, text)


def revoke_key(key_id: object) -> ApiKey:
    kid = parsing.parse_id(key_id)
    if kid is None:
        raise NotFound(_("There is no such key."))
    key = db.session.execute(sa.select(ApiKey).where(ApiKey.id == kid)).scalar_one_or_none()
    if key is None:
        raise NotFound(_("There is no such key."))
    if key.revoked_at is None:
        key.revoked_at = now()
    db.session.flush()
    return key


# ----------------------------------------------------------------------------- dashboard


@dataclass
class Row:
    decision: Decision
    phase: str
    ballots: int
    creator: str | None


@dataclass
class Page:
    rows: list[Row]
    page: int
    pages: int
    total: int


PER_PAGE = 25


def dashboard(*, q: str = "", phase: str = "", mine_of: int | None = None, page: int = 1) -> Page:
    """The current tenant's decisions, newest first: search in titles, filter by phase, only
    one member's, in pages."""
    stmt = sa.select(Decision)
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(Decision.title.ilike(pattern, escape="\\"))
    t: datetime = now()
    past = sa.and_(Decision.closes_at.is_not(None), Decision.closes_at <= t)
    # the same rule as Decision.phase_at, in SQL: collecting moves to voting by itself at
    # voting_starts_at once there are two options
    option_count = (
        sa.select(sa.func.count(Option.id))
        .where(Option.decision_id == Decision.id, Option.hidden.is_(False))
        .correlate(Decision)
        .scalar_subquery()
    )
    started = sa.and_(
        Decision.phase == "collecting",
        Decision.voting_starts_at.is_not(None),
        Decision.voting_starts_at <= t,
        option_count >= 2,
    )
    if phase == "closed":
        stmt = stmt.where(sa.or_(Decision.phase == "closed", past))
    elif phase == "voting":
        stmt = stmt.where(sa.or_(Decision.phase == "voting", started), sa.not_(past))
    elif phase == "collecting":
        stmt = stmt.where(Decision.phase == "collecting", sa.not_(started), sa.not_(past))
    if mine_of is not None:
        stmt = stmt.where(Decision.created_by == mine_of)
    total = int(
        db.session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar_one()
    )
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    decisions = list(
        db.session.execute(
            stmt.order_by(Decision.created_at.desc(), Decision.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        ).scalars()
    )
    ids = [d.id for d in decisions]
    counts = ballot_counts(ids)
    creator_ids = {d.created_by for d in decisions if d.created_by}
    emails: dict[int, str] = (
        dict(
            db.session.execute(
                sa.select(User.id, User.email)
                .join(Membership, Membership.user_id == User.id)
                .where(User.id.in_(creator_ids))
            ).all()
        )
        if creator_ids
        else {}
    )
    rows = [
        Row(
            d,
            d.phase_at(t),
            counts.get(d.id, 0),
            emails.get(d.created_by) if d.created_by else None,
        )
        for d in decisions
    ]
    return Page(rows, page, pages, total)
