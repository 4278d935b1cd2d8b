"""Access tokens: issued by backend-core, checked by every HTTP service (the media server too)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jose import JWTError, jwt

from interview_common.settings import get_settings

ALGORITHM = "HS256"


class InvalidToken(Exception):
    """The token is malformed, forged, expired or not for this service."""


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
