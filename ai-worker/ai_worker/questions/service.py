"""Generating question N of a session: choose it, store it exactly once, announce it."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from ai_worker.llm.base import LLMError
from ai_worker.llm.factory import get_llm_client
from ai_worker.llm.prompts import question_messages
from ai_worker.questions.context import QA, PlannedQuestion, QuestionContext, QuestionKind
from ai_worker.questions.extract import extract_question
from ai_worker.questions.fallback import fallback_question
from ai_worker.questions.grounding import GROUNDABLE_SECTIONS, ResumePassageRef, cites
from ai_worker.questions.korean import key_terms
from ai_worker.questions.planner import grounding_hint, next_competency, plan_next_question, posting_focus
from interview_common.db import session_scope
from interview_common.embeddings import embed
from interview_common.events import EventType, publish
from interview_common.hiring import Job
from interview_common.models import InterviewQuestion, InterviewSession, Resume, ResumePassage, SessionStatus
from interview_common.settings import get_settings
from interview_common.tasks import GenerateQuestionPayload

logger = logging.getLogger(__name__)

# How many key terms of a job posting steer the local planner's choice among a competency's questions.
_JOB_TERMS = 12


def previous_questions(session: Session, session_id: int, before_order: int) -> list[InterviewQuestion]:
    query = (
        select(InterviewQuestion)
        .where(InterviewQuestion.session_id == session_id, col(InterviewQuestion.order) < before_order)
        .order_by(col(InterviewQuestion.order))
    )
    return list(session.exec(query))


def _from_backend(ctx: QuestionContext) -> tuple[PlannedQuestion | None, str]:
    """The configured backend's question, or None and the reason it gave none."""
    try:
        client = get_llm_client()
    except LLMError as exc:  # misconfigured: the interview goes on with pooled questions
        return None, f"LLM backend unusable: {exc}"
    if client is None:
        planned = plan_next_question(ctx)
        if extract_question(planned.text, ctx.asked) is None:
            return None, "the local planner's question did not pass extraction"
        return planned, ""
    hint = grounding_hint(ctx)
    focus = hint[0] if hint is not None else next_competency(ctx)
    requirements = (focus, posting_focus(ctx, focus)) if focus is not None else None
    system, user = question_messages(ctx, hint, requirements)
    try:
        raw = client.complete(system, user, max_tokens=get_settings().LLM_MAX_NEW_TOKENS)
    except LLMError as exc:
        return None, f"generation failed: {exc}"
    text = extract_question(raw, ctx.asked)
    if text is None:
        return None, f"no usable question in the generated text: {raw[:200]!r}"
    if hint is not None and cites(text, hint[1]):
        # Only a question that names something of the passage is recorded as grounded in it.
        competency, passage = hint
        return PlannedQuestion(
            text=text, kind=QuestionKind.COMPETENCY, source=client.name, competency=competency, passage_id=passage.id
        ), ""
    kind = QuestionKind.OPENER if ctx.order == 1 else QuestionKind.FOLLOW_UP
    return PlannedQuestion(text=text, kind=kind, source=client.name), ""


def choose_question(ctx: QuestionContext) -> PlannedQuestion:
    """The configured backend's question; the fallback pool when it fails or yields nothing usable."""
    planned, reason = _from_backend(ctx)
    if planned is not None:
        return planned
    logger.warning("using a fallback question", extra={"order": ctx.order, "position": ctx.position, "reason": reason})
    text = fallback_question(ctx.family, ctx.asked)
    return PlannedQuestion(text=text, kind=QuestionKind.FALLBACK, source="fallback")


