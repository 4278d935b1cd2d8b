"""The interview flow on the backend side: answers, finishing, results, as plain functions.

Each state change is committed before any task is queued (`follow_ups` are returned to the
caller, which enqueues them after the commit), so a lost or failed enqueue never loses an
answer: the worker's recovery sweep finds what is still undone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_common.models import (
    InterviewQuestion,
    InterviewSession,
    QuestionPublic,
    ResultsProgress,
    ResultsPublic,
    SessionStatus,
    User,
    utcnow,
)
from interview_common.queue import enqueue
from interview_common.results import ResultsStatus, SessionReport
from interview_common.tasks import BuildReportPayload, EvaluateAnswerPayload, GenerateQuestionPayload, TaskPayload

logger = logging.getLogger(__name__)

NO_ANSWERS_REASON = "The interview ended before any question was answered, so there is nothing to evaluate."


class InterviewError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(InterviewError):
    status_code = 404


class Conflict(InterviewError):
    status_code = 409


class Forbidden(InterviewError):
    status_code = 403


@dataclass
class Outcome:
    """What a state change produced, and the tasks to queue once it is committed."""

    question: InterviewQuestion | None = None
    follow_ups: list[TaskPayload] = field(default_factory=list)


def questions_of(db: Session, session_id: int) -> list[InterviewQuestion]:
    query = (
        select(InterviewQuestion)
        .where(InterviewQuestion.session_id == session_id)
        .order_by(col(InterviewQuestion.order))
    )
    return list(db.exec(query))


def to_public(question: InterviewQuestion) -> QuestionPublic:
    return QuestionPublic.model_validate(question)


def _lock_session(db: Session, session_id: int) -> InterviewSession:
    # Row lock: two answers (or an answer and a finish) for one session are applied one at a time.
    interview = db.exec(select(InterviewSession).where(InterviewSession.id == session_id).with_for_update()).one()
    return interview


def _require_candidate(interview: InterviewSession, user: User) -> None:
    if interview.user_id != user.id:
        raise Forbidden("Only the candidate of this interview can answer or finish it.")


def submit_answer(
    db: Session, *, interview: InterviewSession, user: User, question_id: int, answer_text: str
) -> Outcome:
    _require_candidate(interview, user)
    assert interview.id is not None
    interview = _lock_session(db, interview.id)
    if interview.status is SessionStatus.FINISHED:
        raise Conflict("This interview has already finished; no more answers are accepted.")
    question = db.get(InterviewQuestion, question_id)
    if question is None or question.session_id != interview.id:
        raise NotFound(f"Question {question_id} is not part of interview session {interview.id}.")
    if question.answer_text is not None:
        raise Conflict(f"Question {question.order} has already been answered.")

    now = utcnow()
    question.answer_text = answer_text
    question.answered_at = now
    interview.status = SessionStatus.IN_PROGRESS
    interview.updated_at = now
    last = question.order >= interview.total_questions
    follow_ups: list[TaskPayload] = [EvaluateAnswerPayload(session_id=interview.id, question_id=question_id)]
    if last:
        _mark_finished(interview, now)
    else:
        follow_ups.append(GenerateQuestionPayload(session_id=interview.id, order=question.order + 1))
    db.add(question)
    db.add(interview)
    db.commit()
    db.refresh(question)
    logger.info(
        "answer stored",
        extra={"session_id": interview.id, "question_id": question_id, "order": question.order, "last": last},
    )
    return Outcome(question=question, follow_ups=follow_ups)


def _mark_finished(interview: InterviewSession, now: object) -> None:
    interview.status = SessionStatus.FINISHED
    interview.finished_at = now  # type: ignore[assignment]
    interview.results_status = ResultsStatus.PROCESSING


def finish(db: Session, *, interview: InterviewSession, user: User) -> Outcome:
    _require_candidate(interview, user)
    assert interview.id is not None
    interview = _lock_session(db, interview.id)
    if interview.status is SessionStatus.FINISHED:
        return Outcome()  # finishing twice is harmless
    now = utcnow()
    _mark_finished(interview, now)
    interview.updated_at = now
    answered = db.exec(
        select(func.count())
        .select_from(InterviewQuestion)
        .where(InterviewQuestion.session_id == interview.id, col(InterviewQuestion.answer_text).is_not(None))
    ).one()
    follow_ups: list[TaskPayload] = []
    if answered == 0:
        interview.results_status = ResultsStatus.FAILED
        interview.results_reason = NO_ANSWERS_REASON
    else:
        follow_ups.append(BuildReportPayload(session_id=interview.id))
    db.add(interview)
    db.commit()
    logger.info("interview finished early", extra={"session_id": interview.id, "answered": answered})
    return Outcome(follow_ups=follow_ups)


def queue_follow_ups(outcome: Outcome) -> None:
    """Queue after the commit; a broker outage is logged and left to the worker's recovery sweep."""
    for payload in outcome.follow_ups:
        try:
            enqueue(payload)
        except Exception:  # the state is committed; recovery re-queues whatever this misses
            logger.exception("could not queue a task; recovery will retry it", extra={"task": payload.task_name})


def results(db: Session, interview: InterviewSession) -> ResultsPublic:
    assert interview.id is not None
    questions = questions_of(db, interview.id)
    progress = ResultsProgress(
        total=interview.total_questions,
        asked=len(questions),
        answered=sum(q.answer_text is not None for q in questions),
        evaluated=sum(q.evaluation is not None for q in questions),
    )
    report = SessionReport.model_validate(interview.report) if interview.results_status is ResultsStatus.READY else None
    return ResultsPublic(
        session_id=interview.id,
        status=interview.results_status,
        reason=interview.results_reason,
        progress=progress,
        report=report,
    )
