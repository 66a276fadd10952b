"""Notifications around a decision: the closing announcement (organizer and subscribers), the
reminder before closing (invites with an address) and the organizer's daily digest.

A closing by hand is announced by the request that closes (after its commit). A closing by
time is announced by ``flask --app groupdecide notify`` (cron), never from inside a page view:
a GET neither builds nor sends mail (``observe`` does nothing there). ``closed_notified_at``
guards against sending twice. Every link in a mail comes from ``links.public_url`` (the
configured public URL or the tenant's own host), never from a request. Every mail leaves only
after the commit (``services.mail``); a mail failure is logged and changes nothing stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision, Invite, Subscription, Tenant
from groupdecide.security import hash_token, new_token
from groupdecide.tenancy import tenant_context

from . import mail
from .actors import Actor
from .events import emit
from .mail import send_mail
from .times import now
from .unsubscribe import participant_mail

log = logging.getLogger(__name__)

DIGEST_EVERY = timedelta(hours=20)  # "daily", with room for a cron that runs a bit early
REMIND_BEFORE = timedelta(days=1)


def _tenant(decision: Decision) -> Tenant:
    return db.session.execute(sa.select(Tenant).where(Tenant.id == decision.tenant_id)).scalar_one()


def mail_link(endpoint: str, decision: Decision, **values: Any) -> str:
    """An absolute link for a mail: from PUBLIC_URL or the tenant's own host, never from the
    request."""
    from groupdecide.links import public_url

    return public_url(endpoint, _tenant(decision), decision_id=decision.id, **values)


def invite_by_mail(
    decision: Decision, emails: list[str], actor: Actor | None
) -> list[tuple[Invite, str]]:
    """One invite per address, each mailed its personal link (after the commit), within the
    limits of ``mail_limits`` (some of which depend on who asks: ``actor``)."""
    from .invites import make_invites
    from .mail_limits import check_invite_mails

    check_invite_mails(_tenant(decision), decision, emails, actor)
    made = make_invites(decision, emails=emails)
    with force_locale(_tenant(decision).locale):
        for invite, token in made:
            assert invite.email is not None
            body = "\n\n".join(
                [
                    _("You are invited to answer “%(title)s”.", title=decision.title),
                    _(
                        "Your personal link (it works for one answer; do not pass it on): %(link)s",
                        link=mail_link("public.participate", decision, invite=token),
                    ),
                ]
            )
            participant_mail(
                _tenant(decision),
                invite.email,
                _("Invitation: %(title)s", title=decision.title),
                body,
            )
    return made


def _summary(decision: Decision) -> str:
    """The leading option(s) in words, for a mail."""
    from .results import count

    result = count(decision)
    labels = {o.id: o.label for o in decision.options}
    winners = [labels[w] for w in result.get("winners") or [] if w in labels]
    lines = [_("Answers: %(num)s", num=result["ballot_count"])]
    if winners:
        lines.append(_("Result: %(labels)s", labels=" · ".join(winners)))
    return "\n".join(lines)


def announce_closed(decision: Decision) -> bool:
    """Announce a closing once: the organizer (if they left an address) and everyone who asked
    for the outcome. One conditional UPDATE decides which caller sends."""
    won = db.session.execute(
        sa.update(Decision)
        .where(Decision.id == decision.id, Decision.closed_notified_at.is_(None))
        .values(closed_notified_at=now()),
        execution_options={"synchronize_session": False},
    )
    if won.rowcount != 1:  # type: ignore[attr-defined]
        return False
    decision.closed_notified_at = now()
    emit(decision, "decision.closed")  # once per closing, by hand or by time
    tenant = _tenant(decision)
    with force_locale(tenant.locale):
        _closing_mails(decision)
    return True


def _results_for_organizer(decision: Decision, with_link: str) -> str:
    """The line of an organizer's mail that leads to the results: ``with_link`` where anyone
    may see them; else the way through the admin link (the pages answer 403 on any device that
    has not opened it, and the admin token is not kept to be mailed)."""
    from .results import results_visible

    if results_visible(decision, as_admin=False):
        return with_link
    return str(
        _(
            "Only you can see the results: open the admin link you kept when you created "
            "the decision; the results and the decision record are linked from there."
        )
    )


def chosen_slot_ics(decision: Decision) -> tuple[str, str, str] | None:
    """The best time slot of a date poll as an iCalendar attachment (file name, type, text),
    or None: no slot won, or the options are not time slots. Links and the event's id come
    from the configured address (PUBLIC_URL or the tenant's host), never from a request."""
    from urllib.parse import urlsplit

    from .exports import slot_ics
    from .results import count

    winners = count(decision).get("winners") or []
    by_id = {o.id: o for o in decision.options}
    option = by_id.get(winners[0]) if winners else None
    if option is None or option.starts_at is None:
        return None
    link = mail_link("public.participate", decision)
    host = urlsplit(link).hostname or "groupdecide"
    return (
        f"{decision.id}-{option.id}.ics",
        "text/calendar",
        slot_ics(decision, option, host=host, link=link),
    )


def _closing_mails(decision: Decision) -> None:
    from .results import results_visible

    record = mail_link("public.record", decision)
    visible = results_visible(decision, as_admin=False)
    if decision.notify_email:
        # With results for the organizer only, the record answers 403 on any device that has
        # not opened the admin link: say where to look instead of mailing a link that fails.
        where = _results_for_organizer(
            decision, _("Results and the decision record: %(link)s", link=record)
        )
        body = "\n\n".join(
            [
                _("Your decision “%(title)s” is closed.", title=decision.title),
                _summary(decision),
                where,
                _("You can write an outcome statement on the admin page."),
            ]
        )
        slot = chosen_slot_ics(decision)
        send_mail(
            decision.notify_email,
            _("Closed: %(title)s", title=decision.title),
            body,
            [slot] if slot else (),
        )
    subscribers = list(
        db.session.execute(
            sa.select(Subscription).where(
                Subscription.decision_id == decision.id, Subscription.outcome_sent_at.is_(None)
            )
        ).scalars()
    )
    invited = db.session.execute(
        sa.select(Invite.email).where(
            Invite.decision_id == decision.id,
            Invite.email.is_not(None),
            Invite.revoked_at.is_(None),
        )
    ).scalars()
    addresses = dict.fromkeys([s.email for s in subscribers] + [e for e in invited if e])
    if not addresses:
        return
    parts = [_("The decision “%(title)s” is closed.", title=decision.title)]
    if visible:
        parts += [_summary(decision), _("The decision record: %(link)s", link=record)]
    else:
        parts.append(_("The organizer shares the result."))
    if decision.outcome:
        parts.append(_("Outcome: %(text)s", text=decision.outcome))
    body = "\n\n".join(parts)
    calendar = chosen_slot_ics(decision) if visible else None
    for address in addresses:
        participant_mail(
            _tenant(decision),
            address,
            _("Closed: %(title)s", title=decision.title),
            body,
            [calendar] if calendar else (),
        )
    stamp = now()
    for s in subscribers:
        s.outcome_sent_at = stamp
    db.session.flush()


def observe(decision: Decision, *, reading: bool) -> None:
    """Called by the pages and the API that show a decision. A read (``reading``: a GET, HEAD
    or OPTIONS) never builds or sends mail: a closing by time is announced by ``flask notify``.
    Other requests that see a decision closed by time announce it (after their commit). A
    savepoint keeps a busy database from failing the request (the cron command tries again)."""
    if reading:
        return
    if decision.closed_notified_at is not None or decision.current_phase != "closed":
        return
    if decision.closes_at is None and decision.phase != "closed":
        return
    try:
        with db.session.begin_nested():
            announce_closed(decision)
    except OperationalError:
        log.warning("closing of a decision not announced yet (database busy); retried later")


# ----------------------------------------------------------------------------- cron


def _remind(decision: Decision) -> int:
    """Mail each unused invite with an address a new link (the old one is replaced: only the
    hash of a token is kept, so the first link cannot be sent again)."""
    invites = list(
        db.session.execute(
            sa.select(Invite).where(
                Invite.decision_id == decision.id,
                Invite.email.is_not(None),
                Invite.used_at.is_(None),
                Invite.revoked_at.is_(None),
                Invite.reminded_at.is_(None),
            )
        ).scalars()
    )
    for invite in invites:
        token = new_token()
        invite.token_hash = hash_token(token)
        invite.reminded_at = now()
        body = "\n\n".join(
            [
                _(
                    "“%(title)s” closes at %(time)s UTC and you have not answered yet.",
                    title=decision.title,
                    time=decision.closes_at.strftime("%Y-%m-%d %H:%M")
                    if decision.closes_at
                    else "",
                ),
                _(
                    "Your personal link (it replaces the one in the first mail): %(link)s",
                    link=mail_link("public.participate", decision, invite=token),
                ),
            ]
        )
        assert invite.email is not None
        participant_mail(
            _tenant(decision), invite.email, _("Reminder: %(title)s", title=decision.title), body
        )
    db.session.flush()
    return len(invites)


def _digest(decision: Decision, at: datetime) -> bool:
    if decision.rules.anonymous:
        # anonymous ballot ids are random: count them instead (``digest_ballot_id`` then holds
        # the number of ballots at the last digest)
        total = int(
            db.session.execute(
                sa.select(sa.func.count(Ballot.id)).where(Ballot.decision_id == decision.id)
            ).scalar_one()
        )
        new, top = max(0, total - decision.digest_ballot_id), total
    else:
        newest = db.session.execute(
            sa.select(sa.func.count(Ballot.id), sa.func.max(Ballot.id)).where(
                Ballot.decision_id == decision.id, Ballot.id > decision.digest_ballot_id
            )
        ).one()
        new, top = int(newest[0]), newest[1]
    if not new or not decision.notify_email:
        return False
    body = "\n\n".join(
        [
            ngettext(
                "“%(title)s” has %(num)s new answer since the last summary.",
                "“%(title)s” has %(num)s new answers since the last summary.",
                new,
                title=decision.title,
            ),
            _results_for_organizer(
                decision, _("Results: %(link)s", link=mail_link("public.results", decision))
            ),
        ]
    )
    send_mail(decision.notify_email, _("New answers: %(title)s", title=decision.title), body)
    decision.digest_ballot_id = int(top)
    decision.digest_sent_at = at
    db.session.flush()
    return True


def _isolated(what: str, step: Callable[[], int], after_each: Callable[[], None] | None) -> int:
    """Run one decision's mails on their own: a failure (a broken row, a mail that cannot be
    built) is logged and undone (with the mails it queued) and the others go on; with
    ``after_each`` (the CLI's commit) each one is stored, and its mails leave, at once."""
    queued = mail.queued()
    try:
        with db.session.begin_nested():
            n = step()
    except Exception:  # noqa: BLE001 - one decision must not stop the others
        log.exception("%s failed; the others go on", what)
        mail.drop_queued_after(queued)
        return 0
    if after_each is not None:
        after_each()
    return n


def run(at: datetime | None = None, after_each: Callable[[], None] | None = None) -> dict[str, int]:
    """Everything due, over every tenant: closings to announce, reminders, digests. Each
    decision is handled on its own (``_isolated``); the caller commits, or ``after_each``
    does after every decision."""
    at = at or now()
    done = {"closed": 0, "reminded": 0, "digests": 0}
    tenants = (
        db.session.execute(sa.select(Tenant).where(Tenant.disabled.is_(False)).order_by(Tenant.id))
        .scalars()
        .all()
    )
    for tenant in tenants:
        with tenant_context(tenant), force_locale(tenant.locale):
            done["closed"] += _closings(at, after_each)
            done["reminded"] += _reminders(at, after_each)
            done["digests"] += _digests(at, after_each)
    return done


def _closings(at: datetime, after_each: Callable[[], None] | None) -> int:
    closing = (
        db.session.execute(
            sa.select(Decision.id).where(
                Decision.closed_notified_at.is_(None),
                sa.or_(
                    Decision.phase == "closed",
                    sa.and_(Decision.closes_at.is_not(None), Decision.closes_at <= at),
                ),
            )
        )
        .scalars()
        .all()
    )

    def close(did: str) -> int:
        return int(announce_closed(_get(did)))

    return sum(_isolated(f"closing of {d}", partial(close, d), after_each) for d in closing)


def _reminders(at: datetime, after_each: Callable[[], None] | None) -> int:
    soon = (
        db.session.execute(
            sa.select(Decision.id).where(
                Decision.closes_at > at,
                Decision.closes_at <= at + REMIND_BEFORE,
                Decision.phase != "closed",
            )
        )
        .scalars()
        .all()
    )

    def remind(did: str) -> int:
        decision = _get(did)
        if decision.phase_at(at) == "voting" and decision.rules.access == "invite":
            return _remind(decision)
        return 0

    return sum(_isolated(f"reminders of {d}", partial(remind, d), after_each) for d in soon)


def _digests(at: datetime, after_each: Callable[[], None] | None) -> int:
    due = (
        db.session.execute(
            sa.select(Decision.id).where(
                Decision.notify_digest.is_(True),
                Decision.notify_email.is_not(None),
                sa.or_(
                    Decision.digest_sent_at.is_(None),
                    Decision.digest_sent_at <= at - DIGEST_EVERY,
                ),
            )
        )
        .scalars()
        .all()
    )

    def digest(did: str) -> int:
        decision = _get(did)
        return int(decision.phase_at(at) != "closed" and _digest(decision, at))

    return sum(_isolated(f"digest of {d}", partial(digest, d), after_each) for d in due)


def _get(decision_id: str) -> Decision:
    return db.session.execute(sa.select(Decision).where(Decision.id == decision_id)).scalar_one()
