"""Password hashing (tokens are in interview_common.tokens, shared with the media server)."""

from __future__ import annotations

from passlib.context import CryptContext

# Argon2: no 72-byte truncation (a 24-character Korean password is 72 bytes in UTF-8).
_pwd_context = CryptContext(schemes=["argon2"], deprecated="auto")

# Verified against when the username does not exist, so both failures take the same time.
_DUMMY_HASH = _pwd_context.hash("timing-equaliser")


def hash_password(password: str) -> str:
    return _pwd_context.hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    if hashed is None:
        _pwd_context.verify(password, _DUMMY_HASH)
        return False
    return _pwd_context.verify(password, hashed)
