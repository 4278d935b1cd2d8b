"""What handlers ask for in their signatures: a DB session, the current user, a role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from interview_common.db import get_engine
from interview_common.models import Role, User
from interview_common.tokens import InvalidToken, decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)


def get_db() -> Iterator[Session]:
    with Session(get_engine()) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]

_UNAUTHENTICATED = {"WWW-Authenticate": "Bearer"}


def get_current_user(session: SessionDep, token: TokenDep) -> User:
    if not token:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Log in first: this needs a bearer token.", _UNAUTHENTICATED)
    try:
        user_id = decode_access_token(token)
    except InvalidToken as exc:
        message = (
            "Your session has expired; log in again."
            if "expired" in str(exc).lower()
            else ("The access token is not valid; log in again.")
        )
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, message, _UNAUTHENTICATED) from exc
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "The account for this token no longer exists.", _UNAUTHENTICATED
        )
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def token_from_query(request: Request, header_token: TokenDep) -> str | None:
    """For server-sent events: EventSource cannot set headers, so `?access_token=` is accepted too."""
    return header_token or request.query_params.get("access_token")


def require_recruiter(user: CurrentUser) -> User:
    if user.role is not Role.RECRUITER:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only recruiters may do this.")
    return user


Recruiter = Annotated[User, Depends(require_recruiter)]
