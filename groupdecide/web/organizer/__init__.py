"""Organizer pages (stub; being written)."""

from flask import Blueprint

bp = Blueprint("organizer", __name__)


@bp.get("/d/<decision_id>/admin/<token>")
def enter(decision_id: str, token: str) -> str:
    return "admin"
