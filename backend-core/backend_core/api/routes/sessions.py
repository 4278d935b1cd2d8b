"""Interview sessions: start, answer, finish, and read questions, results and live events."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.responses import Response, StreamingResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from backend_core import audit, crud, emotion_consent, interview, job_review, review
from backend_core.api.deps import (
    BriefUser,
    CurrentUser,
    Recruiter,
    SessionDep,
    http_error,
    load_user,
    run_briefly,
    token_from_query,
    user_id_from_token,
)
from backend_core.events import stream_events, wait_for_event
from interview_common import emotions, flow, report_pdf
from interview_common.events import EventType
from interview_common.hiring import DecisionIn, JobCandidate
from interview_common.models import (
    AnswerCreate,
    AuditAction,
    AuditEntryPublic,
    EmotionTimeline,
    InterviewSession,
    InterviewSessionPublic,
    QuestionPublic,
    ResultsPublic,
    ReviewRequest,
    ReviewResolution,
    SessionCreate,
    SessionStatus,
    User,
)
from interview_common.queue import enqueue
from interview_common.results import ResultsStatus
from interview_common.settings import get_settings
from interview_common.tasks import GenerateQuestionPayload

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/sessions", tags=["sessions"])

# A path id outside PostgreSQL's integer range is a client error, not a database error.
SessionId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The interview session's id")]


class SessionStarted(InterviewSessionPublic):
    first_question: QuestionPublic | None


def _public(row: InterviewSession) -> InterviewSessionPublic:
    return InterviewSessionPublic.model_validate(row)


def find_visible(session: SessionDep, user: User, session_id: int) -> InterviewSession:
    interview_row = crud.get_visible_session(session=session, viewer=user, session_id=session_id)
    if interview_row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Interview session {session_id} was not found.")
    return interview_row


def visible_session(session: SessionDep, user: CurrentUser, session_id: SessionId) -> InterviewSession:
    return find_visible(session, user, session_id)


class AuditedRead:
    """The session, for a read of its data: a recruiter's read is logged (who, when, what) first."""

    def __init__(self, action: AuditAction) -> None:
        self.action = action

    def __call__(self, session: SessionDep, user: CurrentUser, session_id: SessionId) -> InterviewSession:
        interview_row = find_visible(session, user, session_id)
        if audit.is_recruiter_read(user, interview_row):
            audit.record_reads(session, user, [session_id], self.action)
        return interview_row


VisibleSession = Annotated[InterviewSession, Depends(visible_session)]


@router.post("", response_model=SessionStarted, status_code=status.HTTP_201_CREATED)
async def create_session(user: BriefUser, session_in: SessionCreate) -> SessionStarted:
    """Start an interview (with the candidate's consent); the answer includes the first question when
    the worker has it ready in time. No database connection is held while waiting for it."""
    assert user.id is not None
    owner_id = user.id
    try:
        created = await run_briefly(
            lambda db: crud.create_session(session=db, owner_id=owner_id, session_in=session_in)
        )
    except crud.StaleNotice as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"The data-use notice has changed (now version {exc.current}); read it again and agree to start.",
        ) from None
    assert created.id is not None
    sid = created.id
    logger.info(
        "session created",
        extra={
            "session_id": sid,
            "user_id": owner_id,
            "user_name": created.user_name,
            "position": created.position,
            "emotion_consent": created.emotion_consent,
            "notice_version": created.consent_notice_version,
        },
    )
    return await first_question_answer(sid)


async def first_question_answer(sid: int) -> SessionStarted:
    """Queue the first question, wait (briefly, holding no connection) for it, and answer with the session."""
    payload = GenerateQuestionPayload(session_id=sid, order=1)

    async def queue_first_question() -> None:
        await run_in_threadpool(enqueue, payload)

    try:
        await wait_for_event(
            sid, EventType.QUESTION_READY, get_settings().FIRST_QUESTION_WAIT_SECONDS, queue_first_question
        )
    except Exception:  # the session is stored; the recovery sweep generates the question later
        logger.exception("first question not queued", extra={"session_id": sid})

    return await run_briefly(lambda db: load_started(db, sid))


