"""API views: thin. Parse (schemas), authorize, call a service, shape the answer."""

from __future__ import annotations

from typing import Any

from flask import g, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint as _Blueprint

from ..errors import Unauthorized, ValidationFailed
from ..extensions import configured_limit, limiter
from ..links import shown_link
from ..models import Ballot, Decision
from ..services import (
    auth,
    ballots,
    comments,
    decision_log,
    decisions,
    invites,
    notify,
    options,
    results,
)
from ..services.times import iso
from ..tenancy import current_tenant
from ..web.actor import api_actor, reading
from . import Parser
from .schemas import (
    BallotCreatedSchema,
    BallotEditSchema,
    BallotInSchema,
    BallotListSchema,
    BallotSchema,
    CommentInSchema,
    CommentListSchema,
    CommentQuerySchema,
    CommentSchema,
    ConfirmQuerySchema,
    DecisionCreatedSchema,
    DecisionCreateSchema,
    DecisionListSchema,
    DecisionPatchSchema,
    DecisionSchema,
    InviteCreateSchema,
    InviteListSchema,
    InviteStatusListSchema,
    ListQuerySchema,
    LogSchema,
    OptionCreateSchema,
    OptionPatchSchema,
    OptionSchema,
    ResultSchema,
)


class Blueprint(_Blueprint):  # type: ignore[misc]
    ARGUMENTS_PARSER = Parser()


bp = Blueprint(
    "api",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Decisions, ballots, invites and results of one tenant.",
)
BEARER = [{"bearer": []}]


@bp.before_request
def _decision_first() -> None:
    """An unknown decision, or another tenant's, is 404 before the body is even looked at.
    The decision is kept for the view (``_decision``), so it is read once per request."""
    decision_id = (request.view_args or {}).get("decision_id")
    if decision_id is not None:
        g.api_decision = decisions.get_decision(decision_id)


def _decision(decision_id: str) -> Decision:
    """The decision of this request (loaded and tenant-checked by ``_decision_first``)."""
    cached = g.get("api_decision")
    if cached is not None and cached.id == decision_id:
        return cached  # type: ignore[no-any-return]
    return decisions.get_decision(decision_id)


def bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_admin(decision: Decision) -> None:
    token = bearer()
    if not token:
        raise Unauthorized("This needs the decision's admin token or a tenant API key.")
    if not auth.is_admin(decision, token):
        raise Unauthorized("This token is not valid for this decision.")


def option_json(o: Any, anonymous: bool | None = None) -> dict[str, Any]:
    """An option as every answer lists it; ``author`` is null on anonymous decisions."""
    if anonymous is None:
        anonymous = bool(decisions.effective_settings(o.decision).get("anonymous"))
    return {
        "id": o.id,
        "label": o.label,
        "passive": o.passive,
        "starts_at": iso(o.starts_at),
        "ends_at": iso(o.ends_at),
        "description": o.description or "",
        "variant_of": o.variant_of,
        "author": None if anonymous else o.proposed_by,
        "hidden": bool(o.hidden),
    }


def settings_json(decision: Decision) -> dict[str, Any]:
    settings = decisions.effective_settings(decision)
    settings["closes_at"] = iso(decision.closes_at)
    if "voting_starts_at" in settings:
        settings["voting_starts_at"] = iso(decision.voting_starts_at)
    return settings


def decision_json(decision: Decision, count: int | None = None) -> dict[str, Any]:
    settings = settings_json(decision)
    return {
        "id": decision.id,
        "title": decision.title,
        "description": decision.description,
        "conditions": decision.conditions,
        "method": decision.method,
        "phase": decisions.phase_of(decision),
        "settings": settings,
        "options": [option_json(o, bool(settings.get("anonymous"))) for o in decision.options],
        "ballot_count": decisions.ballot_count(decision) if count is None else count,
        "created_at": iso(decision.created_at),
        "closes_at": iso(decision.closes_at),
        "outcome": decision.outcome or "",
        "outcome_at": iso(decision.outcome_at),
        "time_zone": decision.time_zone or current_tenant().time_zone or "UTC",
    }


def links(decision: Decision, admin_token: str) -> dict[str, str]:
    return {
        "participate": url_for("public.participate", decision_id=decision.id, _external=True),
        "results": url_for("public.results", decision_id=decision.id, _external=True),
        "admin": url_for(
            "organizer.enter", decision_id=decision.id, token=admin_token, _external=True
        ),
    }


