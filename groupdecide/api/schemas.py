"""Marshmallow schemas: they validate the API's input and generate its OpenAPI document."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from .. import parsing, voting
from ..problems import FieldError

Bool = lambda **kw: fields.Boolean(truthy={True}, falsy={False}, **kw)  # noqa: E731
StrictInt = lambda **kw: fields.Integer(strict=True, **kw)  # noqa: E731


def _date_time(value: str) -> None:
    """What the document's ``format: date-time`` says: an ISO 8601 time with its zone (an
    empty string is not a time; ``null`` is how a time is left out)."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(FieldError("not_a_time")) from None
    if "T" not in text.upper() or parsed.tzinfo is None:
        raise ValidationError(FieldError("time_without_zone"))


def Time(**kw: Any) -> fields.String:  # noqa: N802 - a field factory, like Bool
    """A date-time as a string, nullable, checked as the document says."""
    metadata = {"format": "date-time", **kw.pop("metadata", {})}
    return fields.String(allow_none=True, validate=_date_time, metadata=metadata, **kw)


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


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


class NotifySchema(StrictSchema):
    email = fields.String(
        allow_none=True,
        validate=validate.Length(0, 254),
        metadata={"description": "the organizer's address; never shown"},
    )
    digest = Bool(metadata={"description": "a daily digest of new answers"})


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


class LogEntrySchema(Schema):
    at = fields.String(required=True, metadata={"format": "date-time"})
    action = fields.String(required=True)
    detail = fields.Dict(required=True)


class LogSchema(Schema):
    items = fields.List(fields.Nested(LogEntrySchema), required=True)


class AnswersField(fields.Dict):
    def __init__(self, **kw: object) -> None:
        super().__init__(keys=fields.String(), values=fields.Integer(strict=True), **kw)


class VetoesField(fields.Dict):
    def __init__(self, **kw: object) -> None:
        super().__init__(keys=fields.String(), values=fields.String(), **kw)


VETOES_DOC = {
    "description": "consensus with settings.vetoes: option id -> the reason of a "
    "veto on a resistance of 10 (extension)"
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


class BallotSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(allow_none=True, required=True)
    answers = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    vetoes = fields.Dict(keys=fields.String(), values=fields.String(), metadata=VETOES_DOC)


class BallotListSchema(Schema):
    items = fields.List(fields.Nested(BallotSchema), required=True)


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


class CommentInSchema(StrictSchema):
    name = fields.String(allow_none=True)
    body = fields.String(required=True)
    invite = fields.String(
        metadata={
            "description": "invite-only decisions: an invite token of this decision, unless "
            "the Bearer is a ballot's edit token or the admin token"
        }
    )


class CommentSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(allow_none=True, required=True)
    body = fields.String(required=True)
    created_at = fields.String(required=True)


class CommentListSchema(Schema):
    items = fields.List(fields.Nested(CommentSchema), required=True)
    next = fields.String(
        allow_none=True,
        metadata={"description": "the cursor of the next page; null on the last (extension)"},
    )


class CursorId(fields.Integer):
    """A cursor: the id of the last comment seen, read by the one parser for ids."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        parsed = parsing.parse_id(value)
        if parsed is None:
            raise ValidationError(FieldError("not_a_cursor"))
        return parsed


class CommentQuerySchema(Schema):
    limit = fields.Integer(
        load_default=100,
        validate=validate.Range(1, 200),
        metadata={"description": "comments per page, 1 to 200 (extension)"},
    )
    cursor = CursorId(
        load_default=None,
        allow_none=True,
        metadata={"description": "``next`` of the previous page (extension)"},
    )


class ResultSchema(Schema):
    method = fields.String(required=True)
    tally = fields.String()
    ballot_count = fields.Integer(required=True)
    winners = fields.List(fields.Integer(), required=True)
    ranking = fields.List(fields.List(fields.Integer()), required=True)
    options = fields.List(fields.Dict(), required=True)
    details = fields.Dict(required=True)


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
