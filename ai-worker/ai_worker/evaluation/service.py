"""Evaluating answers and producing the session report, each stored exactly once."""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session, col, select

from ai_worker.evaluation.report import build_report
from ai_worker.evaluation.rubric import evaluate_locally
from ai_worker.llm.base import LLMError
from ai_worker.llm.factory import get_llm_client
from ai_worker.llm.prompts import evaluation_messages, parse_evaluation
from interview_common import report_pdf, webhooks
from interview_common.db import session_scope
from interview_common.embeddings import embed
from interview_common.events import EventType, publish
from interview_common.models import InterviewQuestion, InterviewSession, SessionStatus, utcnow
from interview_common.queue import enqueue
from interview_common.results import Evaluation, ResultsStatus
from interview_common.settings import get_settings
from interview_common.tasks import BuildReportPayload, EvaluateAnswerPayload

logger = logging.getLogger(__name__)


def evaluate(question: str, answer: str, position: str) -> Evaluation:
    """The configured backend's evaluation; the local rubric when it fails or returns invalid JSON."""
    try:
        client = get_llm_client()
        if client is None:
            return evaluate_locally(question, answer, position)
        system, user = evaluation_messages(question, answer, position)
        raw = client.complete(system, user, max_tokens=get_settings().LLM_MAX_NEW_TOKENS * 2, temperature=0.2)
    except LLMError as exc:
        logger.warning("evaluation falls back to the local rubric", extra={"reason": str(exc)})
        return evaluate_locally(question, answer, position)
    evaluation = parse_evaluation(raw, client.name)
    if evaluation is None:
        logger.warning("evaluation falls back to the local rubric", extra={"reason": "invalid JSON", "raw": raw[:300]})
        return evaluate_locally(question, answer, position)
    return evaluation


def _store_evaluation(session: Session, question: InterviewQuestion, position: str) -> Evaluation:
    assert question.answer_text is not None
    evaluation = evaluate(question.question_text, question.answer_text, position)
    question.evaluation = evaluation.model_dump(mode="json")
    question.score = evaluation.score
    question.evaluated_at = utcnow()
    question.answer_embedding = embed(question.answer_text)
    session.add(question)
    return evaluation


def _answered(session: Session, session_id: int) -> list[InterviewQuestion]:
    query = (
        select(InterviewQuestion)
        .where(InterviewQuestion.session_id == session_id, col(InterviewQuestion.answer_text).is_not(None))
        .order_by(col(InterviewQuestion.order))
    )
    return list(session.exec(query))


def evaluate_answer(payload: EvaluateAnswerPayload) -> dict[str, Any]:
    sid, qid = payload.session_id, payload.question_id
    with session_scope() as session:
        # Locked so a re-delivered task waits for the first and then finds the evaluation stored.
        question = session.exec(select(InterviewQuestion).where(InterviewQuestion.id == qid).with_for_update()).first()
        if question is None or question.session_id != sid:
            logger.warning(
                "evaluation skipped: no such question in the session", extra={"session_id": sid, "question_id": qid}
            )
            return {"status": "missing_question", "question_id": qid}
        if question.answer_text is None:
            logger.warning("evaluation skipped: question not answered", extra={"session_id": sid, "question_id": qid})
            return {"status": "not_answered", "question_id": qid}
        if question.evaluation is not None:
            return {"status": "exists", "question_id": qid}
        interview = session.get(InterviewSession, sid)
        assert interview is not None
        evaluation = _store_evaluation(session, question, interview.position)
        session.commit()
        finished = interview.status is SessionStatus.FINISHED
        all_done = finished and all(q.evaluation is not None for q in _answered(session, sid))
    logger.info(
        "answer evaluated",
        extra={"session_id": sid, "question_id": qid, "score": evaluation.score, "source": evaluation.source},
    )
    publish(EventType.EVALUATION_READY, sid, question_id=qid, score=evaluation.score)
    if all_done:
        enqueue(BuildReportPayload(session_id=sid))
    return {"status": "created", "question_id": qid, "score": evaluation.score}


