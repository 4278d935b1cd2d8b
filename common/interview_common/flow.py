"""The interview's state changes, shared by backend-core (typed answers) and the ai-worker (voice answers).

Each change is committed before any task is queued (`Outcome.follow_ups`, queued by
`queue_follow_ups` after the commit), so a lost or failed enqueue never loses an answer: the
worker's recovery sweep finds what is still undone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_common import webhooks
from interview_common.events import EventType, publish
from interview_common.hiring import Invitation, InvitationStatus
from interview_common.models import InterviewQuestion, InterviewSession, SessionStatus, utcnow
from interview_common.queue import enqueue
from interview_common.results import ResultsStatus
from interview_common.settings import get_settings
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


class TimeUp(Conflict):
    """The answer came after the question's time limit; the question was recorded as unanswered."""

    def __init__(self, message: str, outcome: Outcome) -> None:
        super().__init__(message)
        self.outcome = outcome


# ---------------------------------------------------------------- the clock of a timed question


def answer_deadline(interview: InterviewSession, question: InterviewQuestion) -> datetime | None:
    """When the answer time of a shown question ends (preparation included); None without a limit."""
    if interview.answer_time_limit_s is None or question.shown_at is None:
        return None
    return question.shown_at + timedelta(seconds=(interview.prep_time_s or 0) + interview.answer_time_limit_s)


def time_left(interview: InterviewSession, question: InterviewQuestion, now: datetime) -> tuple[float, float] | None:
    """(preparation seconds left, answer seconds left) of an open question; None without a limit."""
    deadline = answer_deadline(interview, question)
    if deadline is None or question.shown_at is None or is_settled(question):
        return None
    prep_end = question.shown_at + timedelta(seconds=interview.prep_time_s or 0)
    prep_left = max(0.0, (prep_end - now).total_seconds())
    answer_left = max(0.0, (deadline - now).total_seconds())
    if now < prep_end:
        answer_left = float(interview.answer_time_limit_s or 0)
    return round(prep_left, 1), round(answer_left, 1)


def is_settled(question: InterviewQuestion) -> bool:
    """Answered or timed out: nothing more can happen to the question."""
    return question.answer_text is not None or question.timed_out


def _overdue(interview: InterviewSession, question: InterviewQuestion, now: datetime) -> bool:
    deadline = answer_deadline(interview, question)
    grace = timedelta(seconds=get_settings().ANSWER_GRACE_SECONDS)
    return deadline is not None and not is_settled(question) and now > deadline + grace


def _move_on(db: Session, interview: InterviewSession, question: InterviewQuestion, now: datetime) -> Outcome:
    """After question `question` is settled (answered or timed out): the next question, or the end."""
    assert interview.id is not None
    interview.status = SessionStatus.IN_PROGRESS
    interview.updated_at = now
    follow_ups: list[TaskPayload] = []
    finished: int | None = None
    if question.order >= interview.total_questions:
        follow_ups += _mark_finished(db, interview, now)
        finished = interview.id
        # The settled question is flushed already, so the query counts it.
        if not any(q.answer_text is not None for q in _questions(db, interview.id)):
            interview.results_status = ResultsStatus.FAILED
            interview.results_reason = NO_ANSWERS_REASON
    else:
        follow_ups.append(GenerateQuestionPayload(session_id=interview.id, order=question.order + 1))
    return Outcome(question=question, follow_ups=follow_ups, finished_session=finished)


def _questions(db: Session, session_id: int) -> list[InterviewQuestion]:
    query = select(InterviewQuestion).where(InterviewQuestion.session_id == session_id)
    return list(db.exec(query.order_by(col(InterviewQuestion.order))))


def _time_out(db: Session, interview: InterviewSession, question: InterviewQuestion, now: datetime) -> Outcome:
    question.timed_out = True
    question.answered_at = now
    db.add(question)
    db.flush()
    outcome = _move_on(db, interview, question, now)
    if outcome.finished_session is not None and interview.results_status is ResultsStatus.PROCESSING:
        outcome.follow_ups.append(BuildReportPayload(session_id=outcome.finished_session))
    db.add(interview)
    db.commit()
    db.refresh(question)
    logger.info(
        "question timed out",
        extra={"session_id": interview.id, "question_id": question.id, "order": question.order},
    )
    return outcome


