"""Recruiters' search across every candidate's answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from backend_core import audit
from backend_core.api.deps import Recruiter, SessionDep
from backend_core.search import NothingToSearch, search_answers
from interview_common.models import AuditAction, SearchHit
from interview_common.text import StorableStr

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=list[SearchHit])
def search(
    session: SessionDep,
    user: Recruiter,
    q: Annotated[StorableStr, Query(min_length=1, max_length=200, description="What the answers should be about")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[SearchHit]:
    """Answers ranked by semantic similarity to `q`, each with its session and candidate."""
    try:
        hits = search_answers(session, q, limit, user.organisation_id)
    except NothingToSearch as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    # Snippets of answers are candidates' data: each session that appears is logged as read.
    audit.record_reads(session, user, [h.session_id for h in hits], AuditAction.SEARCH)
    return hits
