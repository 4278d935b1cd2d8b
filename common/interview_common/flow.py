"""The interview's state changes, shared by backend-core (typed answers) and the ai-worker (voice answers).

Each change is committed before any task is queued (`Outcome.follow_ups`, queued by
`queue_follow_ups` after the commit), so a lost or failed enqueue never loses an answer: the
worker's recovery sweep finds what is still undone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_common.events import EventType, publish
from interview_common.models import InterviewQuestion, InterviewSession, SessionStatus, utcnow
from interview_common.queue import enqueue
from interview_common.results import ResultsStatus
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
    finished_session: int | None = None  # set when this change ended the interview


def _lock_session(db: Session, session_id: int) -> InterviewSession:
    # Row lock: two answers (or an answer and a finish) for one session are applied one at a time;
    # populate_existing re-reads a row the caller may already hold in this session.
    query = (
        select(InterviewSession)
        .where(InterviewSession.id == session_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return db.exec(query).one()


def _require_candidate(interview: InterviewSession, actor_id: int | None) -> None:
    if interview.user_id != actor_id:
        raise Forbidden("Only the candidate of this interview can answer or finish it.")


def submit_answer(
    db: Session, *, session_id: int, actor_id: int | None, question_id: int, answer_text: str, source: str = "typed"
) -> Outcome:
    """Store an answer (typed, or a voice answer's transcript) and say which tasks follow from it."""
    interview = _lock_session(db, session_id)
    _require_candidate(interview, actor_id)
    if interview.status is SessionStatus.FINISHED:
        raise Conflict("This interview has already finished; no more answers are accepted.")
    question = db.get(InterviewQuestion, question_id)
    if question is None or question.session_id != interview.id:
        raise NotFound(f"Question {question_id} is not part of interview session {interview.id}.")
    if question.answer_text is not None:
        raise Conflict(f"Question {question.order} has already been answered.")

    now = utcnow()
    question.answer_text = answer_text
    question.answer_source = source
    question.answered_at = now
    interview.status = SessionStatus.IN_PROGRESS
    interview.updated_at = now
    last = question.order >= interview.total_questions
    follow_ups: list[TaskPayload] = [EvaluateAnswerPayload(session_id=interview.id, question_id=question_id)]
    finished: int | None = None
    if last:
        _mark_finished(interview, now)
        finished = interview.id
    else:
        follow_ups.append(GenerateQuestionPayload(session_id=interview.id, order=question.order + 1))
    db.add(question)
    db.add(interview)
    db.commit()
    db.refresh(question)
    logger.info(
        "answer stored",
        extra={
            "session_id": interview.id,
            "question_id": question_id,
            "order": question.order,
            "last": last,
            "source": source,
        },
    )
    return Outcome(question=question, follow_ups=follow_ups, finished_session=finished)


def _mark_finished(interview: InterviewSession, now: object) -> None:
    interview.status = SessionStatus.FINISHED
    interview.finished_at = now  # type: ignore[assignment]
    interview.results_status = ResultsStatus.PROCESSING


def finish(db: Session, *, session_id: int, actor_id: int | None) -> Outcome:
    interview = _lock_session(db, session_id)
    _require_candidate(interview, actor_id)
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
    return Outcome(follow_ups=follow_ups, finished_session=interview.id)


def queue_follow_ups(outcome: Outcome) -> None:
    """Queue after the commit; a broker outage is logged and left to the worker's recovery sweep."""
    if outcome.finished_session is not None:
        publish(EventType.SESSION_FINISHED, outcome.finished_session)
    for payload in outcome.follow_ups:
        try:
            enqueue(payload)
        except Exception:  # the state is committed; recovery re-queues whatever this misses
            logger.exception("could not queue a task; recovery will retry it", extra={"task": payload.task_name})
