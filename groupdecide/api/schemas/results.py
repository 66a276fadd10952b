"""The count, as the results answer gives it."""

from __future__ import annotations

from marshmallow import Schema, fields


class ResultSchema(Schema):
    method = fields.String(required=True)
    tally = fields.String()
    ballot_count = fields.Integer(required=True)
    winners = fields.List(fields.Integer(), required=True)
    ranking = fields.List(fields.List(fields.Integer()), required=True)
    options = fields.List(fields.Dict(), required=True)
    details = fields.Dict(required=True)
