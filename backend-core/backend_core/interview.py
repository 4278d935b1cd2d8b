"""Reading an interview on the backend side: questions and results (state changes are in interview_common.flow)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from interview_common import flow
from interview_common.models import (
    InterviewQuestion,
    InterviewSession,
    QuestionPublic,
    ResultsProgress,
    ResultsPublic,
    utcnow,
)
from interview_common.results import ResultsStatus, SessionReport
from interview_common.resume import cited_passages


def questions_of(db: Session, session_id: int) -> list[InterviewQuestion]:
    query = (
        select(InterviewQuestion)
        .where(InterviewQuestion.session_id == session_id)
        .order_by(col(InterviewQuestion.order))
    )
    return list(db.exec(query))


def settled_questions(db: Session, session_id: int) -> list[InterviewQuestion]:
    """The questions answered or timed out: a view of them shows no open question, so starts no clock."""
    return [q for q in questions_of(db, session_id) if flow.is_settled(q)]


def to_public(
    db: Session, questions: Sequence[InterviewQuestion], interview: InterviewSession | None = None
) -> list[QuestionPublic]:
    """The questions as the API shows them, each with the résumé passage it cites; with their interview,
    the time left of an open timed question."""
    grounding = cited_passages(db, questions)
    now = utcnow()
    out = []
    for question in questions:
        public = QuestionPublic.model_validate(question)
        if question.resume_passage_id is not None:
            public.resume_passage = grounding.get(question.resume_passage_id)
        clock = flow.time_left(interview, question, now) if interview is not None else None
        if clock is not None:
            public.prep_seconds_left, public.answer_seconds_left = clock
        out.append(public)
    return out


def questions_for_candidate(db: Session, interview: InterviewSession) -> list[QuestionPublic]:
    """What the candidate's room receives: an overdue question is settled first, and the open question's
    clock starts with this read (a reload gets the same question with the time that is left)."""
    assert interview.id is not None
    if interview.answer_time_limit_s is not None:
        flow.queue_follow_ups(flow.settle_overdue(db, session_id=interview.id))
        db.refresh(interview)
    questions = questions_of(db, interview.id)
    flow.mark_shown(db, interview=interview, questions=questions)
    return to_public(db, questions, interview)


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
