"""Hand counts: a meeting room's answers, counted with the online ballots."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields

COUNTS_DOC = {
    "description": "every method but ranked: option id -> answer value -> how many people "
    "gave it (the values a ballot's answers take), e.g. "
    '{"17": {"0": 5, "3": 4, "10": 3}}; no option has more answers than people (single '
    "choice: no more choices in total either). Ballot i of the people counted takes the i-th "
    "value of each option's list",
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0},
    },
}
BALLOTS_DOC = {
    "description": "ranked only: the paper ballots, grouped: each answers as a ranked "
    "ballot's and how many such ballots; they sum to at most people, and the rest of the "
    "people are counted as empty ballots (handed in blank)",
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "answers": {"type": "object", "additionalProperties": {"type": "integer"}},
            "count": {"type": "integer", "minimum": 1},
        },
        "required": ["answers", "count"],
    },
}


class HandCountInSchema(Schema):
    """Read as given and checked by the service, which names every problem at once
    (``counts.17.11``, ``ballots.0.answers.17``, ``people``)."""

    class Meta:
        unknown = INCLUDE

    label = fields.Raw(
        metadata={"description": "what was counted, up to 200 characters", "type": "string"}
    )
    people = fields.Raw(
        required=True,
        metadata={
            "description": "how many people the count stands for (1 to 100,000)",
            "type": "integer",
            "minimum": 1,
            "maximum": 100_000,
        },
    )
    counts = fields.Raw(metadata=COUNTS_DOC)
    ballots = fields.Raw(metadata=BALLOTS_DOC)


class HandCountSchema(Schema):
    id = fields.Integer(required=True)
    label = fields.String(required=True)
    people = fields.Integer(required=True)
    counts = fields.Dict(metadata={"description": "every method but ranked"})
    ballots = fields.List(fields.Dict(), metadata={"description": "ranked only"})
    created_at = fields.String(required=True)


class HandCountListSchema(Schema):
    items = fields.List(fields.Nested(HandCountSchema), required=True)
