"""SQLAlchemy 2.0 typed models."""

from .base import TenantScoped, UTCDateTime, utcnow
from .decision import Ballot, Decision, Invite, Option
from .tenant import ApiKey, Tenant

__all__ = [
    "ApiKey",
    "Ballot",
    "Decision",
    "Invite",
    "Option",
    "Tenant",
    "TenantScoped",
    "UTCDateTime",
    "utcnow",
]
