"""Participant pages (stub; being written)."""

from flask import Blueprint

bp = Blueprint("public", __name__)


@bp.get("/d/<decision_id>")
def participate(decision_id: str) -> str:
    return "participate"


@bp.get("/d/<decision_id>/results")
def results(decision_id: str) -> str:
    return "results"


@bp.get("/d/<decision_id>/ballot/<token>")
def edit_link(decision_id: str, token: str) -> str:
    return "edit"