def store_question(
    session: Session, *, session_id: int, order: int, planned: PlannedQuestion, competency: str | None = None
) -> int | None:
    """Insert the question unless that slot is already filled (a re-delivered task); return its id if new."""
    competency = planned.competency or competency
    stmt = (
        insert(InterviewQuestion)
        .values(
            session_id=session_id,
            order=order,
            question_text=planned.text,
            kind=planned.kind.value,
            source=planned.source,
            key_terms=list(planned.key_terms),
            competency=competency,
            resume_passage_id=planned.passage_id,
            question_embedding=embed(planned.text),
        )
        .on_conflict_do_nothing(constraint="uq_question_session_order")
        .returning(InterviewQuestion.__table__.c.id)
    )
    new_id = session.execute(stmt).scalar_one_or_none()
    session.commit()
    return new_id


class StoredPassages:
    """Retrieval over one résumé's passages with pgvector (cosine distance, the HNSW index's operator)."""

    def __init__(self, session: Session, resume_id: int) -> None:
        self._session = session
        self._resume_id = resume_id
        self._cache: dict[tuple[str, int], list[ResumePassageRef]] = {}

    def closest(self, query: str, limit: int) -> list[ResumePassageRef]:
        key = (query, limit)
        if key not in self._cache:
            stmt = (
                select(ResumePassage)
                .where(
                    ResumePassage.resume_id == self._resume_id,
                    col(ResumePassage.section).in_(GROUNDABLE_SECTIONS),
                )
                .order_by(col(ResumePassage.embedding).cosine_distance(embed(query)), col(ResumePassage.ordinal))
                .limit(limit)
            )
            self._cache[key] = [
                ResumePassageRef(id=p.id, section=p.section, text=p.text)
                for p in self._session.exec(stmt)
                if p.id is not None
            ]
        return self._cache[key]


def _resume_source(session: Session, user_id: int) -> StoredPassages | None:
    resume_id = session.exec(select(Resume.id).where(Resume.user_id == user_id)).first()
    return StoredPassages(session, resume_id) if resume_id is not None else None


def _job_context(job: Job | None) -> dict[str, Any]:
    if job is None:
        return {}
    return {
        "job_family": job.family,
        "competencies": tuple(job.competencies),
        "job_terms": tuple(key_terms(job.description, limit=_JOB_TERMS)) if job.description else (),
        "job_description": job.description,
    }


def generate_question(payload: GenerateQuestionPayload) -> dict[str, Any]:
    sid, order = payload.session_id, payload.order
    with session_scope() as session:
        interview = session.get(InterviewSession, sid)
        if interview is None:
            logger.warning("question not generated: session does not exist", extra={"session_id": sid})
            return {"status": "missing_session", "session_id": sid}
        if interview.status is SessionStatus.FINISHED or order > interview.total_questions:
            logger.info("question not needed: interview is over", extra={"session_id": sid, "order": order})
            return {"status": "not_needed", "session_id": sid, "order": order}
        asked = previous_questions(session, sid, order)
        job = session.get(Job, interview.job_id) if interview.job_id is not None else None
        ctx = QuestionContext(
            position=interview.position,
            order=order,
            total=interview.total_questions,
            history=tuple(
                QA(q.order, q.question_text, q.answer_text, competency=q.competency, passage_id=q.resume_passage_id)
                for q in asked
            ),
            resume=_resume_source(session, interview.user_id),
            **_job_context(job),
        )
        planned = choose_question(ctx)
        # A follow-up digs into the previous answer, so it belongs to the previous question's competency.
        inherited = asked[-1].competency if asked and planned.kind is QuestionKind.FOLLOW_UP else None
        new_id = store_question(session, session_id=sid, order=order, planned=planned, competency=inherited)
    if new_id is None:
        logger.info("question already generated", extra={"session_id": sid, "order": order})
        return {"status": "exists", "session_id": sid, "order": order}
    logger.info(
        "question generated",
        extra={
            "session_id": sid,
            "order": order,
            "question_id": new_id,
            "kind": planned.kind,
            "source": planned.source,
        },
    )
    publish(EventType.QUESTION_READY, sid, question_id=new_id, order=order)
    return {"status": "created", "question_id": new_id, "order": order, "kind": planned.kind.value}
