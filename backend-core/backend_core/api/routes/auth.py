"""Registration and login."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm

from backend_core import crud
from backend_core.api.deps import SessionDep
from backend_core.core.ratelimit import RateLimit
from interview_common.models import Token, UserCreate, UserPublic
from interview_common.tokens import create_access_token

logger = logging.getLogger(__name__)

router = APIRouter(tags=["auth"])


@router.post(
    "/register",
    response_model=UserPublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(RateLimit("register"))],
)
def register(session: SessionDep, user_in: UserCreate) -> UserPublic:
    """Create a candidate account (recruiters are created by an administrator)."""
    try:
        user = crud.create_user(session=session, user_in=user_in)
    except crud.UsernameTaken:
        raise HTTPException(status.HTTP_409_CONFLICT, f"The username '{user_in.username}' is already taken.") from None
    logger.info("user registered", extra={"user_id": user.id, "username": user.username, "role": user.role})
    return UserPublic.model_validate(user)


@router.post("/token", response_model=Token, dependencies=[Depends(RateLimit("token"))])
def login(session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    """Exchange a username and password for a bearer access token (OAuth2 password flow)."""
    user = crud.authenticate(session=session, username=form.username, password=form.password)
    if user is None:
        logger.info("login refused", extra={"username": form.username})
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "Incorrect username or password.", headers={"WWW-Authenticate": "Bearer"}
        )
    assert user.id is not None
    return Token(access_token=create_access_token(user.id))
