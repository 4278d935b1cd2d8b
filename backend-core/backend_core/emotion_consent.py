"""Withdrawing the emotion-analysis opt-in: analysis stops and what it produced is erased."""

from __future__ import annotations

import logging

from sqlalchemy import delete
from sqlmodel import Session, col, select

from interview_common.flow import Conflict, Forbidden
from interview_common.models import EmotionAnalysis, EmotionSample, InterviewSession, User, emotion_analysis_of, utcnow

logger = logging.getLogger(__name__)


def withdraw(db: Session, interview: InterviewSession, candidate: User) -> InterviewSession:
    """The media server stops queueing frames within its next refresh (about a second), and the worker
    refuses any frame of the session from this commit on; the rows already stored are deleted with it."""
    if interview.user_id != candidate.id:
        raise Forbidden("Only the candidate of this interview can withdraw its emotion-analysis consent.")
    # Lock the session row first: a worker storing a frame holds it FOR SHARE (ai_worker.media.consent), so
    # its row is either committed before the delete below or refused after this commit.
    db.exec(select(InterviewSession).where(InterviewSession.id == interview.id).with_for_update()).one()
    db.refresh(interview)
    if emotion_analysis_of(interview.emotion_consent) is not EmotionAnalysis.COLLECTED:
        raise Conflict("There is no emotion-analysis consent to withdraw for this interview.")
    removed = db.exec(  # type: ignore[call-overload]
        delete(EmotionSample).where(col(EmotionSample.session_id) == interview.id)
    ).rowcount
    interview.emotion_consent = False
    interview.emotion_consent_withdrawn_at = utcnow()
    db.add(interview)
    db.commit()
    db.refresh(interview)
    logger.info("emotion consent withdrawn", extra={"session_id": interview.id, "emotion_rows_deleted": removed})
    return interview
