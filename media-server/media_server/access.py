"""Who may stream into a session: the candidate who owns it, while it is still running."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from interview_common.db import get_engine
from interview_common.models import (
    EmotionAnalysis,
    InterviewQuestion,
    InterviewSession,
    Role,
    SessionStatus,
    User,
    emotion_analysis_of,
)
from interview_common.tokens import InvalidToken, decode_access_token


class AccessError(Exception):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


@dataclass(frozen=True)
class StreamGrant:
    user_id: int
    session_id: int
    # Video frames go to emotion analysis only with the candidate's opt-in, where the deployment offers it.
    analyse_video: bool


def user_from_token(token: str | None) -> int:
    """The user a bearer token names; checked before anything else of a request is looked at."""
    if not token:
        raise AccessError(401, "Log in first: streaming needs a bearer token.")
    try:
        return decode_access_token(token)
    except InvalidToken as exc:
        raise AccessError(401, "The access token is not valid; log in again.") from exc


def require_recruiter(user_id: int) -> None:
    with Session(get_engine()) as db:
        user = db.get(User, user_id)
    if user is None:
        raise AccessError(401, "The account for this token no longer exists.")
    if user.role is not Role.RECRUITER:
        raise AccessError(403, "Only recruiters may see the media server's counters.")


def authorize(user_id: int, session_id: int) -> StreamGrant:
    """Check that the user owns the (unfinished) session."""
    with Session(get_engine()) as db:
        interview = db.get(InterviewSession, session_id)
        if interview is None or interview.user_id != user_id:
            raise AccessError(404, f"Interview session {session_id} was not found.")
        if interview.status is SessionStatus.FINISHED:
            raise AccessError(409, f"Interview session {session_id} has already finished.")
        analyse_video = emotion_analysis_of(interview.emotion_consent) is EmotionAnalysis.COLLECTED
    return StreamGrant(user_id=user_id, session_id=session_id, analyse_video=analyse_video)


@dataclass(frozen=True)
class StreamState:
    """What a live stream needs to know of its session, re-read every second."""

    question_id: int | None  # the question being answered now: the first one without an answer
    analyse_video: bool  # false once the candidate withdraws the emotion opt-in


def stream_state(session_id: int) -> StreamState:
    with Session(get_engine()) as db:
        question_id = db.exec(
            select(InterviewQuestion.id)
            .where(InterviewQuestion.session_id == session_id, col(InterviewQuestion.answer_text).is_(None))
            .order_by(col(InterviewQuestion.order))
            .limit(1)
        ).first()
        consent = db.exec(select(InterviewSession.emotion_consent).where(InterviewSession.id == session_id)).first()
    allowed = consent is not None and emotion_analysis_of(consent) is EmotionAnalysis.COLLECTED
    return StreamState(question_id=question_id, analyse_video=allowed)
