"""Ballots: cast, change and read."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from .base import StrictSchema


class AnswersField(fields.Dict):
    def __init__(self, **kw: Any) -> None:
        super().__init__(keys=fields.String(), values=fields.Integer(strict=True), **kw)


class VetoesField(fields.Dict):
    def __init__(self, **kw: Any) -> None:
        super().__init__(keys=fields.String(), values=fields.String(), **kw)


VETOES_DOC = {
    "description": "consensus with settings.vetoes: option id -> the reason of a "
    "veto on a resistance of 10 (extension)"
}


RECEIPT_DOC = {
    "description": "with settings.receipts: the ballot's receipt (new with every change); "
    "absent without receipts"
}


class BallotInSchema(StrictSchema):
    name = fields.String(allow_none=True)
    answers = AnswersField(required=True)
    invite = fields.String()
    vetoes = VetoesField(metadata=VETOES_DOC)
    email = fields.String(
        allow_none=True,
        validate=validate.Length(0, 254),
        metadata={
            "description": "an address for the outcome when the decision closes; kept apart from "
            "the ballot (extension)"
        },
    )


class BallotEditSchema(StrictSchema):
    name = fields.String(allow_none=True)
    answers = AnswersField(required=True)
    vetoes = VetoesField(metadata=VETOES_DOC)


class EditLinkSchema(Schema):
    edit = fields.String(required=True)


class BallotCreatedSchema(Schema):
    id = fields.Integer(required=True)
    edit_token = fields.String(required=True)
    links = fields.Nested(EditLinkSchema, required=True)
    receipt = fields.String(metadata=RECEIPT_DOC)


class BallotSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(allow_none=True, required=True)
    answers = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    vetoes = fields.Dict(keys=fields.String(), values=fields.String(), metadata=VETOES_DOC)
    receipt = fields.String(metadata=RECEIPT_DOC)


class BallotListSchema(Schema):
    items = fields.List(fields.Nested(BallotSchema), required=True)
