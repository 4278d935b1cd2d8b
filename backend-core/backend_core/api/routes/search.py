"""Recruiters' search across every candidate's answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend_core import audit
from backend_core.api.deps import Recruiter, SessionDep
from backend_core.search import search_answers
from interview_common.models import AuditAction, SearchHit

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=list[SearchHit])
def search(
    session: SessionDep,
    user: Recruiter,
    q: Annotated[str, Query(min_length=1, max_length=200, description="What the answers should be about")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[SearchHit]:
    """Answers ranked by semantic similarity to `q`, each with its session and candidate."""
    hits = search_answers(session, q, limit)
    # Snippets of answers are candidates' data: each session that appears is logged as read.
    audit.record_reads(session, user, [h.session_id for h in hits], AuditAction.SEARCH)
    return hits
