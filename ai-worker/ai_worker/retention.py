"""Data retention: what is older than RETENTION_DAYS is deleted, and the log says how much (never what)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import Session, col

from interview_common.models import AnswerAudio, EmotionSample, InterviewQuestion, utcnow

logger = logging.getLogger(__name__)


def cutoff_for(days: int, now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=days)


def purge_older_than(db: Session, cutoff: datetime) -> dict[str, int]:
    """Delete raw audio, transcripts and emotion rows from before `cutoff`; counts per kind.

    Video frames are never stored (they are analysed from the task payload and dropped), so there
    is nothing of them to delete. Answers and evaluations are kept until the account is deleted, as
    the consent notice says; a transcript's age is its question's answer time (or ask time).
    """
    audio = db.exec(delete(AnswerAudio).where(col(AnswerAudio.created_at) < cutoff))  # type: ignore[call-overload]
    emotions = db.exec(delete(EmotionSample).where(col(EmotionSample.captured_at) < cutoff))  # type: ignore[call-overload]
    transcripts = db.exec(
        update(InterviewQuestion)  # type: ignore[call-overload]
        .where(
            col(InterviewQuestion.transcript).is_not(None),
            func.coalesce(InterviewQuestion.answered_at, InterviewQuestion.asked_at) < cutoff,
        )
        .values(transcript=None)
    )
    db.commit()
    return {
        "answer_audio": audio.rowcount,
        "emotion_samples": emotions.rowcount,
        "transcripts": transcripts.rowcount,
        "video_frames": 0,
    }


def purge(db: Session, days: int) -> dict[str, int]:
    cutoff = cutoff_for(days)
    removed = purge_older_than(db, cutoff)
    logger.info(
        "expired data deleted", extra={"retention_days": days, "cutoff": cutoff.isoformat(), "removed": removed}
    )
    return removed
