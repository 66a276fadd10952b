"""Field errors said in the page's language, by their code and parameters.

The services raise ``problems.FieldError`` (a code with parameters that *is* its English
message, for the API); the pages render the code here, through Flask-Babel. The decision's
method names the options in its words (proposals in systemic consensing, time slots when
finding a date). A plain ``str`` (a marshmallow message, or a text translated already) is
shown as it is; a ``FieldError`` whose code has no entry here is a bug (``tests/
test_problem_codes.py`` renders every code of ``problems.MESSAGES``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from flask import current_app

from groupdecide.i18n import gettext as _
from groupdecide.i18n import ngettext
from groupdecide.problems import FieldError
from groupdecide.timeparse import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:
    from groupdecide.web.methods.base import WebMethod

__all__ = ["RENDER", "field_message", "field_messages", "render"]

Params = Mapping[str, Any]
Render = Callable[[Params, "WebMethod"], str]


def _options(key: str) -> Render:
    """A sentence about the options in the method's words (``WebMethod.option_messages``)."""

    def say(p: Params, m: WebMethod) -> str:
        return str(m.option_messages()[key]())

    return say


def _at_most_options(p: Params, m: WebMethod) -> str:
    return str(m.at_most_options(int(p["max"])))


def _one_of(p: Params, m: WebMethod) -> str:
    return _("Choose one of the offered values.")


def _not_changeable(p: Params, m: WebMethod) -> str:
    return _("This cannot be changed any more.")


def _date_and_time(p: Params, m: WebMethod) -> str:
    return _("Enter a date and a time.")


def _lower_than(p: Params, m: WebMethod) -> str:
    if p.get("other") == "min_choices":
        return _("The most choices cannot be fewer than the fewest.")
    return _("This must not be lower than %(other)s.", other=p["other"])


def _years(p: Params, m: WebMethod) -> str:
    return _("Choose a year from %(min)s to %(max)s.", min=MIN_YEAR, max=MAX_YEAR)


def _gap(p: Params, m: WebMethod) -> str:
    if p.get("zone"):
        return _("This time does not exist in %(zone)s: the clocks skip it.", zone=p["zone"])
    return _("This time does not exist in this time zone: the clocks skip it.")


def _cursor(p: Params, m: WebMethod) -> str:
    return _("The cursor is not valid.")


