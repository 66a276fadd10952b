"""Receipts (the contract's part two): with ``settings.receipts`` every ballot gets a random
receipt (``ballots.new_receipt``, new with every change), and once the decision is closed the
receipts are listed with their answers, without names or times, so that anyone can find their
own and recount the result."""

from __future__ import annotations

from typing import Any, TypedDict

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide.errors import Conflict, Forbidden
from groupdecide.extensions import db
from groupdecide.models import Ballot, Decision
from groupdecide.problems import FieldError


class ReceiptJSON(TypedDict):
    receipt: str
    answers: dict[str, int]


def check_receipts_change(
    decision: Decision, value: Any, changes: dict[str, Any], errors: dict[str, FieldError]
) -> None:
    """``settings.receipts`` may change only before the first ballot (409 after): a ballot
    given without a receipt could not be checked, one given with it was promised one."""
    from .decisions import ballot_count

    if not isinstance(value, bool):
        errors["settings.receipts"] = FieldError("not_a_boolean")
        return
    if value != decision.rules.receipts and ballot_count(decision):
        raise Conflict(_("Receipts can only be switched before the first answer."))
    changes["receipts"] = value


def require_listable(decision: Decision) -> None:
    """The list exists where receipts are on (403 otherwise) and once closed (409 before)."""
    if not decision.rules.receipts:
        raise Forbidden(_("This decision gives no receipts."))
    if decision.current_phase != "closed":
        raise Conflict(_("The receipts are listed once the decision is closed."))


def receipts(decision: Decision) -> list[ReceiptJSON]:
    """Every counted online ballot of the current round: its receipt and answers (only for the
    options that are counted), sorted by receipt. The caller checks visibility."""
    counted = {str(o.id) for o in decision.ballot_options}
    rows = db.session.execute(
        sa.select(Ballot.receipt, Ballot.answers).where(
            Ballot.decision_id == decision.id, Ballot.receipt.is_not(None)
        )
    ).all()
    items: list[ReceiptJSON] = [
        {
            "receipt": str(receipt),
            "answers": {k: v for k, v in (answers or {}).items() if k in counted},
        }
        for receipt, answers in rows
    ]
    items.sort(key=lambda item: item["receipt"])
    return items
