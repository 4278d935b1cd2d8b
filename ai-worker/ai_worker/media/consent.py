"""The worker's own check of a session's emotion-analysis consent (the media server checks it first)."""

from __future__ import annotations

from sqlmodel import select

from interview_common.db import session_scope
from interview_common.models import EmotionAnalysis, InterviewSession, emotion_analysis_of


def emotion_analysis_allowed(session_id: int) -> bool:
    """False for a session without the candidate's opt-in, a disabled deployment, or no such session."""
    with session_scope() as db:
        consent = db.exec(select(InterviewSession.emotion_consent).where(InterviewSession.id == session_id)).first()
    return consent is not None and emotion_analysis_of(consent) is EmotionAnalysis.COLLECTED
