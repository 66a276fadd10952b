"""Decision templates (issue 13)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .base import StrictSchema
from .integrations import CopySchema


class TemplateCreateSchema(StrictSchema):
    name = fields.String(required=True, metadata={"description": "1 to 200 characters"})
    decision_id = fields.String(
        required=True,
        validate=validate.Length(1, 64),
        metadata={"description": "the decision of this tenant to save as a template"},
    )


class TemplateOptionSchema(Schema):
    label = fields.String(required=True)
    description = fields.String()
    passive = fields.Boolean()
    hidden = fields.Boolean()


class TemplateSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    method = fields.String(required=True)
    settings = fields.Dict(
        required=True, metadata={"description": "the decision's settings without its times"}
    )
    options = fields.List(fields.Nested(TemplateOptionSchema), required=True)


class TemplateListSchema(Schema):
    items = fields.List(fields.Nested(TemplateSchema), required=True)


class TemplateDecisionSchema(CopySchema):
    """The decision made from a template: its title and start phase may differ."""
