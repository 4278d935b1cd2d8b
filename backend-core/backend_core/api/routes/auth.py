"""Registration and login."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, status
from pydantic import BaseModel, Field

from backend_core import crud
from backend_core.api.deps import run_briefly
from backend_core.core.ratelimit import RateLimit
from backend_core.core.security import hash_password_async, verify_and_update_async
from interview_common.models import Token, UserCreate, UserPublic
from interview_common.text import storable
from interview_common.tokens import create_access_token

logger = logging.getLogger(__name__)

router = APIRouter(tags=["auth"])


class LoginForm(BaseModel):
    """The OAuth2 password flow's form (`grant_type`, if sent, must be "password"), with our text rules."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128)
    grant_type: str | None = Field(default=None, pattern="^password$")

    _storable = storable("username", "password")


@router.post(
    "/register",
    response_model=UserPublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(RateLimit("register"))],
)
async def register(user_in: UserCreate) -> UserPublic:
    """Create a candidate account (recruiters are created by an administrator)."""
    # Hashed before a database slot is taken: the hash is the slow part.
    hashed = await hash_password_async(user_in.password)
    try:
        user = await run_briefly(
            lambda session: crud.create_user(session=session, user_in=user_in, hashed_password=hashed)
        )
    except crud.UsernameTaken:
        raise HTTPException(status.HTTP_409_CONFLICT, f"The username '{user_in.username}' is already taken.") from None
    logger.info("user registered", extra={"user_id": user.id, "username": user.username, "role": user.role})
    return UserPublic.model_validate(user)


@router.post("/token", response_model=Token, dependencies=[Depends(RateLimit("token"))])
async def login(form: Annotated[LoginForm, Form()]) -> Token:
    """Exchange a username and password for a bearer access token (OAuth2 password flow)."""
    user = await run_briefly(lambda session: crud.get_user_by_username(session=session, username=form.username))
    matches, new_hash = await verify_and_update_async(form.password, user.hashed_password if user else None)
    if user is None or not matches:
        logger.info("login refused", extra={"username": form.username})
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "Incorrect username or password.", headers={"WWW-Authenticate": "Bearer"}
        )
    assert user.id is not None
    if new_hash is not None:
        user_id = user.id
        await run_briefly(
            lambda session: crud.update_password_hash(session=session, user_id=user_id, hashed_password=new_hash)
        )
    return Token(access_token=create_access_token(user.id))