@bp.route("/decisions")
class DecisionCollection(MethodView):
    decorators = [limiter.limit(configured_limit("RATELIMIT_CREATE"), methods=["POST"])]

    @bp.arguments(DecisionCreateSchema)
    @bp.response(201, DecisionCreatedSchema)
    @bp.doc(security=[{"bearer": []}, {}])
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create a decision; the admin token is shown once, here."""
        tenant = current_tenant()
        decision, token = decisions.create_decision(tenant, api_actor(bearer()), data)
        return {
            "id": decision.id,
            "admin_token": token,
            "links": links(decision, token),
            "decision": decision_json(decision, 0),
        }

    @bp.arguments(ListQuerySchema, location="query")
    @bp.response(200, DecisionListSchema)
    @bp.doc(security=BEARER)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The tenant's decisions, newest first (tenant API key)."""
        tenant = current_tenant()
        if not auth.api_key_valid(tenant, bearer()):
            raise Unauthorized("Listing decisions needs an API key of this tenant.")
        rows, next_cursor = decisions.list_decisions(query["limit"], query.get("cursor"))
        counts = decisions.ballot_counts([d.id for d in rows])
        return {
            "items": [decision_json(d, counts.get(d.id, 0)) for d in rows],
            "next": next_cursor,
        }


@bp.route("/decisions/<decision_id>")
class DecisionItem(MethodView):
    @bp.response(200, DecisionSchema)
    def get(self, decision_id: str) -> dict[str, Any]:
        """A decision with its options and settings."""
        decision = _decision(decision_id)
        notify.observe(decision, reading=reading())
        return decision_json(decision)

    @bp.arguments(DecisionPatchSchema)
    @bp.response(200, DecisionSchema)
    @bp.doc(security=BEARER)
    def patch(self, data: dict[str, Any], decision_id: str) -> dict[str, Any]:
        """Change texts, closing time, phase or result visibility (admin token)."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        decisions.update_decision(decision, data)
        return decision_json(decision)

    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, decision_id: str) -> None:
        """Delete the decision with everything in it (admin token)."""
        decision = _decision(decision_id)
        require_admin(decision)
        decisions.delete_decision(decision)


@bp.route("/decisions/<decision_id>/options")
class OptionCollection(MethodView):
    @bp.arguments(OptionCreateSchema)
    @bp.response(201, OptionSchema)
    @bp.doc(security=[{"bearer": []}, {}])
    def post(self, data: dict[str, Any], decision_id: str) -> dict[str, Any]:
        """Add an option: the organizer any time before closing; participants while collecting,
        where proposals are allowed."""
        decision = decisions.get_decision_for_update(decision_id)
        token = bearer()
        as_admin = False
        if token:
            if not auth.is_admin(decision, token):
                raise Unauthorized("This token is not valid for this decision.")
            as_admin = True
        author = options.proposal_author(decision, data.get("name"), as_admin=as_admin)
        option = decisions.add_option(
            decision,
            data["label"],
            as_admin=as_admin,
            proposed_by=author,
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            extras={k: data[k] for k in ("description", "variant_of", "hidden") if k in data},
        )
        return option_json(option)


@bp.route("/decisions/<decision_id>/options/<int:option_id>")
class OptionItem(MethodView):
    @bp.arguments(OptionPatchSchema)
    @bp.response(200, OptionSchema)
    @bp.doc(security=BEARER)
    def patch(self, data: dict[str, Any], decision_id: str, option_id: int) -> dict[str, Any]:
        """Change an option's label, description or hidden (admin token). Renaming an option
        that has answers needs ``"confirm": true`` (else 409) and is logged."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        option = decisions.get_option(decision, option_id)
        return option_json(options.patch_option(decision, option, data))

    @bp.arguments(ConfirmQuerySchema, location="query")
    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, query: dict[str, Any], decision_id: str, option_id: int) -> None:
        """Remove an option (admin token). While voting, one that has answers needs
        ``?confirm=true`` (else 409), and at least 2 options keep taking answers; the removal
        is logged with the number of answers it had."""
        decision = decisions.get_decision_for_update(decision_id)
        require_admin(decision)
        option = decisions.get_option(decision, option_id)
        options.remove_option(decision, option, confirm=bool(query.get("confirm")))


