"""SQLAlchemy 2.0 typed models."""

from .account import ROLES, AccountToken, Invitation, Membership, User, UserSession
from .base import TenantScoped, UTCDateTime, utcnow
from .decision import Ballot, Decision, DecisionLogEntry, Invite, Option
from .integration import Webhook, WebhookDelivery
from .mail import MailRecord
from .meeting import DecisionRound, HandCount, RetiredBallot, Support, ViewerLink
from .participation import Comment, Subscription
from .tenant import ApiKey, DecisionTemplate, MailOptOut, Plan, Signup, Tenant

__all__ = [
    "ROLES",
    "AccountToken",
    "ApiKey",
    "Ballot",
    "Comment",
    "Decision",
    "DecisionLogEntry",
    "DecisionRound",
    "DecisionTemplate",
    "HandCount",
    "Invitation",
    "Invite",
    "MailOptOut",
    "MailRecord",
    "Membership",
    "Option",
    "Plan",
    "RetiredBallot",
    "Signup",
    "Subscription",
    "Support",
    "Tenant",
    "TenantScoped",
    "UTCDateTime",
    "User",
    "UserSession",
    "ViewerLink",
    "Webhook",
    "WebhookDelivery",
    "utcnow",
]
