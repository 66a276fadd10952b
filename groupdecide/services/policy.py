"""Who may do what in a tenant, checked by the services with the ``Actor`` they are given."""

from __future__ import annotations

from flask_babel import gettext as _

from groupdecide.errors import Forbidden, Unauthorized
from groupdecide.models import Membership, Tenant

from .actors import Actor
from .auth import api_key_valid
from .memberships import membership


def member_of_current(actor: Actor | None) -> Membership | None:
    """The actor's membership in the current tenant (the ORM filter scopes it), or None."""
    return membership(actor.user_id) if actor is not None else None


def check_may_create(tenant: Tenant, actor: Actor | None) -> None:
    """On a tenant whose policy is ``members``, only its logged-in members start decisions on
    the pages, and only a holder of one of its API keys through the API."""
    if tenant.policy == "open":
        return
    if actor is not None and actor.via_api:
        if not api_key_valid(tenant, actor.api_key):
            raise Unauthorized("Creating decisions here needs an API key of this tenant.")
        return
    if member_of_current(actor) is None:
        raise Forbidden(_("Only members of %(name)s can start decisions here.", name=tenant.name))
