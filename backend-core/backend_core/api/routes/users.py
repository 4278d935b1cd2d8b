"""The logged-in user: their account, a copy of all their data, and erasing it."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import JSONResponse, Response

from backend_core import account
from backend_core.api.deps import BriefUser, CurrentUser, SessionDep, run_briefly
from backend_core.core.security import verify_and_update_async
from interview_common.models import AccountDeletion, Role, UserPublic

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserPublic)
def read_me(user: CurrentUser) -> UserPublic:
    """The account the bearer token belongs to."""
    return UserPublic.model_validate(user)


@router.get("/me/export", response_class=JSONResponse)
def export_me(session: SessionDep, user: CurrentUser) -> JSONResponse:
    """Everything stored about you, as one JSON document (a download)."""
    data: dict[str, Any] = account.export(session, user)
    logger.info("data exported", extra={"user_id": user.id, "sessions": len(data["sessions"])})
    return JSONResponse(
        data, headers={"Content-Disposition": f'attachment; filename="interview-data-{user.username}.json"'}
    )


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def delete_me(user: BriefUser, body: AccountDeletion) -> Response:
    """Erase your account and all your interviews, answers, recordings, emotion data and embeddings."""
    if user.role is Role.RECRUITER:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "Recruiter accounts are managed by an administrator and cannot delete themselves.",
        )
    matches, _ = await verify_and_update_async(body.password, user.hashed_password)
    if not matches:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "The password is not correct; the account was not deleted.")
    assert user.id is not None
    user_id = user.id
    await run_briefly(lambda session: account.delete_account(session, user_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
