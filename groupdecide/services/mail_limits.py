"""Limits on invitations by mail, so that the service cannot be used to send mail at others.

Checked before any invite is made (``check_invite_mails``), in this order:

1. addresses per request: ``MAIL_INVITES_PER_REQUEST`` (422 naming ``emails``);
2. on the open default tenant (anyone may start a decision there) mailing invites needs a
   logged-in member of that tenant, whose address is confirmed (it received the set-up or
   invitation link): ``MAIL_INVITES_OPEN_DEFAULT`` = ``members`` (the default), ``off`` or
   ``on`` (403);
3. mails per decision, in all: ``MAIL_INVITES_PER_DECISION`` (403);
4. mails per tenant in the last 24 hours: ``MAIL_INVITES_PER_TENANT_DAY`` (403), summed over
   the tenant's ``MailRecord`` rows, which outlive the decisions (deleting a decision, or its
   invites, gives no mails back);
5. mails per client (IP address), counted in the rate-limit storage:
   ``RATELIMIT_INVITE_MAILS`` (429, with ``Retry-After``), each address counting one.

A batch that passes is recorded at once (one ``MailRecord`` with its number of addresses), in
the same transaction as its invites: a request that fails later rolls both back.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, Response, current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from groupdecide.errors import DomainError, Forbidden, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Decision, Invite, MailRecord, Tenant

from .actors import Actor
from .times import now


class TooManyMails(DomainError):
    """The client has sent its share of invitation mails for now."""

    status, code = 429, "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _mailed(*criteria: sa.ColumnElement[bool]) -> int:
    return int(
        db.session.execute(
            sa.select(sa.func.count(Invite.id)).where(Invite.email.is_not(None), *criteria)
        ).scalar_one()
    )


def _mailed_today() -> int:
    """Invitation mails the current tenant sent in the last 24 hours (the records survive the
    decisions they were for)."""
    return int(
        db.session.execute(
            sa.select(sa.func.coalesce(sa.func.sum(MailRecord.count), 0)).where(
                MailRecord.kind == "invite", MailRecord.created_at > now() - timedelta(days=1)
            )
        ).scalar_one()
    )


def _open_default(tenant: Tenant) -> bool:
    return tenant.slug == current_app.config["DEFAULT_TENANT"] and tenant.policy == "open"


def _check_open_default(tenant: Tenant, actor: Actor | None) -> None:
    mode = str(current_app.config.get("MAIL_INVITES_OPEN_DEFAULT") or "members")
    if mode == "on" or not _open_default(tenant):
        return
    if mode == "members":
        from .policy import member_of_current

        if member_of_current(actor) is not None:
            return
    raise Forbidden(
        _(
            "Invitations by mail are not sent from this open space. Make personal links "
            "instead and send them yourself, or log in as a member."
        ),
        {"emails": _("Invitations by mail are not sent from this open space.")},
    )


def _check_client(client: str | None, count: int) -> None:
    """Count ``count`` mails against the client's share in the rate-limit storage (``client``:
    the address the call came from; None, outside a request: no per-client share)."""
    from limits import parse_many

    from groupdecide.extensions import limiter

    if client is None or not current_app.config.get("RATELIMIT_ENABLED"):
        return
    key = client or "unknown"
    for item in parse_many(str(current_app.config["RATELIMIT_INVITE_MAILS"])):
        if not limiter.limiter.hit(item, "invite-mails", key, cost=count):
            reset, _remaining = limiter.limiter.get_window_stats(item, "invite-mails", key)
            wait = max(1, int(reset - now().timestamp()))
            raise TooManyMails(
                _("Too many invitations by mail from here. Please try again later."), wait
            )


def check_invite_mails(
    tenant: Tenant, decision: Decision, emails: list[str], actor: Actor | None
) -> None:
    """Refuse a batch of invitation mails that would exceed a limit (see the module); record a
    batch that passes, to count against the tenant's day."""
    cfg = current_app.config
    count = len(dict.fromkeys(emails))
    per_request = int(cfg["MAIL_INVITES_PER_REQUEST"])
    if count > per_request:
        message = ngettext(
            "At most %(num)d address at once.", "At most %(num)d addresses at once.", per_request
        )
        raise ValidationFailed(_("Too many addresses at once."), {"emails": message})
    _check_open_default(tenant, actor)
    per_decision = int(cfg["MAIL_INVITES_PER_DECISION"])
    if _mailed(Invite.decision_id == decision.id) + count > per_decision:
        raise Forbidden(
            ngettext(
                "Limit reached: a decision sends at most %(num)d invitation by mail.",
                "Limit reached: a decision sends at most %(num)d invitations by mail.",
                per_decision,
            ),
            {"emails": _("Limit reached for this decision.")},
        )
    from .plans import effective_limit  # the plan's mails a day, else the setting

    per_tenant = effective_limit(tenant, "max_mails_per_day")
    if per_tenant is not None and _mailed_today() + count > per_tenant:
        raise Forbidden(
            ngettext(
                "Limit reached: this space sends at most %(num)d invitation by mail a day.",
                "Limit reached: this space sends at most %(num)d invitations by mail a day.",
                per_tenant,
            ),
            {"emails": _("Limit reached for today.")},
        )
    _check_client(actor.client if actor is not None else None, count)
    db.session.add(MailRecord(kind="invite", count=count))
    db.session.flush()


def init_app(app: Flask) -> None:
    """Answer ``TooManyMails`` like any rate limit: the error envelope (or page) with
    ``Retry-After``."""
    from groupdecide.errors import handle_domain_error

    def too_many(error: TooManyMails) -> Response:
        resp = handle_domain_error(error)
        resp.headers["Retry-After"] = str(error.retry_after)
        return resp

    app.register_error_handler(TooManyMails, too_many)
