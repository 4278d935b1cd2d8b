"""The data-use notice shown before an interview (no login needed to read what will be collected)."""

from __future__ import annotations

from fastapi import APIRouter

from interview_common.consent import ConsentNotice, current_notice

router = APIRouter(prefix="/consent", tags=["consent"])


@router.get("/notice", response_model=ConsentNotice)
def read_notice() -> ConsentNotice:
    """What is collected, why and for how long; `version` goes back with the candidate's choices."""
    return current_notice()
