"""Password hashing and access tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jose import JWTError, jwt
from passlib.context import CryptContext

from interview_common.settings import get_settings

ALGORITHM = "HS256"

# Argon2: no 72-byte truncation (a 24-character Korean password is 72 bytes in UTF-8).
_pwd_context = CryptContext(schemes=["argon2"], deprecated="auto")

# Verified against when the username does not exist, so both failures take the same time.
_DUMMY_HASH = _pwd_context.hash("timing-equaliser")


class InvalidToken(Exception):
    """The token is malformed, forged, expired or not for this service."""


def hash_password(password: str) -> str:
    return _pwd_context.hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    if hashed is None:
        _pwd_context.verify(password, _DUMMY_HASH)
        return False
    return _pwd_context.verify(password, hashed)


def create_access_token(user_id: int, *, expires_in: timedelta | None = None) -> str:
    settings = get_settings()
    now = datetime.now(UTC)
    expire = now + (expires_in or timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES))
    claims = {"sub": str(user_id), "iat": now, "exp": expire, "type": "access"}
    return jwt.encode(claims, settings.SECRET_KEY, algorithm=ALGORITHM)


def decode_access_token(token: str) -> int:
    """Return the user id the token was issued to; only HS256 with our key is accepted."""
    try:
        claims = jwt.decode(
            token,
            get_settings().SECRET_KEY,
            algorithms=[ALGORITHM],
            options={"require_exp": True, "require_sub": True, "require_iat": True},
        )
    except JWTError as exc:
        raise InvalidToken(str(exc)) from exc
    sub = claims.get("sub")
    if claims.get("type") != "access" or not isinstance(sub, str) or not sub.isdigit():
        raise InvalidToken("token subject is not a user id")
    return int(sub)