def settle_overdue(db: Session, *, session_id: int) -> Outcome:
    """Record the open question of a timed interview as unanswered once its time (plus grace) is over."""
    interview = _lock_session(db, session_id)
    now = utcnow()
    if interview.status is SessionStatus.FINISHED or interview.answer_time_limit_s is None:
        db.commit()
        return Outcome()
    for question in _questions(db, session_id):
        if _overdue(interview, question, now):
            return _time_out(db, interview, question, now)
    db.commit()  # releases the row lock
    return Outcome()


def mark_shown(db: Session, *, interview: InterviewSession, questions: list[InterviewQuestion]) -> None:
    """The candidate has just received these questions: the open one's clock starts now (once)."""
    now = utcnow()
    changed = False
    for question in questions:
        if question.shown_at is None and not is_settled(question):
            question.shown_at = now
            db.add(question)
            changed = True
    if changed:
        db.commit()
        for question in questions:
            db.refresh(question)


def submit_answer(
    db: Session,
    *,
    session_id: int,
    actor_id: int | None,
    question_id: int,
    answer_text: str,
    source: str = "typed",
    submitted_at: datetime | None = None,
) -> Outcome:
    """Store an answer (typed, or a voice answer's transcript) and say which tasks follow from it.

    `submitted_at` is when the answer was given (a recording's arrival), checked against the time limit."""
    interview = _lock_session(db, session_id)
    _require_candidate(interview, actor_id)
    if interview.status is SessionStatus.FINISHED:
        raise Conflict("This interview has already finished; no more answers are accepted.")
    question = db.get(InterviewQuestion, question_id)
    if question is None or question.session_id != interview.id:
        raise NotFound(f"Question {question_id} is not part of interview session {interview.id}.")
    if question.timed_out:
        raise Conflict(f"The time for question {question.order} ran out; it was recorded as unanswered.")
    if question.answer_text is not None:
        raise Conflict(f"Question {question.order} has already been answered.")
    mode = interview.voice_mode
    if mode == "required" and source == "typed":
        raise Conflict("This interview asks for spoken answers: answer with the microphone.")
    if mode == "off" and source == "voice":
        raise Conflict("This interview takes typed answers only.")

    now = utcnow()
    if _overdue(interview, question, submitted_at or now):
        limit = interview.answer_time_limit_s
        outcome = _time_out(db, interview, question, now)
        raise TimeUp(
            f"The answer time for question {question.order} ({limit} seconds) ran out before this answer arrived; "
            "the question was recorded as unanswered and the interview moves on.",
            outcome,
        )
    question.answer_text = answer_text
    question.answer_source = source
    question.answered_at = now
    db.add(question)
    db.flush()
    outcome = _move_on(db, interview, question, now)
    outcome.follow_ups.insert(0, EvaluateAnswerPayload(session_id=interview.id, question_id=question_id))
    db.add(interview)
    db.commit()
    db.refresh(question)
    logger.info(
        "answer stored",
        extra={
            "session_id": interview.id,
            "question_id": question_id,
            "order": question.order,
            "last": outcome.finished_session is not None,
            "source": source,
        },
    )
    return outcome


def _mark_finished(db: Session, interview: InterviewSession, now: datetime) -> list[TaskPayload]:
    """The interview is over; its invitation's interview is complete (reported to the ATS, if subscribed)."""
    interview.status = SessionStatus.FINISHED
    interview.finished_at = now
    interview.results_status = ResultsStatus.PROCESSING
    if interview.invitation_id is None:
        return []
    invitation = db.get(Invitation, interview.invitation_id)
    if invitation is None or invitation.status is InvitationStatus.REVOKED:
        return []
    # A shareable link stays usable by others; a personal invitation is done with.
    if not invitation.multi_use:
        invitation.status = InvitationStatus.COMPLETED
        invitation.completed_at = now
        db.add(invitation)
    data = {"invitation_id": invitation.id, "email": invitation.email, "completed_at": now.isoformat()}
    return list(webhooks.emit(db, interview, webhooks.WebhookEvent.INVITATION_COMPLETED, data))


def finish(db: Session, *, session_id: int, actor_id: int | None) -> Outcome:
    interview = _lock_session(db, session_id)
    _require_candidate(interview, actor_id)
    if interview.status is SessionStatus.FINISHED:
        return Outcome()  # finishing twice is harmless
    now = utcnow()
    follow_ups: list[TaskPayload] = _mark_finished(db, interview, now)
    interview.updated_at = now
    answered = db.exec(
        select(func.count())
        .select_from(InterviewQuestion)
        .where(InterviewQuestion.session_id == interview.id, col(InterviewQuestion.answer_text).is_not(None))
    ).one()
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
