"""Rounds and receipts (part two)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .base import StrictSchema, Time


class RoundStartSchema(StrictSchema):
    phase = fields.String(
        required=True,
        validate=validate.OneOf(["voting", "collecting"]),
        metadata={"description": "the phase the new round starts in"},
    )
    closes_at = Time(
        metadata={"description": "the new round's closing time (in the future); else none"},
    )


class RoundSchema(Schema):
    round = fields.Integer(required=True)
    closed_at = fields.String(
        allow_none=True, required=True, metadata={"description": "null while the round is open"}
    )
    ballot_count = fields.Integer(required=True)
    winners = fields.List(fields.Integer(), required=True)


class RoundListSchema(Schema):
    items = fields.List(fields.Nested(RoundSchema), required=True)


class ReceiptSchema(Schema):
    receipt = fields.String(required=True)
    answers = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class ReceiptListSchema(Schema):
    items = fields.List(fields.Nested(ReceiptSchema), required=True)
