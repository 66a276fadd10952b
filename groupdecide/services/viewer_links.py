"""Viewer links: read-only results for people outside the group (the contract's Viewer
links). The token is shown once and kept as a hash (``security.hash_token``); a revoked link
is kept (``revoked_at``) so that its token answers 401, not as an unknown one would."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from groupdecide import parsing
from groupdecide.errors import NotFound, ValidationFailed
from groupdecide.extensions import db
from groupdecide.models import Decision, ViewerLink
from groupdecide.problems import FieldError
from groupdecide.security import hash_token, new_token

from .times import now

LABEL_MAX = 200


def create_link(decision: Decision, label: Any = None) -> tuple[ViewerLink, str]:
    """A new viewer link of ``decision``; returns it and its token (shown once)."""
    errors: dict[str, FieldError] = {}
    text = parsing.clean_text(label, "label", max_len=LABEL_MAX, errors=errors)
    if errors:
        raise ValidationFailed(_("Check the label."), errors)
    token = new_token()
    link = ViewerLink(
        tenant_id=decision.tenant_id,
        decision_id=decision.id,
        token_hash=hash_token(token),
        label=text or None,
    )
    db.session.add(link)
    db.session.flush()
    return link, token


def list_links(decision: Decision) -> list[ViewerLink]:
    """The decision's live viewer links, oldest first."""
    return list(
        db.session.execute(
            sa.select(ViewerLink)
            .where(ViewerLink.decision_id == decision.id, ViewerLink.revoked_at.is_(None))
            .order_by(ViewerLink.id)
        ).scalars()
    )


def get_link(decision: Decision, link_id: Any) -> ViewerLink:
    lid = parsing.parse_id(link_id)
    link = (
        None
        if lid is None
        else db.session.execute(
            sa.select(ViewerLink).where(
                ViewerLink.id == lid,
                ViewerLink.decision_id == decision.id,
                ViewerLink.revoked_at.is_(None),
            )
        ).scalar_one_or_none()
    )
    if link is None:
        raise NotFound(_("There is no such viewer link."))
    return link


def revoke_link(link: ViewerLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = now()
    db.session.flush()


def _by_token(decision: Decision, token: str | None) -> ViewerLink | None:
    if not token:
        return None
    return db.session.execute(
        sa.select(ViewerLink).where(
            ViewerLink.decision_id == decision.id, ViewerLink.token_hash == hash_token(token)
        )
    ).scalar_one_or_none()


def resolve(decision: Decision, token: str | None) -> ViewerLink | None:
    """The live viewer link of ``decision`` whose token this is, or None."""
    link = _by_token(decision, token)
    return link if link is not None and link.revoked_at is None else None


def is_revoked(decision: Decision, token: str | None) -> bool:
    """Whether ``token`` is a revoked viewer link of ``decision``."""
    link = _by_token(decision, token)
    return link is not None and link.revoked_at is not None
