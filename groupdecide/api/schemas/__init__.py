"""Marshmallow schemas, one module per resource: they validate the API's input and generate its
OpenAPI document (a schema's class name, less ``Schema``, is its name in the document)."""

from __future__ import annotations

from .ballots import (
    VETOES_DOC,
    AnswersField,
    BallotCreatedSchema,
    BallotEditSchema,
    BallotInSchema,
    BallotListSchema,
    BallotSchema,
    EditLinkSchema,
    VetoesField,
)
from .base import Bool, StrictInt, StrictSchema, Time
from .comments import (
    CommentInSchema,
    CommentListSchema,
    CommentQuerySchema,
    CommentSchema,
    CursorId,
)
from .decisions import (
    DecisionCreatedSchema,
    DecisionCreateSchema,
    DecisionListSchema,
    DecisionPatchSchema,
    DecisionSchema,
    LinksSchema,
    ListQuerySchema,
    LogEntrySchema,
    LogSchema,
    NotifySchema,
    PatchSettingsSchema,
    ScaleSchema,
    SettingsSchema,
)
from .errors import ErrorBodySchema, ErrorSchema, FieldCodeSchema
from .invites import (
    InviteCreateSchema,
    InviteListSchema,
    InviteSchema,
    InviteStatusListSchema,
    InviteStatusSchema,
)
from .options import (
    HIDDEN_DOC,
    VARIANT_OF_DOC,
    ConfirmQuerySchema,
    OptionCreateSchema,
    OptionDescription,
    OptionInSchema,
    OptionPatchSchema,
    OptionSchema,
)
from .results import ResultSchema

__all__ = [
    "HIDDEN_DOC",
    "VARIANT_OF_DOC",
    "VETOES_DOC",
    "AnswersField",
    "BallotCreatedSchema",
    "BallotEditSchema",
    "BallotInSchema",
    "BallotListSchema",
    "BallotSchema",
    "Bool",
    "CommentInSchema",
    "CommentListSchema",
    "CommentQuerySchema",
    "CommentSchema",
    "ConfirmQuerySchema",
    "CursorId",
    "DecisionCreateSchema",
    "DecisionCreatedSchema",
    "DecisionListSchema",
    "DecisionPatchSchema",
    "DecisionSchema",
    "EditLinkSchema",
    "ErrorBodySchema",
    "ErrorSchema",
    "FieldCodeSchema",
    "InviteCreateSchema",
    "InviteListSchema",
    "InviteSchema",
    "InviteStatusListSchema",
    "InviteStatusSchema",
    "LinksSchema",
    "ListQuerySchema",
    "LogEntrySchema",
    "LogSchema",
    "NotifySchema",
    "OptionCreateSchema",
    "OptionDescription",
    "OptionInSchema",
    "OptionPatchSchema",
    "OptionSchema",
    "PatchSettingsSchema",
    "ResultSchema",
    "ScaleSchema",
    "SettingsSchema",
    "StrictInt",
    "StrictSchema",
    "Time",
    "VetoesField",
]
