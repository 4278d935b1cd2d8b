"""The worker's own check of a session's emotion-analysis consent (the media server checks it first)."""

from __future__ import annotations

from sqlmodel import Session, select

from interview_common.db import session_scope
from interview_common.models import EmotionAnalysis, InterviewSession, emotion_analysis_of


def _allowed(consent: bool | None) -> bool:
    return consent is not None and emotion_analysis_of(consent) is EmotionAnalysis.COLLECTED


def emotion_analysis_allowed(session_id: int) -> bool:
    """False for a session without the candidate's opt-in, a disabled deployment, or no such session."""
    with session_scope() as db:
        consent = db.exec(select(InterviewSession.emotion_consent).where(InterviewSession.id == session_id)).first()
    return _allowed(consent)


def consent_held(db: Session, session_id: int) -> bool:
    """The same check inside the transaction that stores a result, holding the session row (FOR SHARE) until it
    commits: a withdrawal (which locks the row FOR UPDATE, then deletes the rows) either waits for this insert
    and deletes it too, or commits first and this check sees it. No row can outlive a withdrawal."""
    consent = db.exec(
        select(InterviewSession.emotion_consent).where(InterviewSession.id == session_id).with_for_update(read=True)
    ).first()
    return _allowed(consent)
