"""The logged-in user."""

from __future__ import annotations

from fastapi import APIRouter

from backend_core.api.deps import CurrentUser
from interview_common.models import UserPublic

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserPublic)
def read_me(user: CurrentUser) -> UserPublic:
    """The account the bearer token belongs to."""
    return UserPublic.model_validate(user)
