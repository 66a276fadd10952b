"""What is wrong with one field, as a code with parameters.

``voting/`` and ``services/`` raise field errors as ``FieldError("too_long", max=300)``. A
``FieldError`` *is* its English message (a ``str``), so the API's error envelope (the contract's
``fields``: ``{"answers.17": "must be between 0 and 10"}``), logs and the CLI show it as it is,
while the pages render the same code and parameters in the reader's language
(``groupdecide/web/problem_text.py``). Every code has its English message in :data:`MESSAGES`;
an unknown code fails at once, where it is raised.

Pure Python: no Flask, no database, so that ``voting/`` can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["MESSAGES", "FieldError", "english"]

Template = str | Callable[[Mapping[str, Any]], str]


def _plural(one: str, many: str, key: str = "n") -> Callable[[Mapping[str, Any]], str]:
    """A message whose words follow the number ``params[key]`` ("1 option", "2 options")."""

    def render(params: Mapping[str, Any]) -> str:
        return (one if params[key] == 1 else many).format(**params)

    return render


# code -> the English message (the API shows it as it is): a str.format template over the
# parameters, or a function of them. Kept in sections per area, so that additions of parallel
# work do not collide.
MESSAGES: dict[str, Template] = {
    # --- common -------------------------------------------------------------------------
    "required": "is required",
    "not_a_string": "must be a string",
    "not_an_integer": "must be an integer",
    "not_a_boolean": "must be true or false",
    "not_an_object": "must be an object",
    "unknown_field": "unknown field",
    # --- voting/ ------------------------------------------------------------------------
    # settings
    "unknown_method": lambda p: "must be one of " + ", ".join(p["choices"]),
    "unknown_setting": "unknown setting",
    "setting_not_for_method": "does not apply to method {method} (only to {owner})",
    "not_a_tally": lambda p: "must be one of " + ", ".join(p["choices"]),
    "integer_not_in_range": "must be an integer from {min} to {max}",
    "lower_than_setting": "must not be lower than {other}",
    "scale_shape": 'must be an object {{"min": integer, "max": integer}}',
    "scale_out_of_range": "min and max must be between {min} and {max}",
    "scale_min_not_below_max": "min must be lower than max",
    "grades_count": "must be a list of {min} to {max} labels, worst first",
    "grade_empty": "each grade must be a non-empty text",
    "grade_too_long": "each grade must be at most {max} characters",
    "grades_not_distinct": "grades must all be different",
    "more_than_options": "must not be more than the number of options ({n})",
    # answers
    "answers_not_an_object": 'must be an object of option id to value, like {{"17": 1}}',
    "unknown_option": "unknown option",
    "answer_out_of_range": "must be between {min} and {max}",
    "not_zero_or_one": "must be 0 or 1",
    "not_yes_abstain_no": "must be 1 (yes), 0 (abstain) or -1 (no)",
    "not_yes_maybe_no": "must be 2 (yes), 1 (if need be) or 0 (no)",
    "answer_every_option": "is required: answer every option",
    "rate_at_least_one": "rate at least one option",
    "rank_at_least_one": "rank at least one option",
    "choose_exactly_one": "choose exactly one option",
    "choose_at_least": _plural(
        "choose at least {min} option", "choose at least {min} options", "min"
    ),
    "choose_at_most": _plural("choose at most {max} option", "choose at most {max} options", "max"),
    "too_few_points": _plural("give at least {min} point", "give at least {min} points", "min"),
    "too_many_points": "give at most {max} points in total (you gave {given})",
    # --- services/ ----------------------------------------------------------------------
    "bad_characters": "contains characters that are not allowed",
    "too_short": "needs at least {min} characters",
    "too_long": "must be at most {max} characters",
    "not_one_of": lambda p: "must be one of " + ", ".join(p["choices"]),
    "not_a_phase": lambda p: "must be " + ", ".join(p["choices"]),
    "not_changeable": lambda p: "cannot be changed (only " + ", ".join(p["allowed"]) + ")",
    "fixed_after_creation": "cannot be changed after creation",
    "not_in_future": "must be in the future",
    "not_an_email": "must be an e-mail address",
    "no_emails": "enter at least one e-mail address",
    "not_a_list_of_emails": "must be a list of e-mail addresses",
    "not_an_email_in_list": "not an e-mail address: {text}",
    "count_out_of_range": "must be 1 to {max}",
    # settings of a decision
    "not_collecting_or_voting": "must be collecting or voting",
    "consensus_only_setting": "only consensus decisions have this setting",
    "needs_collecting_start": "needs start_phase collecting",
    "not_before_closes_at": "must be before closes_at",
    "only_more_private": "can only become more private once answers were given",
    # options
    "not_a_list_of_options": "must be a list of options",
    "option_not_an_object": "must be an object with a label",
    "too_many_options": "at most {max} options",
    "too_many_options_with_passive": "at most {max} options, the passive one included",
    "too_few_options": "a decision that starts in voting needs at least {min} options",
    "too_few_answering": "at least {min} options must take answers while voting",
    "same_label_as": "is the same as option {option}",
    "duplicate_label": "an option with this label exists already",
    "consensus_only_passive": "only consensus decisions have a passive option",
    "one_passive_only": "only one option can be the passive one",
    "passive_not_hidden": "the passive option cannot be hidden",
    "ends_before_start": "must be after starts_at",
    "only_organizer_hides": "only the organizer hides options",
    "not_an_option": "is not an option of this decision",
    "not_another_option": "must be the id of another option",
    "read_only_author": "is read-only: it is the name a participant gave",
    "confirm_needed": "needed: the option has {answers} answers",
    # ballots, invites, comments
    "no_vetoes": "this decision takes no vetoes",
    "vetoes_not_an_object": "must be an object of option id to reason",
    "veto_needs_resistance": "a veto needs a resistance of 10",
    "veto_needs_reason": "a veto needs a reason",
    "anonymous_no_name": "this decision is anonymous: leave the name out",
    "invite_only_when_casting": "an invite is only used when casting",
    "invite_missing": "missing",
    "invite_unknown": "unknown",
    "invite_revoked": "revoked",
    "invite_used": "used",
    "too_many_addresses": "at most {max} addresses",
    "cursor_not_valid": "not valid",
    "no_author_for_organizer": "the organizer's options have no author",
    "export_format_unknown": "unknown",
    "export_version_unsupported": "unsupported",
    "slug_not_valid": "not a valid slug",
    "slug_taken": "taken",
    # tenants, import
    "bad_slug": "3 to 40 of a-z, 0-9 and -, not starting or ending with -",
    "bad_name_length": "1 to 200 characters",
    "not_one_of_policies": "must be open or members",
    "not_one_of_locales": "must be en or de",
    "file_in_use": "in use",
    # accounts, members, tenant admin (English as the API gave it before)
    "email_missing": "Enter an e-mail address.",
    "email_not_valid": "Enter an e-mail address such as name@example.org.",
    "password_missing": "Choose a password.",
    "password_too_short": _plural(
        "Use at least {min} character.", "Use at least {min} characters.", "min"
    ),
    "password_too_long": _plural(
        "Use at most {max} character.", "Use at most {max} characters.", "max"
    ),
    "password_common": "This password is too common and easily guessed. Choose another one.",
    "passwords_differ": "The two passwords differ.",
    "not_current_password": "This is not your current password.",
    "not_account_password": "This is not the password of this account.",
    "not_a_role": "Choose owner or organizer.",
    "not_a_colour": "Give a colour as #rrggbb, e.g. #1b6e8f.",
    "colour_too_pale": (
        "This colour is too pale: text and buttons on it would be hard to read (it needs a "
        "contrast of 3:1 with the white page and 4.5:1 with white or black text). "
        "Choose a darker colour."
    ),
    "logo_not_valid": "Upload a PNG or JPEG image of at most 1 MB.",
    "not_a_whole_number": "Give a whole number.",
    "number_not_in_range": "Give a number from {min} to {max}.",
    "too_many_origins": "Give at most {max} origins.",
    "not_an_origin": "Give origins such as https://www.example.org, separated by spaces.",
    "tenant_name_length": "Give a name of 1 to 200 characters.",
    "tenant_locale_not_valid": "Choose a language.",
    "tenant_policy_not_valid": "Choose who may start decisions.",
    "default_results_not_valid": "Choose who sees the results.",
    "default_access_not_valid": "Choose who may answer.",
    "tenant_zone_not_valid": "Choose a time zone from the list.",
    "not_a_host_name": "Give a host name such as vote.example.org.",
    "host_name_taken": "Another tenant has this host name.",
    "key_name_length": "Give the key a name of 1 to 100 characters.",
    # signup and plans
    "slug_reserved": "This short name is reserved for the service. Choose another one.",
    "plan_name_length": "Give the plan a name of 1 to 60 characters.",
    "plan_name_taken": "A plan with this name exists already.",
    "custom_host_not_in_plan": "The plan of this tenant does not include its own host name.",
    # proposals
    "not_an_answerable_option": "must be an option on the ballot (not hidden, not passive)",
    # integrations: webhooks
    "webhook_url_not_valid": "must be an http or https URL",
    "webhook_host_unknown": "names a host that does not resolve",
    "webhook_url_private": "must not point to a private, loopback, link-local or reserved address",
    "webhook_events_not_valid": lambda p: "must be a non-empty list of " + ", ".join(p["choices"]),
    # room: hand counts, quorum
    "quorum_share_needs_invite": 'a share of the invites ({{"share": 0.5}}) needs access invite',
    "quorum_share_not_in_range": "must be a number above 0 and at most 1",
    "more_answers_than_people": "{given} answers, more than the {people} people counted",
    "more_ballots_than_people": "{given} ballots, more than the {people} people counted",
    "choices_more_than_people": "{given} choices in total, more than the {people} people",
    "counts_for_this_method": "this method takes counts, not ballots",
    "ballots_for_ranked": "ranked takes ballots, not counts",
    "hand_count_ballots_not_a_list": 'must be a list of {{"answers": {{...}}, "count": n}}',
    "too_many_ballot_groups": "at most {max} groups of ballots",
    # --- times (timeparse.TimeError) ----------------------------------------------------
    "year_out_of_range": "must be between {min} and {max}",
    "not_a_zone": "must be an IANA time zone such as Europe/Berlin",
    "time_not_a_string": "must be a time as a string",
    "time_without_offset": "must include a time zone, e.g. Z or +02:00",
    "time_out_of_range": "is out of range",
    "time_in_gap": "does not exist in this time zone (the clocks skip it)",
    "not_a_date_and_time": "must be a date and a time",
    "not_a_date": "must be a date",
    "not_a_time_of_day": "must be a time of day",
    "minutes_out_of_range": "must be a number of minutes from 0 to {max}",
    "slot_needs_start": "needs a start time",
    "slot_needs_end": "needs an end time",
    "slot_ends_before_start": "must end after it starts",
    "slot_too_long": "is longer than a week",
    # --- web/ ---------------------------------------------------------------------------
    # --- api/ ---------------------------------------------------------------------------
    "missing_data": "Missing data for required field.",
    "count_or_emails": "give count or emails, not both",
    "not_a_time": "must be an ISO 8601 time such as 2030-05-01T18:00:00Z",
    "time_without_zone": "must be a date and time with a zone, e.g. 2030-05-01T18:00:00Z",
    "not_a_cursor": "must be a cursor from an earlier answer",
}


def english(code: str, params: Mapping[str, Any]) -> str:
    """The English message of ``code`` with ``params`` filled in."""
    template = MESSAGES[code]
    return template(params) if callable(template) else template.format(**params)


class FieldError(str):
    """A field's problem: ``code`` and ``params``, and (as a ``str``) its English message."""

    code: str
    params: Mapping[str, Any]

    def __new__(cls, code: str, /, **params: Any) -> FieldError:
        if code not in MESSAGES:
            raise KeyError(f"unknown field error code {code!r}: add it to problems.MESSAGES")
        self = super().__new__(cls, english(code, params))
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", MappingProxyType(dict(params)))
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FieldError is immutable")

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"FieldError({self.code!r}{args})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.code, dict(self.params)))


def _rebuild(code: str, params: dict[str, Any]) -> FieldError:
    return FieldError(code, **params)
