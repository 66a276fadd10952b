"""Export and import of a whole tenant as JSON: its settings, logo, API keys (hashes),
members (with their users' e-mail addresses and password hashes), invitations, decisions,
options, ballots and invites. ``import_tenant(export_tenant(t))`` into a database without the
tenant restores it exactly; ids are kept where they are free and renumbered where not."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide.errors import Conflict, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import (
    ApiKey,
    Ballot,
    Comment,
    Decision,
    Invitation,
    Invite,
    Membership,
    Option,
    Subscription,
    Tenant,
    User,
)
from groupdecide.models.base import UTCDateTime
from groupdecide.problems import FieldError
from groupdecide.tenancy import tenant_context, valid_slug

FORMAT = "groupdecide-tenant"
VERSION = 1
SKIP = {"id", "tenant_id"}


def _columns(model: type) -> list[sa.Column[Any]]:
    return list(model.__table__.columns)  # type: ignore[attr-defined]


def _dump(obj: Any, skip: set[str] = SKIP) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in _columns(type(obj)):
        if col.key in skip:
            continue
        value = getattr(obj, col.key)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, bytes):
            value = base64.b64encode(value).decode()
        out[col.key] = value
    return out


def _load(model: type, data: dict[str, Any], skip: set[str] = SKIP) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in _columns(model):
        if col.key in skip or col.key not in data:
            continue
        value = data[col.key]
        if value is not None and isinstance(col.type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(col.type, sa.LargeBinary):
            value = base64.b64decode(value)
        out[col.key] = value
    return out


def export_tenant(tenant: Tenant) -> dict[str, Any]:
    """Everything of one tenant, and nothing of any other."""
    with tenant_context(tenant):

        def rows(model: type, order: Any) -> list[Any]:
            return list(db.session.execute(sa.select(model).order_by(order)).scalars())

        members = rows(Membership, Membership.id)
        invitations = rows(Invitation, Invitation.id)
        decisions = rows(Decision, Decision.created_at)
        user_ids = (
            {m.user_id for m in members}
            | {d.created_by for d in decisions if d.created_by}
            | {i.invited_by for i in invitations if i.invited_by}
        )
        users = (
            {
                u.id: u
                for u in db.session.execute(sa.select(User).where(User.id.in_(user_ids))).scalars()
            }
            if user_ids
            else {}
        )
        member_ids = {m.user_id for m in members}

        def email(uid: int | None) -> str | None:
            return users[uid].email if uid in users else None

        options = rows(Option, Option.id)
        ballots = rows(Ballot, Ballot.id)
        invites = rows(Invite, Invite.id)
        comments = rows(Comment, Comment.id)
        subscriptions = rows(Subscription, Subscription.id)
        out_decisions = []
        for d in decisions:
            item = _dump(d, SKIP | {"created_by"})
            item["created_by"] = email(d.created_by) if d.created_by in member_ids else None
            item["options"] = [
                {"id": o.id, **_dump(o, SKIP | {"decision_id"})}
                for o in options
                if o.decision_id == d.id
            ]
            item["ballots"] = [
                {"id": b.id, **_dump(b, SKIP | {"decision_id"})}
                for b in ballots
                if b.decision_id == d.id
            ]
            item["invites"] = [
                {"id": i.id, **_dump(i, SKIP | {"decision_id"})}
                for i in invites
                if i.decision_id == d.id
            ]
            item["comments"] = [
                _dump(c, SKIP | {"decision_id"}) for c in comments if c.decision_id == d.id
            ]
            item["subscriptions"] = [
                _dump(x, SKIP | {"decision_id"}) for x in subscriptions if x.decision_id == d.id
            ]
            item["id"] = d.id
            out_decisions.append(item)
        tenant_row = db.session.execute(
            sa.select(Tenant).where(Tenant.id == tenant.id).options(sa.orm.undefer(Tenant.logo))
        ).scalar_one()
        return {
            "format": FORMAT,
            "version": VERSION,
            "tenant": _dump(tenant_row),
            "users": [_dump(users[uid], {"id", "is_operator"}) for uid in sorted(member_ids)],
            "memberships": [
                {"id": m.id, "email": email(m.user_id), **_dump(m, SKIP | {"user_id"})}
                for m in members
            ],
            "invitations": [
                {
                    "id": i.id,
                    **_dump(i, SKIP | {"invited_by"}),
                    "invited_by": email(i.invited_by) if i.invited_by in member_ids else None,
                }
                for i in invitations
            ],
            "api_keys": [{"id": k.id, **_dump(k)} for k in rows(ApiKey, ApiKey.id)],
            "decisions": out_decisions,
        }


def _free(model: type, ids: list[Any]) -> bool:
    if not ids:
        return True
    id_column: Any = model.id  # type: ignore[attr-defined]
    taken = db.session.execute(
        sa.select(id_column).where(id_column.in_(ids)).execution_options(all_tenants=True)
    ).first()
    return taken is None


def import_tenant(data: Any, *, slug: str | None = None) -> Tenant:
    """Create a tenant from an export. Users that exist already (same e-mail address) keep
    their password; the others are created as exported."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationFailed(
            _("This is not a groupdecide tenant export."),
            {"format": FieldError("export_format_unknown")},
        )
    if data.get("version") != VERSION:
        raise ValidationFailed(
            _("This export has a version this server cannot read."),
            {"version": FieldError("export_version_unsupported")},
        )
    tdata = dict(data["tenant"])
    if slug:
        tdata["slug"] = slug
    if not valid_slug(str(tdata.get("slug", ""))):
        raise ValidationFailed(_("Check the tenant."), {"slug": FieldError("slug_not_valid")})
    if db.session.execute(sa.select(Tenant.id).where(Tenant.slug == tdata["slug"])).first():
        raise Conflict(
            _("A tenant with this slug exists already."), {"slug": FieldError("slug_taken")}
        )
    _refuse_live_copies(data)
    domain = tdata.get("custom_domain")
    if (
        domain
        and db.session.execute(sa.select(Tenant.id).where(Tenant.custom_domain == domain)).first()
    ):
        tdata["custom_domain"] = None
    # What the settings page and the operator's page check is set through their code only.
    tenant = Tenant(**_load(Tenant, tdata, SKIP | CHECKED))
    db.session.add(tenant)
    _import_settings(tenant, tdata)
    db.session.flush()
    users: dict[str, int] = {}
    for u in data.get("users", []):
        existing = db.session.execute(
            sa.select(User).where(User.email == u["email"])
        ).scalar_one_or_none()
        if existing is None:
            existing = User(**_load(User, u, {"id", "is_operator"}))
            db.session.add(existing)
            db.session.flush()
        users[existing.email] = existing.id
    with tenant_context(tenant):
        keep = {
            ApiKey: _free(ApiKey, [k["id"] for k in data.get("api_keys", [])]),
            Membership: _free(Membership, [m["id"] for m in data.get("memberships", [])]),
            Invitation: _free(Invitation, [i["id"] for i in data.get("invitations", [])]),
        }
        for k in data.get("api_keys", []):
            db.session.add(ApiKey(**_load(ApiKey, k), **({"id": k["id"]} if keep[ApiKey] else {})))
        for m in data.get("memberships", []):
            db.session.add(
                Membership(
                    **_load(Membership, m),
                    user_id=users[m["email"]],
                    **({"id": m["id"]} if keep[Membership] else {}),
                )
            )
        for i in data.get("invitations", []):
            db.session.add(
                Invitation(
                    **_load(Invitation, i, SKIP | {"invited_by"}),
                    invited_by=users.get(i.get("invited_by") or ""),
                    **({"id": i["id"]} if keep[Invitation] else {}),
                )
            )
        decisions = data.get("decisions", [])
        opts = [o["id"] for d in decisions for o in d["options"]]
        keep_opts = _free(Option, opts)
        keep_ballots = _free(Ballot, [b["id"] for d in decisions for b in d["ballots"]])
        keep_invites = _free(Invite, [i["id"] for d in decisions for i in d["invites"]])
        for d in decisions:
            from groupdecide.security import new_decision_id

            did = d["id"] if _free(Decision, [d["id"]]) else new_decision_id()
            decision = Decision(
                **_load(Decision, d, SKIP | {"created_by"}),
                id=did,
                created_by=users.get(d.get("created_by") or ""),
            )
            db.session.add(decision)
            db.session.flush()
            id_map: dict[str, str] = {}
            variants: list[tuple[Option, Any]] = []
            for o in d["options"]:
                # ``variant_of`` names an option of this decision by its exported id: set once
                # every option of the decision has its id here
                option = Option(
                    **_load(Option, o, SKIP | {"decision_id", "variant_of"}),
                    decision_id=did,
                    **({"id": o["id"]} if keep_opts else {}),
                )
                db.session.add(option)
                db.session.flush()
                id_map[str(o["id"])] = str(option.id)
                if o.get("variant_of") is not None:
                    variants.append((option, o["variant_of"]))
            for option, old_id in variants:
                mapped = id_map.get(str(old_id))
                option.variant_of = int(mapped) if mapped else None
            for b in d["ballots"]:
                fields = _load(Ballot, b, SKIP | {"decision_id"})
                fields["answers"] = {id_map.get(k, k): v for k, v in (b["answers"] or {}).items()}
                if fields.get("vetoes"):
                    fields["vetoes"] = {id_map.get(k, k): v for k, v in fields["vetoes"].items()}
                db.session.add(
                    Ballot(**fields, decision_id=did, **({"id": b["id"]} if keep_ballots else {}))
                )
            for i in d["invites"]:
                db.session.add(
                    Invite(
                        **_load(Invite, i, SKIP | {"decision_id"}),
                        decision_id=did,
                        **({"id": i["id"]} if keep_invites else {}),
                    )
                )
            for c in d.get("comments", []):
                db.session.add(
                    Comment(**_load(Comment, c, SKIP | {"decision_id"}), decision_id=did)
                )
            for x in d.get("subscriptions", []):
                db.session.add(
                    Subscription(**_load(Subscription, x, SKIP | {"decision_id"}), decision_id=did)
                )
        db.session.flush()
    _fix_sequences()
    return tenant