def produce_report(payload: BuildReportPayload) -> dict[str, Any]:
    sid = payload.session_id
    with session_scope() as session:
        interview = session.exec(select(InterviewSession).where(InterviewSession.id == sid).with_for_update()).first()
        if interview is None:
            logger.warning("report skipped: session does not exist", extra={"session_id": sid})
            return {"status": "missing_session", "session_id": sid}
        if interview.results_status in (ResultsStatus.READY, ResultsStatus.FAILED):
            return {"status": "exists", "results_status": interview.results_status.value}
        if interview.status is not SessionStatus.FINISHED:
            return {"status": "not_finished", "session_id": sid}
        questions = list(
            session.exec(
                select(InterviewQuestion)
                .where(InterviewQuestion.session_id == sid)
                .order_by(col(InterviewQuestion.order))
            )
        )
        items = []
        for q in questions:
            evaluation: Evaluation | None = None
            if q.answer_text is not None:
                # An answer whose evaluation task was lost is evaluated here rather than waited for.
                evaluation = (
                    Evaluation.model_validate(q.evaluation)
                    if q.evaluation is not None
                    else _store_evaluation(session, q, interview.position)
                )
            items.append((q.order, q.question_text, q.answer_text, evaluation))
        try:
            report = build_report(interview.position, items)
        except ValueError as exc:
            interview.results_status = ResultsStatus.FAILED
            interview.results_reason = f"No report could be produced: {exc}."
            session.add(interview)
            session.commit()
            logger.warning("report failed", extra={"session_id": sid, "reason": interview.results_reason})
            publish(EventType.REPORT_FAILED, sid, reason=interview.results_reason)
            return {"status": "failed", "reason": interview.results_reason}
        interview.report = report.model_dump(mode="json")
        interview.overall_score = report.overall_score
        interview.results_status = ResultsStatus.READY
        interview.results_reason = None
        interview.updated_at = utcnow()
        session.add(interview)
        deliveries = webhooks.emit(
            session,
            interview,
            webhooks.WebhookEvent.REPORT_READY,
            {
                "candidate": interview.user_name,
                "overall_score": report.overall_score,
                "recommendation": report.recommendation.value,
                "answered": report.answered,
                "asked": report.asked,
            },
        )
        session.commit()
    logger.info("report ready", extra={"session_id": sid, "overall_score": report.overall_score})
    store_report_pdf(sid)
    publish(EventType.REPORT_READY, sid, overall_score=report.overall_score)
    for delivery in deliveries:
        enqueue(delivery)
    return {"status": "created", "overall_score": report.overall_score}


def store_report_pdf(session_id: int) -> None:
    """Render and store the report's PDF now, before anyone asks for it. The report itself is already
    committed: a failure here is logged, and the backend renders the PDF at the first download instead."""
    try:
        with session_scope() as session:
            interview = session.get(InterviewSession, session_id)
            if interview is None:
                return
            size = len(report_pdf.stored_pdf(session, interview))
        logger.info("report PDF stored", extra={"session_id": session_id, "bytes": size})
    except Exception:  # the PDF is derived from stored data; losing it now loses nothing
        logger.exception(
            "report PDF not stored; it will be rendered at the first download", extra={"session_id": session_id}
        )


def mark_report_failed(session_id: int, reason: str) -> None:
    """Called when the report task gave up after its retries: the client sees `failed`, not an endless wait."""
    with session_scope() as session:
        interview = session.get(InterviewSession, session_id)
        if interview is None or interview.results_status is ResultsStatus.READY:
            return
        interview.results_status = ResultsStatus.FAILED
        interview.results_reason = reason[:500]
        session.add(interview)
        session.commit()
    publish(EventType.REPORT_FAILED, session_id, reason=reason[:500])
