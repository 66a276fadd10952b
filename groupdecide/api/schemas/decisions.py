"""Decisions: create, change, read and list; their settings and log."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from groupdecide import voting

from .base import Bool, StrictInt, StrictSchema, Time
from .options import OptionInSchema, OptionSchema


class ScaleSchema(StrictSchema):
    min = StrictInt(required=True)
    max = StrictInt(required=True)


class SettingsSchema(StrictSchema):
    tally = fields.String(validate=validate.OneOf(voting.TALLIES))
    min_choices = StrictInt()
    max_choices = StrictInt()
    scale = fields.Nested(ScaleSchema)
    grades = fields.List(
        fields.String(validate=validate.Length(1, 100)), validate=validate.Length(2, 10)
    )
    budget = StrictInt()
    passive_option = Bool()
    min_ratings = StrictInt(
        metadata={"description": "consensus only: fewer ratings rank after, never win"}
    )
    support_threshold = StrictInt(
        metadata={
            "description": "consensus only: the support marks a proposal needs in the "
            "collecting phase to stay on the ballot once voting starts (0: off; extension)"
        }
    )
    order = fields.String(
        validate=validate.OneOf(["fixed", "shuffled"]),
        metadata={
            "description": "consensus only: the ballot's order; shuffled is stable per "
            "participant, the passive solution first (extension; default fixed)"
        },
    )
    majority = fields.String(
        validate=validate.OneOf(["simple", "absolute", "two_thirds"]),
        metadata={
            "description": "yesno only: simple (yes > no), absolute (yes > half of all "
            "ballots, abstentions included), two_thirds (yes >= 2/3 of yes + no, and yes > 0); "
            "default simple"
        },
    )
    quorum = fields.Raw(
        allow_none=True,
        metadata={
            "description": "every method: the least number of ballots (hand counts included) "
            'for the result to stand, an integer >= 1; with access invite also {"share": 0.5} '
            "(0 < share <= 1) of the invites made; default none. Results then have quorum_met",
            "oneOf": [
                {"type": "integer", "minimum": 1},
                {
                    "type": "object",
                    "properties": {
                        "share": {
                            "type": "number",
                            "minimum": 0,
                            "exclusiveMinimum": True,  # OpenAPI 3.0: a flag on minimum
                            "maximum": 1,
                        }
                    },
                    "required": ["share"],
                    "additionalProperties": False,
                },
            ],  # null: allow_none makes it nullable (OpenAPI 3.0 has no "null" type)
        },
    )
    anonymous = Bool()
    results = fields.String(validate=validate.OneOf(["public", "after_close", "organizer"]))
    access = fields.String(validate=validate.OneOf(["link", "invite"]))
    individual_answers = fields.String(
        validate=validate.OneOf(["everyone", "organizer", "nobody"]),
        metadata={"description": "who sees who answered what (default everyone)"},
    )
    allow_proposals = Bool()
    start_phase = fields.String(validate=validate.OneOf(["collecting", "voting"]))
    closes_at = Time()
    # Extensions (docs/participation.md)
    comments = Bool(metadata={"description": "the discussion is on (extension; default true)"})
    vetoes = Bool(
        metadata={
            "description": "consensus only: a resistance of 10 may be marked as "
            "a veto with a reason (extension)"
        }
    )
    voting_starts_at = Time(
        metadata={
            "description": "consensus only, with start_phase collecting: collecting ends "
            "and voting begins at this time by itself (extension)",
        },
    )
    receipts = Bool(
        metadata={
            "description": "every method: each ballot gets a receipt, and once closed the "
            "receipts with their answers are listed for anyone to recount (default false; "
            "changeable only before the first ballot)"
        }
    )


class NotifySchema(StrictSchema):
    email = fields.String(
        allow_none=True,
        validate=validate.Length(0, 254),
        metadata={"description": "the organizer's address; never shown"},
    )
    digest = Bool(metadata={"description": "a daily digest of new answers"})


class DecisionCreateSchema(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(1, 200))
    description = fields.String(validate=validate.Length(0, 10_000))
    conditions = fields.String(
        validate=validate.Length(0, 10_000),
        metadata={"description": "fixed conditions (extension)"},
    )
    method = fields.String(required=True, validate=validate.OneOf(voting.METHODS))
    options = fields.List(fields.Nested(OptionInSchema), validate=validate.Length(0, 200))
    settings = fields.Nested(SettingsSchema)
    notify = fields.Nested(NotifySchema, metadata={"description": "notifications (extension)"})
    time_zone = fields.String(
        allow_none=True,
        validate=validate.Length(1, 64),
        metadata={
            "description": "the IANA time zone the times are meant in, e.g. Europe/Berlin; "
            "pages show every time in it (extension; default: the tenant's zone)"
        },
    )


class PatchSettingsSchema(StrictSchema):
    results = fields.String(validate=validate.OneOf(["public", "after_close", "organizer"]))
    individual_answers = fields.String(
        validate=validate.OneOf(["everyone", "organizer", "nobody"]),
        metadata={"description": "more private any time; more open only before any answer"},
    )
    comments = Bool(metadata={"description": "switch the discussion on or off (extension)"})
    receipts = Bool(metadata={"description": "only before the first ballot (else 409)"})


class DecisionPatchSchema(StrictSchema):
    title = fields.String(validate=validate.Length(1, 200))
    description = fields.String(validate=validate.Length(0, 10_000))
    conditions = fields.String(validate=validate.Length(0, 10_000))
    closes_at = Time()
    phase = fields.String(validate=validate.OneOf(["collecting", "voting", "closed"]))
    settings = fields.Nested(PatchSettingsSchema)
    outcome = fields.String(
        validate=validate.Length(0, 10_000),
        metadata={"description": "the outcome statement, once closed (extension)"},
    )
    voting_starts_at = Time(metadata={"description": "extension"})
    notify = fields.Nested(NotifySchema, metadata={"description": "extension"})


class DecisionSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    conditions = fields.String(required=True)
    method = fields.String(required=True)
    phase = fields.String(required=True)
    settings = fields.Dict(required=True)
    options = fields.List(fields.Nested(OptionSchema), required=True)
    ballot_count = fields.Integer(required=True)
    created_at = fields.String(required=True)
    closes_at = fields.String(allow_none=True, required=True)
    outcome = fields.String(metadata={"description": "the outcome statement (extension)"})
    outcome_at = fields.String(allow_none=True, metadata={"description": "extension"})
    time_zone = fields.String(
        metadata={"description": "the IANA zone pages show the times in (extension)"}
    )
    round = fields.Integer(
        required=True, metadata={"description": "the round, 1 for the first (part two: Rounds)"}
    )


class LinksSchema(Schema):
    participate = fields.String(required=True)
    results = fields.String(required=True)
    admin = fields.String(required=True)


class DecisionCreatedSchema(Schema):
    id = fields.String(required=True)
    admin_token = fields.String(required=True)
    links = fields.Nested(LinksSchema, required=True)
    decision = fields.Nested(DecisionSchema, required=True)


class DecisionListSchema(Schema):
    items = fields.List(fields.Nested(DecisionSchema), required=True)
    next = fields.String(allow_none=True, required=True)


class ListQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    cursor = fields.String(load_default=None, allow_none=True)


class LogEntrySchema(Schema):
    at = fields.String(required=True, metadata={"format": "date-time"})
    action = fields.String(required=True)
    detail = fields.Dict(required=True)


class LogSchema(Schema):
    items = fields.List(fields.Nested(LogEntrySchema), required=True)
