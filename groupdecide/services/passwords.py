"""Password rules and hashing: Argon2id (argon2-cffi), 10 to 128 characters, and none of the
30,000 most common passwords (the list that ships with zxcvbn), also not with digits or
punctuation added at the end."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from groupdecide.problems import FieldError

from .fields import limit

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters
# Verified against when the e-mail address is unknown, so both cases take the same time.
_DUMMY = _hasher.hash("not a real password, only to spend the same time")


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    low = password.casefold()
    stem = low.rstrip("0123456789!?.,;:-_#*+ ")
    common = _common()
    return low in common or (len(stem) >= 4 and stem in common) or len(set(low)) <= 2


def password_problem(password: object) -> FieldError | None:
    """Why the password cannot be used, or None."""
    if not isinstance(password, str) or not password:
        return FieldError("password_missing")
    lo, hi = limit("PASSWORD_MIN"), limit("PASSWORD_MAX")
    if len(password) < lo:
        return FieldError("password_too_short", min=lo)
    if len(password) > hi:
        return FieldError("password_too_long", max=hi)
    if is_common(password):
        return FieldError("password_common")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches; spends the same time when nothing is stored."""
    if not isinstance(password, str) or len(password) > 1024:
        return False
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)
