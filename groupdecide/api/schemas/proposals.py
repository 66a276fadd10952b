"""Proposals (extensions of the contract's part two): support marks and merging."""

from __future__ import annotations

from marshmallow import Schema, fields

from .base import StrictInt, StrictSchema


class SupportSchema(Schema):
    option_id = fields.Integer(required=True)
    support = fields.Integer(
        required=True, metadata={"description": "the proposal's support marks now"}
    )
    marked = fields.Boolean(
        required=True, metadata={"description": "this participant's mark is on it"}
    )


class MergeSchema(StrictSchema):
    into = StrictInt(
        required=True,
        metadata={"description": "the id of the proposal on the ballot to merge this one into"},
    )
