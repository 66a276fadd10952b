"""``/decisions/{id}/comments``: the discussion (an extension of the contract)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypedDict

from flask.views import MethodView

from groupdecide.errors import ValidationFailed
from groupdecide.extensions import configured_limit, limiter
from groupdecide.models import Comment
from groupdecide.problems import FieldError
from groupdecide.services import auth, ballots, comments
from groupdecide.services.times import iso

from .blueprint import BEARER, bearer, bp, decision_of, require_admin
from .schemas import CommentInSchema, CommentListSchema, CommentQuerySchema, CommentSchema


class CommentJSON(TypedDict):
    id: int
    option_id: int | None
    name: str | None
    body: str
    created_at: str | None


class CommentQuery(TypedDict):
    limit: int
    cursor: int | None
    option_id: int | None


class CommentListJSON(TypedDict):
    items: list[CommentJSON]
    next: str | None


def comment_json(c: Comment) -> CommentJSON:
    return {
        "id": c.id,
        "option_id": c.option_id,
        "name": c.name,
        "body": c.body,
        "created_at": iso(c.created_at),
    }


@bp.route("/decisions/<decision_id>/comments")
class CommentCollection(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [
        limiter.limit(configured_limit("RATELIMIT_BALLOT"), methods=["POST"])
    ]

    @bp.arguments(CommentQuerySchema, location="query")
    @bp.response(200, CommentListSchema)
    def get(self, query: CommentQuery, decision_id: str) -> CommentListJSON:
        """The discussion, oldest first, in pages of ``limit`` (an extension); ``next`` is the
        ``cursor`` of the next page. Empty while the discussion is switched off. Every
        comment has ``option_id`` (null for the decision's discussion); ``?option_id=17``
        lists only the comments on that proposal."""
        decision = decision_of(decision_id)
        if query["option_id"] is not None and query["option_id"] not in {
            o.id for o in decision.options
        }:
            raise ValidationFailed("Check the query.", {"option_id": FieldError("not_an_option")})
        if not comments.comments_on(decision):
            return {"items": [], "next": None}
        rows, more = comments.list_comments(
            decision, after=query["cursor"], limit=query["limit"], option_id=query["option_id"]
        )
        return {
            "items": [comment_json(c) for c in rows],
            "next": None if more is None else str(more),
        }

    @bp.arguments(CommentInSchema)
    @bp.response(201, CommentSchema)
    def post(self, data: dict[str, Any], decision_id: str) -> CommentJSON:
        """Add a comment (an extension): ``name`` (not for anonymous decisions) and ``body``
        (Markdown), ``option_id`` for a comment on one proposal (an option on the ballot,
        else 422). Invite-only decisions: with ``invite``, or a ballot's edit token or the
        admin token as Bearer."""
        decision = decision_of(decision_id)
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
        decision = decision_of(decision_id)
        require_admin(decision)
        comments.delete_comment(decision, comments.get_comment(decision, comment_id))
