"""Finding work an interrupted worker or broker left undone, so killing a worker loses nothing.

Every task is idempotent, so re-queueing something already in flight costs a little work and
changes nothing. Runs when a worker starts and periodically (Celery beat).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from interview_common import flow
from interview_common.db import session_scope
from interview_common.events import EventType, publish
from interview_common.models import InterviewQuestion, InterviewSession, SessionStatus, utcnow
from interview_common.queue import enqueue
from interview_common.results import ResultsStatus
from interview_common.tasks import (
    BuildReportPayload,
    DeliverWebhookPayload,
    EvaluateAnswerPayload,
    GenerateQuestionPayload,
    RecoverUnfinishedPayload,
    TaskPayload,
)
from interview_common.webhooks import DeliveryStatus, WebhookDelivery

logger = logging.getLogger(__name__)

BATCH = 500


def unfinished_work(session: Session, min_age: timedelta) -> list[TaskPayload]:
    cutoff = utcnow() - min_age
    work: list[TaskPayload] = []

    unevaluated = session.exec(
        select(InterviewQuestion.session_id, InterviewQuestion.id)
        .where(
            col(InterviewQuestion.answer_text).is_not(None),
            col(InterviewQuestion.evaluation).is_(None),
            col(InterviewQuestion.answered_at) < cutoff,
        )
        .limit(BATCH)
    ).all()
    work += [EvaluateAnswerPayload(session_id=sid, question_id=qid) for sid, qid in unevaluated]

    # Open sessions whose newest question is answered (or who have none yet) need their next question.
    latest = (
        select(
            InterviewQuestion.session_id,
            func.max(InterviewQuestion.order).label("last_order"),
        )
        .group_by(InterviewQuestion.session_id)
        .subquery()
    )
    newest = InterviewQuestion.__table__.alias("newest")
    open_sessions = session.exec(
        select(InterviewSession.id, func.coalesce(latest.c.last_order, 0))
        .outerjoin(latest, latest.c.session_id == InterviewSession.id)
        .outerjoin(newest, and_(newest.c.session_id == InterviewSession.id, newest.c.order == latest.c.last_order))
        .where(
            InterviewSession.status != SessionStatus.FINISHED,
            func.coalesce(latest.c.last_order, 0) < InterviewSession.total_questions,
            or_(
                and_(latest.c.last_order.is_(None), col(InterviewSession.created_at) < cutoff),
                # Answered or timed out: either way settled, and the next question is due.
                and_(newest.c.answered_at.is_not(None), newest.c.answered_at < cutoff),
            ),
        )
        .limit(BATCH)
    ).all()
    work += [GenerateQuestionPayload(session_id=sid, order=last + 1) for sid, last in open_sessions]

    unreported = session.exec(
        select(InterviewSession.id).where(
            InterviewSession.status == SessionStatus.FINISHED,
            InterviewSession.results_status == ResultsStatus.PROCESSING,
            col(InterviewSession.finished_at) < cutoff,
        )
    ).all()
    work += [BuildReportPayload(session_id=sid) for sid in unreported]

    # Webhook attempts whose queued retry was lost (a broker restart drops delayed tasks it held).
    overdue = session.exec(
        select(WebhookDelivery.id)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
            col(WebhookDelivery.next_attempt_at) < cutoff,
        )
        .limit(BATCH)
    ).all()
    work += [DeliverWebhookPayload(delivery_id=did) for did in overdue if did is not None]
    return work


def timed_sessions_with_open_questions(session: Session) -> list[int]:
    """Timed interviews whose shown question is still open: the candidate may have left it to run out."""
    query = (
        select(InterviewSession.id)
        .join(InterviewQuestion, col(InterviewQuestion.session_id) == InterviewSession.id)
        .where(
            InterviewSession.status != SessionStatus.FINISHED,
            col(InterviewSession.answer_time_limit_s).is_not(None),
            col(InterviewQuestion.shown_at).is_not(None),
            col(InterviewQuestion.answered_at).is_(None),
        )
        .distinct()
        .limit(BATCH)
    )
    return list(session.exec(query))


def settle_timed_out() -> list[TaskPayload]:
    """Questions whose time ran out while nobody was asking are recorded as unanswered; the interview moves on."""
    work: list[TaskPayload] = []
    with session_scope() as session:
        for sid in timed_sessions_with_open_questions(session):
            outcome = flow.settle_overdue(session, session_id=sid)
            if outcome.finished_session is not None:
                publish(EventType.SESSION_FINISHED, outcome.finished_session)
            work += outcome.follow_ups
    return work


def recover(payload: RecoverUnfinishedPayload) -> dict[str, Any]:
    timed_out = settle_timed_out()
    with session_scope() as session:
        work = timed_out + unfinished_work(session, timedelta(seconds=payload.min_age_seconds))
    for item in work:
        enqueue(item)
    counts: dict[str, int] = {}
    for item in work:
        counts[item.task_name.value] = counts.get(item.task_name.value, 0) + 1
    if work:
        logger.warning("re-queued unfinished work", extra={"counts": counts})
    return {"status": "ok", "requeued": counts}
