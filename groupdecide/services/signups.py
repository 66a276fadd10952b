"""Sign-up (``GROUPDECIDE_SIGNUP`` = off, open or approval): an organisation asks for a space
at ``/signup``, confirms its address by a mailed link, and (``open``) gets its tenant at once
or (``approval``) waits for the operator, who approves or rejects in ``/operator/signups``.

The ``Signup`` row keeps the password as an Argon2 hash and the link's token as a SHA-256
hash; links come from PUBLIC_URL, never from the request's Host. No more than
``SIGNUP_MAILS_PER_DAY`` sign-up mails go to one address in 24 hours (counted over the rows)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from groupdecide import parsing
from groupdecide.errors import Conflict, NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Signup, Tenant, User
from groupdecide.problems import FieldError
from groupdecide.security import hash_token, new_token
from groupdecide.tenancy import tenant_context, valid_slug

from .accounts import clean_email
from .mail import send_mail
from .passwords import hash_password, password_problem
from .times import now

MODES = ("off", "open", "approval")
# Words that name pages of the service (or might one day): never a tenant's slug.
RESERVED = frozenset(
    [
        "admin",
        "administrator",
        "api",
        "app",
        "apps",
        "assets",
        "auth",
        "account",
        "accounts",
        "billing",
        "blog",
        "confirm",
        "dashboard",
        "docs",
        "embed",
        "help",
        "healthz",
        "login",
        "logout",
        "mail",
        "metrics",
        "new",
        "operator",
        "root",
        "signup",
        "signups",
        "static",
        "status",
        "support",
        "system",
        "t",
        "www",
    ]
)


def mode() -> str:
    value = str(current_app.config.get("SIGNUP") or "off").strip().lower()
    return value if value in MODES else "off"


def slug_code(slug: object) -> str | None:
    """Why ``slug`` cannot be had (a field-error code), or None."""
    if not isinstance(slug, str) or parsing.has_bad_characters(slug) or not valid_slug(slug):
        return "bad_slug"
    if slug in RESERVED or slug == current_app.config.get("DEFAULT_TENANT"):
        return "slug_reserved"
    if db.session.execute(sa.select(Tenant.id).where(Tenant.slug == slug)).first() is not None:
        return "slug_taken"
    waiting = db.session.execute(
        sa.select(Signup.id).where(Signup.slug == slug, Signup.status == "confirmed")
    ).first()
    if waiting is not None:
        return "slug_taken"
    return None


def _mails_today(email: str) -> int:
    return int(
        db.session.execute(
            sa.select(sa.func.count(Signup.id)).where(
                Signup.email == email, Signup.created_at > now() - timedelta(days=1)
            )
        ).scalar_one()
    )


def start(data: dict[str, Any], locale: str) -> Signup | None:
    """Check a sign-up and store it, mailing the confirmation link. Returns None (and stores
    and sends nothing) when the address has had its mails for today: the page says the same
    either way."""
    errors: dict[str, FieldError] = {}
    organisation = data.get("organisation")
    organisation = organisation.strip() if isinstance(organisation, str) else ""
    if not organisation or len(organisation) > 200 or parsing.has_bad_characters(organisation):
        errors["organisation"] = FieldError("bad_name_length")
    slug = data.get("slug")
    slug = slug.strip().lower() if isinstance(slug, str) else ""
    code = slug_code(slug)
    if code:
        errors["slug"] = FieldError(code)
    email = ""
    try:
        email = clean_email(data.get("email"))
    except ValidationFailed as exc:
        errors.update(exc.fields)  # type: ignore[arg-type]
    password = data.get("password")
    problem = password_problem(password)
    if problem:
        errors["password"] = problem
    if errors:
        raise ValidationFailed(_("Check the sign-up."), errors)
    assert isinstance(password, str)
    if _mails_today(email) >= int(current_app.config["SIGNUP_MAILS_PER_DAY"]):
        current_app.logger.info("sign-up mail cap reached for an address: nothing sent")
        return None
    token = new_token()
    row = Signup(
        organisation=organisation,
        slug=slug,
        email=email,
        password_hash=hash_password(password),
        token_hash=hash_token(token),
        locale=locale if locale in ("en", "de") else "en",
        status="pending",
    )
    db.session.add(row)
    db.session.flush()
    from groupdecide.links import public_url

    link = public_url("signup.confirm", token=token)
    with force_locale(row.locale):
        send_mail(
            email,
            _("Confirm your sign-up for %(name)s", name=organisation),
            _(
                "Someone (we hope you) asked for a space for %(name)s on groupdecide with "
                "this address.\n\nConfirm it with this link (it works for %(num)d days):\n"
                "%(link)s\n\nIf it was not you, ignore this mail: nothing happens.\n",
                name=organisation,
                num=int(current_app.config["SIGNUP_LINK_DAYS"]),
                link=link,
            ),
        )
    return row


def find_by_token(token: object) -> Signup:
    """The sign-up a live link belongs to, else NotFound."""
    if not isinstance(token, str) or not token or len(token) > 200:
        raise NotFound(_("This link is not valid (any more)."))
    row = db.session.execute(
        sa.select(Signup).where(Signup.token_hash == hash_token(token))
    ).scalar_one_or_none()
    days = int(current_app.config["SIGNUP_LINK_DAYS"])
    if row is None or row.created_at < now() - timedelta(days=days):
        raise NotFound(_("This link is not valid (any more)."))
    return row


def create_space(row: Signup) -> tuple[Tenant, User]:
    """The tenant of a sign-up, as ``flask tenant create`` makes it (first key, the service's
    limits), with the default plan and the applicant as owner. Conflict when the slug was
    taken meanwhile."""
    from .accounts import ensure_user
    from .memberships import add_member
    from .plans import default_plan
    from .tenants import create_tenant_with_owner

    if db.session.execute(sa.select(Tenant.id).where(Tenant.slug == row.slug)).first():
        raise Conflict(
            _("The short name %(slug)s was taken by someone else meanwhile.", slug=row.slug),
            {"slug": FieldError("slug_taken")},
        )
    tenant, _key, _link = create_tenant_with_owner(row.slug, row.organisation, locale=row.locale)
    plan = default_plan()
    tenant.plan_id = plan.id if plan is not None else None
    with tenant_context(tenant):
        user = ensure_user(row.email)
        if user.password_hash is None:  # an existing account keeps its own password
            user.password_hash = row.password_hash
            user.password_changed_at = now()
        add_member(tenant, user, "owner")
    row.status = "done"
    row.created_tenant_id = tenant.id
    row.password_hash = ""  # no longer needed
    db.session.flush()
    return tenant, user


def confirm(row: Signup) -> tuple[Tenant, User] | None:
    """Follow the mailed link: with ``open`` the tenant is made at once (returned); with
    ``approval`` the sign-up waits for the operator (None)."""
    if row.status != "pending":
        raise NotFound(_("This link is not valid (any more)."))
    row.confirmed_at = now()
    if mode() == "approval":
        row.status = "confirmed"
        db.session.flush()
        return None
    return create_space(row)


def pending() -> list[Signup]:
    return list(
        db.session.execute(
            sa.select(Signup).where(Signup.status == "confirmed").order_by(Signup.confirmed_at)
        ).scalars()
    )


def get_waiting(signup_id: object) -> Signup:
    sid = parsing.parse_id(signup_id)
    row = db.session.get(Signup, sid) if sid is not None else None
    if row is None or row.status != "confirmed":
        raise NotFound(_("There is no such sign-up waiting."))
    return row


def approve(row: Signup) -> Tenant:
    """The operator says yes: the tenant is made and the applicant gets a log-in link."""
    from groupdecide.links import public_url

    tenant, _user = create_space(row)
    row.decided_at = now()
    link = public_url("auth.login", tenant)
    with force_locale(row.locale):
        send_mail(
            row.email,
            _("Your space %(name)s is ready", name=row.organisation),
            _(
                "Your sign-up for %(name)s on groupdecide is approved.\n\nLog in with your "
                "e-mail address and the password you chose:\n%(link)s\n",
                name=row.organisation,
                link=link,
            ),
        )
    db.session.flush()
    return tenant


def reject(row: Signup) -> None:
    """The operator says no: the applicant is told politely; the password hash goes."""
    row.status = "rejected"
    row.decided_at = now()
    row.password_hash = ""
    with force_locale(row.locale):
        send_mail(
            row.email,
            _("Your sign-up for %(name)s", name=row.organisation),
            _(
                "Thank you for your interest in groupdecide. We are sorry: we cannot open a "
                "space for %(name)s at the moment. If you think this is a mistake, answer "
                "this mail.\n",
                name=row.organisation,
            ),
        )
    db.session.flush()
