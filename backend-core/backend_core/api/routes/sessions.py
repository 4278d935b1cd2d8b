"""Interview sessions."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, status

from backend_core import crud
from backend_core.api.deps import CurrentUser, SessionDep
from interview_common.models import InterviewSessionPublic, SessionCreate

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/sessions", tags=["sessions"])

# A path id outside PostgreSQL's integer range is a client error, not a database error.
SessionId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The interview session's id")]


@router.post("", response_model=InterviewSessionPublic, status_code=status.HTTP_201_CREATED)
def create_session(session: SessionDep, user: CurrentUser, session_in: SessionCreate) -> InterviewSessionPublic:
    """Start a new interview session for the logged-in user."""
    interview = crud.create_session(session=session, owner=user, session_in=session_in)
    logger.info(
        "session created",
        extra={
            "session_id": interview.id,
            "user_id": user.id,
            "user_name": interview.user_name,
            "position": interview.position,
        },
    )
    return InterviewSessionPublic.model_validate(interview)


@router.get("", response_model=list[InterviewSessionPublic])
def list_sessions(
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[InterviewSessionPublic]:
    """Candidates see their own sessions, recruiters everyone's, newest first."""
    rows = crud.list_sessions(session=session, viewer=user, limit=limit, offset=offset)
    return [InterviewSessionPublic.model_validate(r) for r in rows]


@router.get("/{session_id}", response_model=InterviewSessionPublic)
def read_session(session: SessionDep, user: CurrentUser, session_id: SessionId) -> InterviewSessionPublic:
    """One session, if it is yours (or you are a recruiter)."""
    interview = crud.get_visible_session(session=session, viewer=user, session_id=session_id)
    if interview is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Interview session {session_id} was not found.")
    return InterviewSessionPublic.model_validate(interview)
