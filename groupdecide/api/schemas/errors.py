"""The one error envelope of every 4xx."""

from __future__ import annotations

from marshmallow import Schema, fields


class FieldCodeSchema(Schema):
    code = fields.String(required=True, metadata={"description": "e.g. out_of_range"})
    params = fields.Dict(required=True, metadata={"description": 'e.g. {"min": 0}'})


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(keys=fields.String(), values=fields.String(), data_key="fields")
    codes = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(FieldCodeSchema),
        metadata={
            "description": "for fields whose problem has a code: the code and its parameters "
            "(extension)"
        },
    )


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)
