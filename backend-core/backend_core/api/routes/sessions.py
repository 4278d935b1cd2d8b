"""Interview sessions: start, answer, finish, and read questions, results and live events."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from backend_core import crud, emotions, interview
from backend_core.api.deps import CurrentUser, SessionDep, get_current_user, get_db, token_from_query
from backend_core.events import stream_events, wait_for_event
from interview_common import flow
from interview_common.events import EventType
from interview_common.models import (
    AnswerCreate,
    EmotionTimeline,
    InterviewSession,
    InterviewSessionPublic,
    QuestionPublic,
    ResultsPublic,
    SessionCreate,
    User,
)
from interview_common.queue import enqueue
from interview_common.settings import get_settings
from interview_common.tasks import GenerateQuestionPayload

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/sessions", tags=["sessions"])

# A path id outside PostgreSQL's integer range is a client error, not a database error.
SessionId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The interview session's id")]


class SessionStarted(InterviewSessionPublic):
    first_question: QuestionPublic | None


def visible_session(session: SessionDep, user: CurrentUser, session_id: SessionId) -> InterviewSession:
    interview_row = crud.get_visible_session(session=session, viewer=user, session_id=session_id)
    if interview_row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Interview session {session_id} was not found.")
    return interview_row


VisibleSession = Annotated[InterviewSession, Depends(visible_session)]


def _raise(exc: flow.InterviewError) -> None:
    raise HTTPException(exc.status_code, exc.message) from exc


@router.post("", response_model=SessionStarted, status_code=status.HTTP_201_CREATED)
async def create_session(session: SessionDep, user: CurrentUser, session_in: SessionCreate) -> SessionStarted:
    """Start an interview; the answer includes the first question when the worker has it ready in time."""
    created = await run_in_threadpool(crud.create_session, session=session, owner=user, session_in=session_in)
    assert created.id is not None
    logger.info(
        "session created",
        extra={
            "session_id": created.id,
            "user_id": user.id,
            "user_name": created.user_name,
            "position": created.position,
        },
    )
    payload = GenerateQuestionPayload(session_id=created.id, order=1)

    async def queue_first_question() -> None:
        await run_in_threadpool(enqueue, payload)

    try:
        await wait_for_event(
            created.id, EventType.QUESTION_READY, get_settings().FIRST_QUESTION_WAIT_SECONDS, queue_first_question
        )
    except Exception:  # the session is stored; the recovery sweep generates the question later
        logger.exception("first question not queued", extra={"session_id": created.id})
    questions = await run_in_threadpool(interview.questions_of, session, created.id)
    await run_in_threadpool(session.refresh, created)
    first = interview.to_public(questions[0]) if questions else None
    return SessionStarted.model_validate(
        {**InterviewSessionPublic.model_validate(created).model_dump(), "first_question": first}
    )


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
def read_session(interview_row: VisibleSession) -> InterviewSessionPublic:
    """One session, if it is yours (or you are a recruiter)."""
    return InterviewSessionPublic.model_validate(interview_row)


@router.get("/{session_id}/questions", response_model=list[QuestionPublic])
def list_questions(session: SessionDep, interview_row: VisibleSession) -> list[QuestionPublic]:
    """The questions asked so far, with answers and evaluations as they arrive."""
    assert interview_row.id is not None
    return [interview.to_public(q) for q in interview.questions_of(session, interview_row.id)]


@router.post("/{session_id}/answers", response_model=QuestionPublic, status_code=status.HTTP_201_CREATED)
def submit_answer(
    session: SessionDep, user: CurrentUser, interview_row: VisibleSession, answer: AnswerCreate
) -> QuestionPublic:
    """Store the answer (durably, first), then queue its evaluation and the next question."""
    assert interview_row.id is not None
    try:
        outcome = flow.submit_answer(
            session,
            session_id=interview_row.id,
            actor_id=user.id,
            question_id=answer.question_id,
            answer_text=answer.answer_text,
        )
    except flow.InterviewError as exc:
        _raise(exc)
    flow.queue_follow_ups(outcome)
    assert outcome.question is not None
    return interview.to_public(outcome.question)


@router.post("/{session_id}/finish", response_model=InterviewSessionPublic)
def finish_session(session: SessionDep, user: CurrentUser, interview_row: VisibleSession) -> InterviewSessionPublic:
    """End the interview now; the report is produced from the answers given."""
    assert interview_row.id is not None
    try:
        outcome = flow.finish(session, session_id=interview_row.id, actor_id=user.id)
    except flow.InterviewError as exc:
        _raise(exc)
    flow.queue_follow_ups(outcome)
    session.refresh(interview_row)
    return InterviewSessionPublic.model_validate(interview_row)


@router.get("/{session_id}/emotions", response_model=EmotionTimeline)
def read_emotions(session: SessionDep, interview_row: VisibleSession) -> EmotionTimeline:
    """The emotion timeline from the candidate's video and a per-question summary (shares, no-face, multi-face)."""
    assert interview_row.id is not None
    return emotions.timeline(session, interview_row.id)


@router.get("/{session_id}/results", response_model=ResultsPublic)
def read_results(session: SessionDep, interview_row: VisibleSession) -> ResultsPublic:
    """The results with an explicit status: pending, processing, ready or failed (with a reason)."""
    return interview.results(session, interview_row)


def _event_user(session: SessionDep, token: Annotated[str | None, Depends(token_from_query)]) -> User:
    return get_current_user(session, token)


@router.get("/{session_id}/events", response_class=StreamingResponse)
async def session_events(
    request: Request, session_id: SessionId, user: Annotated[User, Depends(_event_user)]
) -> StreamingResponse:
    """Server-sent events: `snapshot`, then question_ready, evaluation_ready, report_ready / report_failed.

    Browsers' EventSource cannot send headers, so the token may come as `?access_token=`.
    """

    def load() -> dict[str, object]:
        with next(get_db()) as db:  # a short-lived session: the stream may stay open for minutes
            row = crud.get_visible_session(session=db, viewer=user, session_id=session_id)
            if row is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, f"Interview session {session_id} was not found.")
            questions = interview.questions_of(db, session_id)
            return {
                "status": row.status.value,
                "results_status": row.results_status.value,
                "asked": len(questions),
                "answered": sum(q.answer_text is not None for q in questions),
                "evaluated": sum(q.evaluation is not None for q in questions),
                "total": row.total_questions,
            }

    snapshot = await run_in_threadpool(load)
    return StreamingResponse(
        stream_events(session_id, request.is_disconnected, snapshot),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
