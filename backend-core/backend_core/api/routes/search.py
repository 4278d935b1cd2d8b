"""Recruiters' search across every candidate's answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend_core.api.deps import Recruiter, SessionDep
from backend_core.search import search_answers
from interview_common.models import SearchHit

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=list[SearchHit])
def search(
    session: SessionDep,
    _: Recruiter,
    q: Annotated[str, Query(min_length=1, max_length=200, description="What the answers should be about")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[SearchHit]:
    """Answers ranked by semantic similarity to `q`, each with its session and candidate."""
    return search_answers(session, q, limit)
