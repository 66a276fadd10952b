"""Comments (an extension): add, list in pages."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from groupdecide import parsing
from groupdecide.problems import FieldError

from .base import StrictSchema


class CommentInSchema(StrictSchema):
    name = fields.String(allow_none=True)
    body = fields.String(required=True)
    option_id = fields.Raw(
        allow_none=True,
        metadata={
            "type": "integer",
            "description": "a comment on this proposal (an option on the ballot); null or "
            "left out: the decision's discussion (extension)",
        },
    )
    invite = fields.String(
        metadata={
            "description": "invite-only decisions: an invite token of this decision, unless "
            "the Bearer is a ballot's edit token or the admin token"
        }
    )


class CommentSchema(Schema):
    id = fields.Integer(required=True)
    option_id = fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "the proposal commented on; null for the discussion"},
    )
    name = fields.String(allow_none=True, required=True)
    body = fields.String(required=True)
    created_at = fields.String(required=True)


class CommentListSchema(Schema):
    items = fields.List(fields.Nested(CommentSchema), required=True)
    next = fields.String(
        allow_none=True,
        metadata={"description": "the cursor of the next page; null on the last (extension)"},
    )


class CursorId(fields.Integer):
    """A cursor: the id of the last comment seen, read by the one parser for ids."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        parsed = parsing.parse_id(value)
        if parsed is None:
            raise ValidationError(FieldError("not_a_cursor"))
        return parsed


class CommentQuerySchema(Schema):
    limit = fields.Integer(
        load_default=100,
        validate=validate.Range(1, 200),
        metadata={"description": "comments per page, 1 to 200 (extension)"},
    )
    cursor = CursorId(
        load_default=None,
        allow_none=True,
        metadata={"description": "``next`` of the previous page (extension)"},
    )
    option_id = fields.Integer(
        load_default=None,
        allow_none=True,
        metadata={"description": "only the comments on this proposal (extension)"},
    )