# code -> the page's sentence, from the code's parameters and the decision's web method.
RENDER: dict[str, Render] = {
    # --- common -------------------------------------------------------------------------
    "required": lambda p, m: _("This is required."),
    "not_a_string": lambda p, m: _("Enter text here."),
    "not_an_integer": lambda p, m: _("Enter a whole number."),
    "not_a_boolean": lambda p, m: _("Choose yes or no."),
    "not_an_object": lambda p, m: _("This entry does not have the expected form."),
    "unknown_field": lambda p, m: _("This field is not known."),
    # --- voting/ ------------------------------------------------------------------------
    "unknown_method": _one_of,
    "unknown_setting": lambda p, m: _("This setting is not known."),
    "setting_not_for_method": lambda p, m: _("This setting does not apply to this method."),
    "not_a_tally": _one_of,
    "integer_not_in_range": lambda p, m: _(
        "Enter a whole number from %(low)s to %(high)s.", low=p["min"], high=p["max"]
    ),
    "lower_than_setting": _lower_than,
    "scale_shape": lambda p, m: _("Enter whole numbers for both ends of the scale."),
    "scale_out_of_range": lambda p, m: _("The scale is too wide."),
    "scale_min_not_below_max": lambda p, m: _("The lowest score must be lower than the highest."),
    "grades_count": lambda p, m: _("Give %(low)s to %(high)s grades.", low=p["min"], high=p["max"]),
    "grade_empty": lambda p, m: _("Give every grade a name."),
    "grade_too_long": lambda p, m: ngettext(
        "A grade can have at most %(num)s character.",
        "A grade can have at most %(num)s characters.",
        int(p["max"]),
    ),
    "grades_not_distinct": lambda p, m: _("Give every grade a different name."),
    "more_than_options": lambda p, m: ngettext(
        "There is only %(num)s option to choose from.",
        "There are only %(num)s options to choose from.",
        int(p["n"]),
    ),
    "answers_not_an_object": lambda p, m: _("Give one answer for each option."),
    "unknown_option": _options("unknown_option"),
    "answer_out_of_range": lambda p, m: _(
        "Choose a value from %(low)s to %(high)s.", low=p["min"], high=p["max"]
    ),
    "not_zero_or_one": lambda p, m: _("Choose it or leave it."),
    "not_yes_abstain_no": lambda p, m: _("Choose yes, abstain or no."),
    "not_yes_maybe_no": lambda p, m: _("Choose yes, if need be, or no."),
    "answer_every_option": lambda p, m: _("Answer this one too."),
    "rate_at_least_one": lambda p, m: _("Rate at least one proposal."),
    "rank_at_least_one": lambda p, m: _("Rank at least one option."),
    "choose_exactly_one": lambda p, m: _("Choose one option."),
    "choose_at_least": lambda p, m: _("Choose at least %(num)s.", num=p["min"]),
    "choose_at_most": lambda p, m: _("Choose at most %(num)s.", num=p["max"]),
    "too_few_points": lambda p, m: ngettext(
        "Give at least %(num)s point.", "Give at least %(num)s points.", int(p["min"])
    ),
    "too_many_points": lambda p, m: ngettext(
        "Give at most %(num)s point in total; you gave %(spent)s.",
        "Give at most %(num)s points in total; you gave %(spent)s.",
        int(p["max"]),
        spent=p["given"],
    ),
    # --- services/ ----------------------------------------------------------------------
    "bad_characters": lambda p, m: _("Remove the control characters from this text."),
    "too_short": lambda p, m: ngettext(
        "Use at least %(num)s character.", "Use at least %(num)s characters.", int(p["min"])
    ),
    "too_long": lambda p, m: ngettext(
        "Use at most %(num)s character.", "Use at most %(num)s characters.", int(p["max"])
    ),
    "not_one_of": _one_of,
    "not_a_phase": _one_of,
    "not_changeable": _not_changeable,
    "fixed_after_creation": _not_changeable,
    "not_in_future": lambda p, m: _("Choose a time in the future."),
    "not_an_email": lambda p, m: _("Enter an e-mail address such as name@example.org."),
    "no_emails": lambda p, m: _("Enter at least one e-mail address."),
    "not_a_list_of_emails": lambda p, m: _(
        "Enter e-mail addresses, one per line or separated by commas."
    ),
    "not_an_email_in_list": lambda p, m: _(
        "This is not an e-mail address: %(text)s", text=p["text"]
    ),
    "count_out_of_range": lambda p, m: _("Enter a whole number from 1 to %(high)s.", high=p["max"]),
    "not_collecting_or_voting": lambda p, m: _("Choose how the decision starts."),
    "consensus_only_setting": lambda p, m: _("This setting is only for systemic consensing."),
    "needs_collecting_start": lambda p, m: _(
        "The rating can only start by itself when the decision starts by collecting proposals."
    ),
    "not_before_closes_at": lambda p, m: _("Let the rating start before the decision closes."),
    "only_more_private": lambda p, m: _("Once answers are in, this can only become more private."),
    "not_a_list_of_options": lambda p, m: _("Give the options as a list."),
    "option_not_an_object": lambda p, m: _("Give every option a text."),
    "too_many_options": _at_most_options,
    "too_many_options_with_passive": _at_most_options,
    "too_few_options": _options("too_few_options"),
    "too_few_answering": lambda p, m: ngettext(
        "At least %(num)s option must take answers while voting.",
        "At least %(num)s options must take answers while voting.",
        int(p["min"]),
    ),
    "same_label_as": _options("same_label_as"),
    "duplicate_label": _options("duplicate_label"),
    "consensus_only_passive": lambda p, m: _("Only systemic consensing has a passive solution."),
    "one_passive_only": lambda p, m: _("There is only one passive solution."),
    "passive_not_hidden": lambda p, m: _("The passive solution cannot be hidden."),
    "ends_before_start": lambda p, m: _("The end must be after the start."),
    "only_organizer_hides": lambda p, m: _("Only the organizer can hide options."),
    "not_an_option": _options("unknown_option"),
    "not_another_option": lambda p, m: _("Choose another option."),
    "read_only_author": lambda p, m: _(
        "This is the name a participant gave; it cannot be changed."
    ),
    "confirm_needed": lambda p, m: ngettext(
        "This option has %(num)s answer: confirm the change.",
        "This option has %(num)s answers: confirm the change.",
        int(p["answers"]),
    ),
    "no_vetoes": lambda p, m: _("This decision takes no vetoes."),
    "vetoes_not_an_object": lambda p, m: _("Give every veto with its reason."),
    "veto_needs_resistance": lambda p, m: _("A veto is only possible with a resistance of 10."),
    "veto_needs_reason": lambda p, m: _(
        "A veto needs a reason: say why you cannot accept this proposal."
    ),
    "anonymous_no_name": lambda p, m: _("This decision is anonymous: leave the name out."),
    "invite_only_when_casting": lambda p, m: _("An invitation is only used when answering."),
    "invite_missing": lambda p, m: _("This decision needs your invitation link."),
    "invite_unknown": lambda p, m: _("This invitation link is not known."),
    "invite_revoked": lambda p, m: _("This invitation link has been withdrawn."),
    "invite_used": lambda p, m: _("This invitation link has been used already."),
    "too_many_addresses": lambda p, m: ngettext(
        "Enter at most %(num)s address at once.",
        "Enter at most %(num)s addresses at once.",
        int(p["max"]),
    ),
    "cursor_not_valid": _cursor,
    "no_author_for_organizer": lambda p, m: _("The organizer's options have no author."),
    "export_format_unknown": lambda p, m: _("This export format is not known."),
    "export_version_unsupported": lambda p, m: _("This export version is not supported."),
    "slug_not_valid": lambda p, m: _("This is not a valid short name."),
    "slug_taken": lambda p, m: _("This short name is taken already."),
    "bad_slug": lambda p, m: _(
        "Use 3 to 40 characters: a to z, 0 to 9 and -, not at the start or the end."
    ),
    "bad_name_length": lambda p, m: _("Give a name of 1 to 200 characters."),
    "not_one_of_policies": lambda p, m: _("Choose who may start decisions."),
    "not_one_of_locales": lambda p, m: _("Choose a language."),
    "file_in_use": lambda p, m: _("This file is in use."),
    "email_missing": lambda p, m: _("Enter an e-mail address."),
    "email_not_valid": lambda p, m: _("Enter an e-mail address such as name@example.org."),
    "password_missing": lambda p, m: _("Choose a password."),
    "password_too_short": lambda p, m: ngettext(
        "Use at least %(num)s character.", "Use at least %(num)s characters.", int(p["min"])
    ),
    "password_too_long": lambda p, m: ngettext(
        "Use at most %(num)s character.", "Use at most %(num)s characters.", int(p["max"])
    ),
    "password_common": lambda p, m: _(
        "This password is too common and easily guessed. Choose another one."
    ),
    "passwords_differ": lambda p, m: _("The two passwords differ."),
    "not_current_password": lambda p, m: _("This is not your current password."),
    "not_account_password": lambda p, m: _("This is not the password of this account."),
    "not_a_role": lambda p, m: _("Choose owner or organizer."),
    "not_a_colour": lambda p, m: _("Give a colour as #rrggbb, e.g. #1b6e8f."),
    "colour_too_pale": lambda p, m: _(
        "This colour is too pale: text and buttons on it would be hard to read "
        "(it needs a contrast of 3:1 with the white page and 4.5:1 with white or "
        "black text). "
        "Choose a darker colour."
    ),
    "logo_not_valid": lambda p, m: _("Upload a PNG or JPEG image of at most 1 MB."),
    "not_a_whole_number": lambda p, m: _("Give a whole number."),
    "number_not_in_range": lambda p, m: _(
        "Give a number from %(lo)d to %(hi)d.", lo=int(p["min"]), hi=int(p["max"])
    ),
    "too_many_origins": lambda p, m: (
        _("Give at most 20 origins.")
        if p["max"] == 20
        else _("Give at most %(num)s origins.", num=p["max"])
    ),
    "not_an_origin": lambda p, m: _(
        "Give origins such as https://www.example.org, separated by spaces."
    ),
    "tenant_name_length": lambda p, m: _("Give a name of 1 to 200 characters."),
    "tenant_locale_not_valid": lambda p, m: _("Choose a language."),
    "tenant_policy_not_valid": lambda p, m: _("Choose who may start decisions."),
    "default_results_not_valid": lambda p, m: _("Choose who sees the results."),
    "default_access_not_valid": lambda p, m: _("Choose who may answer."),
    "tenant_zone_not_valid": lambda p, m: _("Choose a time zone from the list."),
    "not_a_host_name": lambda p, m: _("Give a host name such as vote.example.org."),
    "host_name_taken": lambda p, m: _("Another tenant has this host name."),
    "key_name_length": lambda p, m: _("Give the key a name of 1 to 100 characters."),
    # signup and plans
    "slug_reserved": lambda p, m: _(
        "This short name is reserved for the service. Choose another one."
    ),
    "plan_name_length": lambda p, m: _("Give the plan a name of 1 to 60 characters."),
    "plan_name_taken": lambda p, m: _("A plan with this name exists already."),
    "custom_host_not_in_plan": lambda p, m: _(
        "The plan of this tenant does not include its own host name."
    ),
    # proposals
    "not_an_answerable_option": lambda p, m: _("Choose a proposal that is on the ballot."),
    # integrations: webhooks
    "webhook_url_not_valid": lambda p, m: _("Give an address starting with https:// or http://."),
    "webhook_host_unknown": lambda p, m: _("This host name could not be found."),
    "webhook_url_private": lambda p, m: _(
        "This address is in a private or local network; webhooks go to public addresses only."
    ),
    "webhook_events_not_valid": lambda p, m: _("Choose at least one event."),
    # room: hand counts, quorum
    "quorum_share_needs_invite": lambda p, m: _(
        "A share of the invites as quorum needs answers by invitation only."
    ),
    "quorum_share_not_in_range": lambda p, m: _("Give a share above 0 and at most 1."),
    "more_answers_than_people": lambda p, m: _(
        "%(given)s answers, but only %(people)s people were counted.",
        given=p["given"],
        people=p["people"],
    ),
    "more_ballots_than_people": lambda p, m: _(
        "%(given)s ballots, but only %(people)s people were counted.",
        given=p["given"],
        people=p["people"],
    ),
    "choices_more_than_people": lambda p, m: _(
        "%(given)s choices in total, but only %(people)s people were counted.",
        given=p["given"],
        people=p["people"],
    ),
    "counts_for_this_method": lambda p, m: _("Give counts per answer, not ballots."),
    "ballots_for_ranked": lambda p, m: _("Give the paper ballots, not counts per answer."),
    "hand_count_ballots_not_a_list": lambda p, m: _(
        "Give the paper ballots as a list of orders with their numbers."
    ),
    "too_many_ballot_groups": lambda p, m: _(
        "Give at most %(num)s different orders.", num=p["max"]
    ),
    # --- times (timeparse.TimeError) ----------------------------------------------------
    "year_out_of_range": _years,
    "not_a_zone": lambda p, m: _("Choose a time zone from the list."),
    "time_not_a_string": _date_and_time,
    "time_without_offset": _date_and_time,
    "time_out_of_range": _years,
    "time_in_gap": _gap,
    "not_a_date_and_time": _date_and_time,
    "not_a_date": _date_and_time,
    "not_a_time_of_day": _date_and_time,
    "minutes_out_of_range": lambda p, m: _("Choose a shorter length."),
    "slot_needs_start": lambda p, m: _("Enter the start time too, or leave both times empty."),
    "slot_needs_end": lambda p, m: _("Enter the end time too."),
    "slot_ends_before_start": lambda p, m: _(
        "The slot ends before it starts. For a slot past midnight, give the end date."
    ),
    "slot_too_long": lambda p, m: _("Choose a shorter length."),
    # --- web/ ---------------------------------------------------------------------------
    # --- api/ ---------------------------------------------------------------------------
    "missing_data": lambda p, m: _("This is required."),
    "count_or_emails": lambda p, m: _("Give a number or e-mail addresses, not both."),
    "not_a_time": _date_and_time,
    "time_without_zone": _date_and_time,
    "not_a_cursor": _cursor,
}


def render(error: FieldError, method: str | None = None, **extra: Any) -> str:
    """``error`` in the page's language; ``method`` (the decision's, where there is one) names
    the options in its words; ``extra`` adds parameters only the page knows (a zone's name)."""
    from groupdecide.web.methods import web_method

    say = RENDER.get(error.code)
    if say is None:
        if current_app.testing:
            raise KeyError(f"field error code {error.code!r} has no page sentence in problem_text")
        current_app.logger.warning("field error code %r has no page sentence", error.code)
        return str(error)
    return say({**error.params, **extra}, web_method(method))


def field_message(message: str, method: str | None = None) -> str:
    """A field's message for a page: a ``FieldError`` rendered by its code, any other text (a
    marshmallow message, a text translated already) as it is."""
    if isinstance(message, FieldError):
        return render(message, method)
    return message


def field_messages(fields: Mapping[str, str], method: str | None = None) -> dict[str, str]:
    return {key: field_message(msg, method) for key, msg in fields.items()}
