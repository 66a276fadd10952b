"""Invites: make, list and their status."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .base import StrictInt, StrictSchema


class InviteCreateSchema(StrictSchema):
    count = StrictInt(
        validate=validate.Range(1, 1000),
        metadata={"description": "required unless emails is given"},
    )
    emails = fields.List(
        fields.String(),
        validate=validate.Length(1, 1000),
        metadata={"description": "one invite per address, mailed by the service (extension)"},
    )


class InviteSchema(Schema):
    token = fields.String(required=True)
    link = fields.String(required=True)
    id = fields.Integer(metadata={"description": "extension"})
    email = fields.String(allow_none=True, metadata={"description": "extension"})


class InviteListSchema(Schema):
    items = fields.List(fields.Nested(InviteSchema), required=True)


class InviteStatusSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(allow_none=True, required=True)
    created_at = fields.String(required=True)
    used = fields.Boolean(
        required=True,
        allow_none=True,
        metadata={"description": "null on an anonymous decision until it closes"},
    )
    used_at = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "only the day for anonymous decisions; null until it closes"},
    )
    revoked = fields.Boolean(required=True)


class InviteStatusListSchema(Schema):
    items = fields.List(fields.Nested(InviteStatusSchema), required=True)
