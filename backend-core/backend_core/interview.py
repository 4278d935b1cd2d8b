"""Reading an interview on the backend side: questions and results (state changes are in interview_common.flow)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from interview_common.models import (
    InterviewQuestion,
    InterviewSession,
    QuestionPublic,
    ResultsProgress,
    ResultsPublic,
)
from interview_common.results import ResultsStatus, SessionReport


def questions_of(db: Session, session_id: int) -> list[InterviewQuestion]:
    query = (
        select(InterviewQuestion)
        .where(InterviewQuestion.session_id == session_id)
        .order_by(col(InterviewQuestion.order))
    )
    return list(db.exec(query))


def to_public(question: InterviewQuestion) -> QuestionPublic:
    return QuestionPublic.model_validate(question)


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
