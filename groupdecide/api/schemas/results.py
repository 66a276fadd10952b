"""The count, as the results answer gives it."""

from __future__ import annotations

from marshmallow import Schema, fields


class ResultSchema(Schema):
    method = fields.String(required=True)
    tally = fields.String()
    ballot_count = fields.Integer(required=True)
    winners = fields.List(fields.Integer(), required=True)
    ranking = fields.List(fields.List(fields.Integer()), required=True)
    options = fields.List(fields.Dict(), required=True)
    details = fields.Dict(
        required=True,
        metadata={
            "description": "the method's details; for every method also hand_counts "
            '([{"id", "label", "people"}], the room counts of the current round, counted as '
            "that many ballots) and, with a quorum, quorum "
            '({"needed", "ballots"}, an extension)'
        },
    )
    quorum_met = fields.Boolean(
        required=True,
        metadata={
            "description": "whether settings.quorum is met (true without a quorum); where "
            "false, winners is empty and every yesno option reads passed: false"
        },
    )