@bp.route("/decisions/<decision_id>/log")
class DecisionLog(MethodView):
    @bp.response(200, LogSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str) -> dict[str, Any]:
        """What the organizer did, oldest first (admin token)."""
        decision = _decision(decision_id)
        require_admin(decision)
        return {"items": [decision_log.entry_json(e) for e in decision_log.entries(decision)]}


def ballot_json(b: Ballot, anonymous: bool) -> dict[str, Any]:
    return {
        "id": b.id,
        "name": None if anonymous else b.name,
        "answers": dict(b.answers or {}),
        "created_at": iso(b.created_at),
        "updated_at": iso(b.updated_at),
        "vetoes": dict(b.vetoes or {}),
    }


@bp.route("/decisions/<decision_id>/ballots")
class BallotCollection(MethodView):
    decorators = [limiter.limit(configured_limit("RATELIMIT_BALLOT"), methods=["POST"])]

    @bp.arguments(BallotInSchema)
    @bp.response(201, BallotCreatedSchema)
    def post(self, data: dict[str, Any], decision_id: str) -> dict[str, Any]:
        """Cast a ballot. A 201 means it is durably stored."""
        decision = _decision(decision_id)
        ballot, token = ballots.cast_ballot(decision, data)
        return {
            "id": ballot.id,
            "edit_token": token,
            "links": {
                "edit": url_for(
                    "public.edit_link", decision_id=decision.id, token=token, _external=True
                )
            },
        }

    @bp.response(200, BallotListSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str) -> dict[str, Any]:
        """Every ballot of the decision (admin token); names only where
        ``individual_answers`` lets the organizer see them."""
        decision = _decision(decision_id)
        require_admin(decision)
        hidden = not results.names_shown(decision, as_admin=True)
        return {"items": [ballot_json(b, hidden) for b in ballots.list_ballots(decision)]}


@bp.route("/decisions/<decision_id>/ballots/<int:ballot_id>")
class BallotItem(MethodView):
    @bp.response(200, BallotSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str, ballot_id: int) -> dict[str, Any]:
        """One's own ballot (edit token; an extension of the contract)."""
        decision = _decision(decision_id)
        ballot = ballots.get_ballot(decision, ballot_id)
        ballots.require_edit_token(ballot, bearer())
        anonymous = bool(decisions.effective_settings(decision).get("anonymous"))
        return ballot_json(ballot, anonymous)

    @bp.arguments(BallotEditSchema)
    @bp.response(200, BallotSchema)
    @bp.doc(security=BEARER)
    def put(self, data: dict[str, Any], decision_id: str, ballot_id: int) -> dict[str, Any]:
        """Change one's ballot while voting (edit token)."""
        decision = _decision(decision_id)
        ballot = ballots.get_ballot(decision, ballot_id)
        ballots.require_edit_token(ballot, bearer())
        ballots.update_ballot(decision, ballot, data)
        anonymous = bool(decisions.effective_settings(decision).get("anonymous"))
        return ballot_json(ballot, anonymous)

    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, decision_id: str, ballot_id: int) -> None:
        """Withdraw one's ballot while voting (edit token), or remove it as the organizer
        (admin token; written to the decision's log)."""
        decision = _decision(decision_id)
        ballot = ballots.get_ballot(decision, ballot_id)
        token = bearer()
        if token and auth.is_admin(decision, token):
            removed = ballot.id
            ballots.withdraw_ballot(decision, ballot)
            decision_log.record(decision, "ballot_removed", ballot=removed)
            return
        ballots.require_edit_token(ballot, token)
        ballots.withdraw_ballot(decision, ballot)


@bp.route("/decisions/<decision_id>/invites")
class InviteCollection(MethodView):
    @bp.arguments(InviteCreateSchema)
    @bp.response(201, InviteListSchema)
    @bp.doc(security=BEARER)
    def post(self, data: dict[str, Any], decision_id: str) -> dict[str, Any]:
        """Make personal invite links; each casts one ballot (admin token). With ``emails``
        (an extension) one invite per address, mailed by the service."""
        decision = _decision(decision_id)
        require_admin(decision)
        if "emails" in data:
            if "count" in data:
                raise ValidationFailed(
                    "Give count or emails, not both.", {"emails": "give count or emails, not both"}
                )
            made = notify.invite_by_mail(
                decision, invites.clean_emails(data["emails"]), api_actor(bearer())
            )
        else:
            if "count" not in data:
                raise ValidationFailed(
                    "Some fields need another look.", {"count": "Missing data for required field."}
                )
            made = invites.make_invites(decision, count=data["count"])
        return {
            "items": [
                {
                    "token": t,
                    "link": shown_link("public.participate", decision, invite=t),
                    "id": i.id,
                    "email": i.email,
                }
                for i, t in made
            ]
        }

    @bp.response(200, InviteStatusListSchema)
    @bp.doc(security=BEARER)
    def get(self, decision_id: str) -> dict[str, Any]:
        """The invites and whether each was used (admin token; an extension). Never which
        ballot an invite cast; on an anonymous decision ``used`` is null until it closes."""
        decision = _decision(decision_id)
        require_admin(decision)
        shown = invites.invite_use_shown(decision)
        return {"items": [invite_json(i, shown) for i in invites.list_invites(decision)]}