def load_started(db: Session, sid: int) -> SessionStarted:
    """The session and its open question. A timed question's clock does not start here: the candidate
    checks camera and microphone first, and the room's first read of the questions starts it."""
    row = db.get(InterviewSession, sid)
    assert row is not None
    questions = interview.questions_of(db, sid)
    current = next((q for q in questions if q.answered_at is None), questions[-1] if questions else None)
    first = interview.to_public(db, [current], row)[0] if current is not None else None
    return SessionStarted.model_validate({**_public(row).model_dump(), "first_question": first})


@router.get("", response_model=list[InterviewSessionPublic])
def list_sessions(
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=2_147_483_647)] = 0,
    review: Annotated[
        crud.ReviewFilter | None, Query(description="open: human review requested, not yet done; resolved: done")
    ] = None,
) -> list[InterviewSessionPublic]:
    """Candidates see their own sessions, recruiters everyone's, newest first."""
    rows = crud.list_sessions(session=session, viewer=user, limit=limit, offset=offset, review=review)
    listed = [_public(r) for r in rows]
    # The list shows candidates' names and overall scores: each session in it counts as read.
    audit.record_reads(session, user, [r.id for r in rows if r.id is not None and audit.is_recruiter_read(user, r)],
                       AuditAction.LIST)  # fmt: skip
    return listed


@router.get("/{session_id}", response_model=InterviewSessionPublic)
def read_session(
    interview_row: Annotated[InterviewSession, Depends(AuditedRead(AuditAction.SESSION))],
) -> InterviewSessionPublic:
    """One session, if it is yours (or you are a recruiter)."""
    return _public(interview_row)


@router.get("/{session_id}/questions", response_model=list[QuestionPublic])
def list_questions(
    session: SessionDep,
    user: CurrentUser,
    interview_row: Annotated[InterviewSession, Depends(AuditedRead(AuditAction.QUESTIONS))],
    answered: Annotated[
        bool,
        Query(description="only the questions answered or timed out: what a results page shows, no clock started"),
    ] = False,
) -> list[QuestionPublic]:
    """The questions asked so far, with answers and evaluations as they arrive. For the candidate of a
    timed interview, the open question's clock starts with the first read (see docs/hiring.md), unless
    `answered` asks only for the settled ones (the open question is then not in the answer)."""
    assert interview_row.id is not None
    if answered:
        return interview.to_public(session, interview.settled_questions(session, interview_row.id))
    if user.id == interview_row.user_id and interview_row.status is not SessionStatus.FINISHED:
        return interview.questions_for_candidate(session, interview_row)
    return interview.to_public(session, interview.questions_of(session, interview_row.id))


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
    except flow.TimeUp as exc:
        flow.queue_follow_ups(exc.outcome)  # the next question still comes
        http_error(exc)
    except flow.InterviewError as exc:
        http_error(exc)
    flow.queue_follow_ups(outcome)
    assert outcome.question is not None
    return interview.to_public(session, [outcome.question], interview_row)[0]


@router.post("/{session_id}/finish", response_model=InterviewSessionPublic)
def finish_session(session: SessionDep, user: CurrentUser, interview_row: VisibleSession) -> InterviewSessionPublic:
    """End the interview now; the report is produced from the answers given."""
    assert interview_row.id is not None
    try:
        outcome = flow.finish(session, session_id=interview_row.id, actor_id=user.id)
    except flow.InterviewError as exc:
        http_error(exc)
    flow.queue_follow_ups(outcome)
    session.refresh(interview_row)
    return _public(interview_row)


@router.get("/{session_id}/emotions", response_model=EmotionTimeline)
def read_emotions(
    session: SessionDep, interview_row: Annotated[InterviewSession, Depends(AuditedRead(AuditAction.EMOTIONS))]
) -> EmotionTimeline:
    """The advisory emotion timeline and a per-question summary (shares, no-face, multi-face), with its caveat;
    `status` says "not_collected" (no consent) or "disabled" (switched off) instead of an empty chart."""
    return emotions.timeline(session, interview_row)


@router.post("/{session_id}/emotion-consent/withdraw", response_model=InterviewSessionPublic)
def withdraw_emotion_consent(
    session: SessionDep, user: CurrentUser, interview_row: VisibleSession
) -> InterviewSessionPublic:
    """Stop facial-expression analysis of your interview now and delete what it stored; the interview goes on."""
    try:
        return _public(emotion_consent.withdraw(session, interview_row, user))
    except flow.InterviewError as exc:
        http_error(exc)


