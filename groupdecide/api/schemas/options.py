"""Options: as given on create, as every answer lists them, and their changes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .base import Bool, StrictInt, StrictSchema, Time


def OptionDescription() -> fields.String:  # noqa: N802 - a field factory
    return fields.String(
        validate=validate.Length(0, 2000),
        metadata={"description": "Markdown, up to 2,000 characters, rendered sanitized"},
    )


VARIANT_OF_DOC = {
    "description": "the id of another option of the same decision that this one modifies"
}
HIDDEN_DOC = {"description": "taken off the ballot: takes no answers, left out of the results"}


class OptionInSchema(StrictSchema):
    label = fields.String(required=True, validate=validate.Length(1, 300))
    passive = Bool()
    starts_at = Time()
    ends_at = Time()
    description = OptionDescription()
    variant_of = StrictInt(
        allow_none=True,
        metadata={
            "description": "an option id; on create no option has an id yet, so only null "
            "is accepted"
        },
    )
    hidden = Bool(metadata=HIDDEN_DOC)


class OptionSchema(Schema):
    id = fields.Integer(required=True)
    label = fields.String(required=True)
    passive = fields.Boolean(required=True)
    starts_at = fields.String(allow_none=True)
    ends_at = fields.String(allow_none=True)
    description = fields.String(required=True, metadata={"description": "Markdown"})
    variant_of = fields.Integer(allow_none=True, required=True, metadata=VARIANT_OF_DOC)
    author = fields.String(
        allow_none=True,
        required=True,
        metadata={
            "description": "the name the proposing participant gave; null for the "
            "organizer's options and on anonymous decisions; read-only"
        },
    )
    hidden = fields.Boolean(required=True, metadata=HIDDEN_DOC)
    merged_into = fields.Integer(
        allow_none=True,
        required=True,
        metadata={
            "description": "the option this one was merged into by the organizer (it is "
            "hidden then); null otherwise (extension)"
        },
    )
    support = fields.Integer(
        required=True,
        metadata={
            "description": "support marks of the collecting phase (settings.support_threshold; "
            "public; extension)"
        },
    )


class OptionCreateSchema(StrictSchema):
    label = fields.String(required=True, validate=validate.Length(1, 300))
    starts_at = Time()
    ends_at = Time()
    description = OptionDescription()
    variant_of = StrictInt(allow_none=True, metadata=VARIANT_OF_DOC)
    hidden = Bool(metadata={"description": "the organizer only; " + HIDDEN_DOC["description"]})
    name = fields.String(
        allow_none=True,
        validate=validate.Length(0, 100),
        metadata={
            "description": "a participant's name, which becomes the option's author; "
            "refused on anonymous decisions and with a token"
        },
    )


class OptionPatchSchema(StrictSchema):
    label = fields.String(validate=validate.Length(1, 300))
    description = OptionDescription()
    hidden = Bool(metadata=HIDDEN_DOC)
    confirm = Bool(
        metadata={"description": "needed to change the label of an option that has answers"}
    )


class ConfirmQuerySchema(Schema):
    confirm = fields.Boolean(
        load_default=False,
        metadata={"description": "needed to remove an option that has answers while voting"},
    )
