"""SQLAlchemy 2.0 typed models."""

from .account import ROLES, AccountToken, Invitation, Membership, User, UserSession
from .base import TenantScoped, UTCDateTime, utcnow
from .decision import Ballot, Decision, DecisionLogEntry, Invite, Option
from .mail import MailRecord
from .participation import Comment, Subscription
from .tenant import ApiKey, Tenant

__all__ = [
    "ROLES",
    "AccountToken",
    "ApiKey",
    "Ballot",
    "Comment",
    "Decision",
    "DecisionLogEntry",
    "Invitation",
    "Invite",
    "MailRecord",
    "Membership",
    "Option",
    "Subscription",
    "Tenant",
    "TenantScoped",
    "UTCDateTime",
    "User",
    "UserSession",
    "utcnow",
]
