"""Capability tokens: long and random, stored only as SHA-256 hashes, compared in constant time.

SHA-256 (not a slow password hash) is right here: the tokens carry 192 random bits, so there is
nothing to guess, and lookups by hash must be fast.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 24  # 192 bits, 32 URL-safe characters
DECISION_ID_BYTES = 9  # 72 bits, 12 URL-safe characters


def new_token() -> str:
    """A fresh capability token (admin, edit, invite, API key)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_decision_id() -> str:
    """A fresh public decision id (72 random bits)."""
    return secrets.token_urlsafe(DECISION_ID_BYTES)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(token: str | None, stored_hash: str | None) -> bool:
    """Whether ``token`` is the one whose hash is stored (constant time)."""
    if not token or not stored_hash:
        return False
    return hmac.compare_digest(hash_token(token), stored_hash)