# The tenant's columns that the settings page (or the operator's page) checks: an export is
# input like any other (a crafted one served its logo as text/html, broke brand.css with an
# unchecked colour and added CSP directives through frame_ancestors).
SETTINGS = (
    "name",
    "locale",
    "policy",
    "brand_color",
    "default_results",
    "default_access",
    "retention_days",
    "frame_ancestors",
)
LIMITS = ("max_open_decisions", "max_ballots", "max_members", "custom_domain")
CHECKED = {*SETTINGS, *LIMITS, "default_anonymous", "logo", "logo_type", "logo_etag"}


def _import_settings(tenant: Tenant, tdata: dict[str, Any]) -> None:
    """An export's settings, limits, host name and logo, through the checks of the settings
    page and the operator's page; their field errors are named ``tenant.<field>``."""
    from .tenant_admin import set_limits, set_logo, update_settings

    def blank(key: str) -> Any:  # an export writes "not set" as null, the pages as ""
        return "" if tdata.get(key) is None else tdata[key]

    try:
        update_settings(tenant, {k: blank(k) for k in SETTINGS if k in tdata or k == "name"})
        set_limits(tenant, {k: blank(k) for k in LIMITS})
        anonymous = tdata.get("default_anonymous", False)
        if not isinstance(anonymous, bool):
            raise ValidationFailed(
                _("Check the tenant."), {"default_anonymous": FieldError("not_a_boolean")}
            )
        tenant.default_anonymous = anonymous
        if tdata.get("logo"):
            try:
                raw = base64.b64decode(str(tdata["logo"]), validate=True)
            except ValueError:
                raw = b""
            set_logo(tenant, raw)  # re-encoded as PNG or JPEG, its type set from the image
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.message, {f"tenant.{k}": v for k, v in exc.fields.items()}
        ) from None


