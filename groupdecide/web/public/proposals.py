"""Proposals on the participation page: support marks while collecting (a toggle per
proposal), comments per proposal (a disclosure with a small form), and what the compact
consensus ballot shows around its proposals (order, variants, who sees the ratings, the time
left). Templates call ``proposals_view(decision)``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import g, redirect, request, url_for
from flask_babel import format_timedelta
from werkzeug.wrappers import Response as WResponse

from groupdecide.errors import DomainError
from groupdecide.extensions import configured_limit, limiter
from groupdecide.i18n import gettext as _
from groupdecide.models import Comment, Decision, Option
from groupdecide.services import comments, decisions, options, proposals, supports
from groupdecide.services.times import now
from groupdecide.web import capabilities
from groupdecide.web.participant_id import browser_id

from . import _render_participate, bp
from .comments import post_comment

COMMENTS_SHOWN = 50


def participant(decision: Decision, *, create: bool = True) -> str | None:
    """Who this browser is for this decision: its invite where access is by invitation (None
    without a valid one), else its random id."""
    try:
        return supports.participant_for(
            decision,
            invite_token=capabilities.invite_token(decision),
            browser_id=browser_id(create=create),
        )
    except DomainError:
        return None


@dataclass
class ProposalsView:
    decision: Decision
    participant: str | None
    ordered: list[Option]
    threshold: int
    support: dict[int, int]
    marked: set[int]
    comment_counts: dict[int, int]
    labels: dict[int, str]
    variants: dict[int, list[Option]]
    _comments: dict[int, list[Comment]] = field(default_factory=dict)

    def comments_of(self, option: Option) -> list[Comment]:
        if option.id not in self._comments:
            rows, _more = comments.list_comments(
                self.decision, option_id=option.id, limit=COMMENTS_SHOWN
            )
            self._comments[option.id] = rows
        return self._comments[option.id]

    def error_for(self, option: Option) -> dict[str, Any]:
        found: dict[int, dict[str, Any]] = g.get("proposal_errors") or {}
        return found.get(option.id, {})

    @property
    def who_sees(self) -> str:
        rules = self.decision.rules
        if rules.anonymous or rules.individual_answers == "nobody":
            return _("Your ratings are shown to nobody; only the totals are shown.")
        if rules.individual_answers == "organizer":
            return _("Your ratings are shown with your name only to the organizer.")
        return _("Your ratings are shown with your name to everyone who sees the results.")

    @property
    def time_left(self) -> str | None:
        closes: datetime | None = self.decision.closes_at
        if closes is None:
            return None
        left = closes - now()
        if left.total_seconds() <= 0:
            return None
        return _("closes in %(left)s", left=format_timedelta(left, threshold=1.5))


def proposals_view(decision: Decision) -> ProposalsView:
    cached = g.get("proposals_view")
    if isinstance(cached, ProposalsView) and cached.decision is decision:
        return cached
    who = participant(decision)
    answerable = decision.ballot_options
    variants: dict[int, list[Option]] = {}
    for option in answerable:
        if option.variant_of is not None:
            variants.setdefault(option.variant_of, []).append(option)
    view = ProposalsView(
        decision=decision,
        participant=who,
        ordered=proposals.ballot_order(decision, answerable, who),
        threshold=supports.threshold(decision),
        support=supports.counts(decision),
        marked=supports.marked_by(decision, who) if who else set(),
        comment_counts=comments.comment_counts(decision),
        labels={o.id: o.label for o in decision.options},
        variants=variants,
    )
    g.proposals_view = view
    return view


bp.add_app_template_global(proposals_view, "proposals_view")


def _back(decision: Decision, anchor: str) -> WResponse:
    return redirect(url_for("public.participate", decision_id=decision.id, _anchor=anchor), 303)


@bp.post("/d/<decision_id>/options/<int:option_id>/support")
@limiter.limit(configured_limit("RATELIMIT_BALLOT"))
def support(decision_id: str, option_id: int) -> WResponse | tuple[str, int]:
    """Mark a proposal (``on=1``) or take the mark back (``on=0``)."""
    decision = decisions.get_decision_for_update(decision_id)
    option = options.get_option(decision, option_id)
    try:
        who = supports.participant_for(
            decision,
            invite_token=capabilities.invite_token(decision),
            browser_id=browser_id(),
        )
        if request.form.get("on") == "0":
            supports.unmark(decision, option, who)
        else:
            supports.mark(decision, option, who)
    except DomainError as exc:
        g.proposal_errors = {option.id: {"support": exc.message}}
        return _render_participate(decision, status=exc.status)
    return _back(decision, f"proposal-{option.id}")


@bp.post("/d/<decision_id>/options/<int:option_id>/comments")
@limiter.limit(configured_limit("RATELIMIT_BALLOT"))
def option_comment(decision_id: str, option_id: int) -> WResponse | tuple[str, int]:
    """Add a comment on one proposal."""
    decision = decisions.get_decision(decision_id)
    option = options.get_option(decision, option_id)
    failed = post_comment(decision, option.id)
    if failed is not None:
        form, status = failed
        form["errors"] = {f"pc{option.id}_{k}": v for k, v in form["errors"].items()}
        g.proposal_errors = {option.id: form}
        return _render_participate(decision, status=status)
    return _back(decision, f"option-comments-{option.id}")
