"""Integrations: webhooks, viewer links and copies (the contract's part two)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from groupdecide.services.events import EVENTS

from .base import StrictSchema
from .decisions import DecisionSchema, LinksSchema

EVENTS_DOC = "a non-empty subset of " + ", ".join(EVENTS)


class WebhookCreateSchema(StrictSchema):
    url = fields.String(
        required=True,
        metadata={
            "description": "http or https; private, loopback, link-local and reserved "
            "addresses are refused unless the operator allows them",
            "maxLength": 2000,
        },
    )
    # the events are checked by the service, so that a wrong one names the field ``events``
    events = fields.List(
        fields.String(metadata={"enum": list(EVENTS)}),
        required=True,
        metadata={"description": EVENTS_DOC},
    )


class WebhookSchema(Schema):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    events = fields.List(fields.String(metadata={"enum": list(EVENTS)}), required=True)


class WebhookCreatedSchema(WebhookSchema):
    secret = fields.String(
        required=True,
        metadata={"description": "signs every delivery (HMAC-SHA256); shown only here"},
    )


class WebhookListSchema(Schema):
    items = fields.List(fields.Nested(WebhookSchema), required=True)


class ViewerLinkCreateSchema(StrictSchema):
    label = fields.String(
        allow_none=True,
        validate=validate.Length(0, 200),
        metadata={"description": "who the link is for (extension)"},
    )


class ViewerLinkCreatedSchema(Schema):
    id = fields.Integer(required=True)
    token = fields.String(required=True, metadata={"description": "shown only here"})
    link = fields.String(required=True)


class ViewerLinkSchema(Schema):
    id = fields.Integer(required=True)
    label = fields.String(allow_none=True, required=True)
    created_at = fields.String(required=True)


class ViewerLinkListSchema(Schema):
    items = fields.List(fields.Nested(ViewerLinkSchema), required=True)


class CopySchema(StrictSchema):
    title = fields.String(
        validate=validate.Length(1, 200), metadata={"description": "default: the same title"}
    )
    start_phase = fields.String(
        validate=validate.OneOf(["collecting", "voting"]),
        metadata={"description": "default: the decision's settings.start_phase"},
    )


class CopyCreatedSchema(Schema):
    id = fields.String(required=True)
    admin_token = fields.String(required=True)
    links = fields.Nested(LinksSchema, required=True)
    decision = fields.Nested(DecisionSchema, required=True)