@router.get("/{session_id}/results", response_model=ResultsPublic)
def read_results(
    session: SessionDep, interview_row: Annotated[InterviewSession, Depends(AuditedRead(AuditAction.RESULTS))]
) -> ResultsPublic:
    """The results with an explicit status: pending, processing, ready or failed (with a reason)."""
    return interview.results(session, interview_row)


@router.get(
    "/{session_id}/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}},
)
def download_report_pdf(
    session: SessionDep, interview_row: Annotated[InterviewSession, Depends(AuditedRead(AuditAction.RESULTS))]
) -> Response:
    """The report as one A4 PDF in Korean (results, per-competency scores, every answer with its evaluation,
    the review, and the emotion summary only where the candidate opted in). 409 until the report is ready."""
    if interview_row.results_status is not ResultsStatus.READY:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"The report is not ready yet (results: {interview_row.results_status.value}); try again when it is.",
        )
    pdf = report_pdf.stored_pdf(session, interview_row)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="interview-{interview_row.id}-report.pdf"',
            "Cache-Control": "no-store",  # a candidate's data: never kept by shared caches
        },
    )


@router.post("/{session_id}/review-request", response_model=InterviewSessionPublic, status_code=status.HTTP_201_CREATED)
def request_review(
    session: SessionDep, user: CurrentUser, interview_row: VisibleSession, body: ReviewRequest
) -> InterviewSessionPublic:
    """Ask for a person to review the AI evaluation of your finished interview; recruiters see it flagged."""
    try:
        return _public(review.request_review(session, interview_row, user, body.reason))
    except flow.InterviewError as exc:
        http_error(exc)


@router.post("/{session_id}/review-resolve", response_model=InterviewSessionPublic)
def resolve_review(
    session: SessionDep, user: Recruiter, interview_row: VisibleSession, body: ReviewResolution
) -> InterviewSessionPublic:
    """Record that a recruiter reviewed the interview by hand, with a note the candidate sees."""
    try:
        return _public(review.resolve_review(session, interview_row, user, body.note))
    except flow.InterviewError as exc:
        http_error(exc)


@router.put("/{session_id}/decision", response_model=JobCandidate)
def record_decision(
    session: SessionDep, user: Recruiter, interview_row: VisibleSession, body: DecisionIn
) -> JobCandidate:
    """Shortlist or reject the candidate of a job's interview, with a note (audit-logged; not shown to the candidate)."""
    try:
        return job_review.decide(session, user, interview_row, body)
    except flow.InterviewError as exc:
        http_error(exc)


@router.get("/{session_id}/audit", response_model=list[AuditEntryPublic])
def read_audit(session: SessionDep, interview_row: VisibleSession) -> list[AuditEntryPublic]:
    """Every recruiter read of this interview's data (who, when, what), newest first."""
    assert interview_row.id is not None
    return audit.entries_for(session, interview_row.id)


async def _event_user(token: Annotated[str | None, Depends(token_from_query)]) -> User:
    user_id = user_id_from_token(token)
    return await run_briefly(lambda db: load_user(db, user_id))


@router.get("/{session_id}/events", response_class=StreamingResponse)
async def session_events(
    request: Request, session_id: SessionId, user: Annotated[User, Depends(_event_user)]
) -> StreamingResponse:
    """Server-sent events: `snapshot`, then question_ready, evaluation_ready, report_ready / report_failed.

    Browsers' EventSource cannot send headers, so the token may come as `?access_token=`.
    """

    def load(db: Session) -> dict[str, object]:
        # A short-lived session: the stream may stay open for minutes.
        row = AuditedRead(AuditAction.EVENTS)(db, user, session_id)
        questions = interview.questions_of(db, session_id)
        return {
            "status": row.status.value,
            "results_status": row.results_status.value,
            "asked": len(questions),
            "answered": sum(q.answer_text is not None for q in questions),
            "evaluated": sum(q.evaluation is not None for q in questions),
            "total": row.total_questions,
        }

    snapshot = await run_briefly(load)
    return StreamingResponse(
        stream_events(session_id, request.is_disconnected, snapshot),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
