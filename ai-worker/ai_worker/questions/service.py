"""Generating question number N of a session and storing it exactly once."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from ai_worker.questions.fallback import fallback_question
from ai_worker.questions.families import family_of
from interview_common.db import session_scope
from interview_common.models import InterviewQuestion, InterviewSession
from interview_common.tasks import GenerateQuestionPayload

logger = logging.getLogger(__name__)


def previous_questions(session: Session, session_id: int, before_order: int) -> list[InterviewQuestion]:
    query = (
        select(InterviewQuestion)
        .where(InterviewQuestion.session_id == session_id, col(InterviewQuestion.order) < before_order)
        .order_by(col(InterviewQuestion.order))
    )
    return list(session.exec(query))


def store_question(session: Session, *, session_id: int, order: int, text: str) -> int | None:
    """Insert the question unless that slot is already filled (a re-delivered task); return its id if new."""
    stmt = (
        insert(InterviewQuestion)
        .values(session_id=session_id, order=order, question_text=text)
        .on_conflict_do_nothing(constraint="uq_question_session_order")
        .returning(InterviewQuestion.__table__.c.id)
    )
    new_id = session.execute(stmt).scalar_one_or_none()
    session.commit()
    return new_id


def generate_question(payload: GenerateQuestionPayload) -> dict[str, Any]:
    with session_scope() as session:
        interview = session.get(InterviewSession, payload.session_id)
        if interview is None:
            logger.warning("question not generated: session does not exist", extra={"session_id": payload.session_id})
            return {"status": "missing_session", "session_id": payload.session_id}
        asked = previous_questions(session, payload.session_id, payload.order)
        text = fallback_question(family_of(interview.position), [q.question_text for q in asked])
        new_id = store_question(session, session_id=payload.session_id, order=payload.order, text=text)
    if new_id is None:
        logger.info("question already generated", extra={"session_id": payload.session_id, "order": payload.order})
        return {"status": "exists", "session_id": payload.session_id, "order": payload.order}
    logger.info(
        "question generated",
        extra={"session_id": payload.session_id, "order": payload.order, "question_id": new_id, "source": "fallback"},
    )
    return {"status": "created", "question_id": new_id, "order": payload.order}