@bp.route("/decisions/<decision_id>/invites/<int:invite_id>")
class InviteItem(MethodView):
    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, decision_id: str, invite_id: int) -> None:
        """Revoke an unused invite (admin token; an extension): its link no longer casts a
        ballot. A used invite answers 409."""
        decision = _decision(decision_id)
        require_admin(decision)
        invites.revoke_invite(decision, invites.get_invite(decision, invite_id))


@bp.route("/decisions/<decision_id>/comments")
class CommentCollection(MethodView):
    decorators = [limiter.limit(configured_limit("RATELIMIT_BALLOT"), methods=["POST"])]

    @bp.arguments(CommentQuerySchema, location="query")
    @bp.response(200, CommentListSchema)
    def get(self, query: dict[str, Any], decision_id: str) -> dict[str, Any]:
        """The discussion, oldest first, in pages of ``limit`` (an extension); ``next`` is the
        ``cursor`` of the next page. Empty while the discussion is switched off."""
        decision = _decision(decision_id)
        if not comments.comments_on(decision):
            return {"items": [], "next": None}
        rows, more = comments.list_comments(
            decision, after=query.get("cursor"), limit=query["limit"]
        )
        return {
            "items": [comment_json(c) for c in rows],
            "next": None if more is None else str(more),
        }

    @bp.arguments(CommentInSchema)
    @bp.response(201, CommentSchema)
    def post(self, data: dict[str, Any], decision_id: str) -> dict[str, Any]:
        """Add a comment (an extension): ``name`` (not for anonymous decisions) and ``body``
        (Markdown). Invite-only decisions: with ``invite``, or a ballot's edit token or the
        admin token as Bearer."""
        decision = _decision(decision_id)
        token = bearer()
        comment = comments.add_comment(
            decision,
            data,
            ballot=ballots.ballot_by_token(decision, token),
            as_admin=auth.is_admin(decision, token),
        )
        return comment_json(comment)


@bp.route("/decisions/<decision_id>/comments/<int:comment_id>")
class CommentItem(MethodView):
    @bp.response(204)
    @bp.doc(security=BEARER)
    def delete(self, decision_id: str, comment_id: int) -> None:
        """Delete a comment (admin token; an extension)."""
        decision = _decision(decision_id)
        require_admin(decision)
        comments.delete_comment(decision, comments.get_comment(decision, comment_id))


def invite_json(i: Any, use_shown: bool = True) -> dict[str, Any]:
    return {
        "id": i.id,
        "email": i.email,
        "created_at": iso(i.created_at),
        "used": (i.used_at is not None) if use_shown else None,
        "used_at": iso(i.used_at) if use_shown else None,
        "revoked": i.revoked_at is not None,
    }


def comment_json(c: Any) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "body": c.body, "created_at": iso(c.created_at)}


@bp.route("/decisions/<decision_id>/results")
class Results(MethodView):
    @bp.response(200, ResultSchema)
    @bp.doc(security=[{"bearer": []}, {}])
    def get(self, decision_id: str) -> dict[str, Any]:
        """The count, as far as the decision's result visibility allows. A valid token of
        lesser rights (the edit token of one of this decision's ballots) reads what no token
        reads, never less; a token not valid for this decision (unknown, another decision's)
        answers 401, as the contract says."""
        decision = _decision(decision_id)
        token = bearer()
        as_admin = bool(token) and auth.is_admin(decision, token)
        if token and not as_admin and ballots.ballot_by_token(decision, token) is None:
            raise Unauthorized("This token is not valid for this decision.")
        notify.observe(decision, reading=reading())
        results.require_results_visible(decision, as_admin=as_admin)
        return results.count(decision, as_admin=as_admin)