def _refuse_live_copies(data: dict[str, Any]) -> None:
    """Tokens are capabilities: the same key or link may not open two tenants. An export whose
    tenant still exists here is refused (delete it first, or import into another database)."""
    checks: list[tuple[Any, list[str]]] = [
        (ApiKey.key_hash, [k["key_hash"] for k in data.get("api_keys", [])]),
        (Invitation.token_hash, [i["token_hash"] for i in data.get("invitations", [])]),
        (Decision.admin_token_hash, [d["admin_token_hash"] for d in data.get("decisions", [])]),
        (
            Ballot.edit_token_hash,
            [b["edit_token_hash"] for d in data.get("decisions", []) for b in d.get("ballots", [])],
        ),
        (
            Invite.token_hash,
            [i["token_hash"] for d in data.get("decisions", []) for i in d.get("invites", [])],
        ),
    ]
    for column, hashes in checks:
        for start in range(0, len(hashes), 500):
            if db.session.execute(
                sa.select(column)
                .where(column.in_(hashes[start : start + 500]))
                .execution_options(all_tenants=True)
                .limit(1)
            ).first():
                raise Conflict(
                    _(
                        "The data of this export exists in this database already "
                        "(its keys and links would open both). Delete that tenant "
                        "first, or import into another database."
                    ),
                    {"file": FieldError("file_in_use")},
                )


def _fix_sequences() -> None:
    """On PostgreSQL, move the id sequences past ids inserted explicitly."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in (
        "users",
        "memberships",
        "invitations",
        "api_keys",
        "options",
        "ballots",
        "invites",
    ):
        db.session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
            ),
            # the sequence is shared by every tenant: its maximum is over all of them
            execution_options={"all_tenants": True},
        )
