"""Interview tasks: thin wrappers; the logic lives in ai_worker.questions, .evaluation and .recovery."""
# Media tasks (emotion, transcription) are in ai_worker.tasks.media.

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy.exc import OperationalError

from ai_worker import recovery, reminders, retention, webhook_delivery
from ai_worker.evaluation import service as evaluation
from ai_worker.questions import service as questions
from ai_worker.validation import payload_task
from interview_common.db import session_scope
from interview_common.settings import get_settings
from interview_common.tasks import (
    BuildReportPayload,
    DeliverWebhookPayload,
    EvaluateAnswerPayload,
    GenerateQuestionPayload,
    PurgeExpiredPayload,
    RecoverUnfinishedPayload,
    SendRemindersPayload,
)

logger = logging.getLogger(__name__)

# Worth retrying: the database or Redis was briefly unreachable.
TRANSIENT = (OperationalError, RedisError, ConnectionError)
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": True, "retry_backoff_max": 30, "max_retries": 8}


@payload_task(GenerateQuestionPayload, **RETRY)
def generate_question(payload: GenerateQuestionPayload) -> dict[str, Any]:
    """Generate and store the session's next question."""
    return questions.generate_question(payload)


@payload_task(EvaluateAnswerPayload, **RETRY)
def evaluate_answer(payload: EvaluateAnswerPayload) -> dict[str, Any]:
    """Evaluate one stored answer."""
    return evaluation.evaluate_answer(payload)


@payload_task(BuildReportPayload, **RETRY)
def build_report(payload: BuildReportPayload) -> dict[str, Any]:
    """Produce the session report once every answer is evaluated."""
    try:
        return evaluation.produce_report(payload)
    except TRANSIENT:
        raise
    except Exception as exc:  # a defect, not a hiccup: say so to the client instead of waiting forever
        logger.exception("report failed unexpectedly", extra={"session_id": payload.session_id})
        evaluation.mark_report_failed(payload.session_id, f"The report could not be produced ({type(exc).__name__}).")
        return {"status": "failed", "session_id": payload.session_id}


@payload_task(RecoverUnfinishedPayload, **RETRY)
def recover_unfinished(payload: RecoverUnfinishedPayload) -> dict[str, Any]:
    """Re-queue answers without evaluation, missing next questions and missing reports."""
    return recovery.recover(payload)


@payload_task(PurgeExpiredPayload, **RETRY)
def purge_expired_data(payload: PurgeExpiredPayload) -> dict[str, Any]:
    """Delete raw audio, transcripts and emotion rows older than RETENTION_DAYS (scheduled hourly)."""
    days = payload.retention_days or get_settings().RETENTION_DAYS
    with session_scope() as db:
        removed = retention.purge(db, days)
    return {"status": "purged", "retention_days": days, "removed": removed}


@payload_task(SendRemindersPayload, **RETRY)
def send_invitation_reminders(payload: SendRemindersPayload) -> dict[str, Any]:
    return reminders.send_due(payload)


# Retries of a failed POST are the delivery's own (logged per attempt, with backoff); these cover a lost
# database or broker connection around it.
@payload_task(DeliverWebhookPayload, **RETRY)
def deliver_webhook(payload: DeliverWebhookPayload) -> dict[str, Any]:
    return webhook_delivery.deliver(payload)
