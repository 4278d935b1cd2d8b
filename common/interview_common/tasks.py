"""Celery task names and their payloads: the contract between producers and the ai-worker.

Payloads are strict: a `session_id` must be a positive integer, not `"12"` and not
`"unknown"` (the original system passed strings and silently lost emotion results).
Producers build a payload model before anything is queued, the worker validates it
again on arrival, and a payload that fails is recorded in `rejectedtask` and logged.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PositiveInt


class TaskName(StrEnum):
    GENERATE_QUESTION = "ai.generate_question"
    EVALUATE_ANSWER = "ai.evaluate_answer"
    BUILD_REPORT = "ai.build_report"
    RECOVER_UNFINISHED = "ai.recover_unfinished"
    ANALYZE_EMOTION = "ai.analyze_emotion"
    TRANSCRIBE_ANSWER = "ai.transcribe_answer"
    PURGE_EXPIRED = "ai.purge_expired_data"
    SEND_REMINDERS = "ai.send_invitation_reminders"
    DELIVER_WEBHOOK = "ai.deliver_webhook"


class Queue(StrEnum):
    # Frames arrive continuously; on their own queue they cannot delay questions and evaluations.
    INTERVIEW = "interview"
    MEDIA = "media"


class TaskPayload(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    task_name: ClassVar[TaskName]
    queue: ClassVar[Queue] = Queue.INTERVIEW

    request_id: str | None = Field(default=None, max_length=64)


class SessionTaskPayload(TaskPayload):
    session_id: PositiveInt


class GenerateQuestionPayload(SessionTaskPayload):
    """Generate question number `order` of a session (re-delivery of the same order is a no-op)."""

    task_name: ClassVar[TaskName] = TaskName.GENERATE_QUESTION

    order: PositiveInt


class EvaluateAnswerPayload(SessionTaskPayload):
    """Evaluate the stored answer to one question (an existing evaluation is kept)."""

    task_name: ClassVar[TaskName] = TaskName.EVALUATE_ANSWER

    question_id: PositiveInt


class BuildReportPayload(SessionTaskPayload):
    """Produce the session report once the interview is over (a stored report is kept)."""

    task_name: ClassVar[TaskName] = TaskName.BUILD_REPORT


class RecoverUnfinishedPayload(TaskPayload):
    """Re-queue whatever an interrupted worker or broker left undone (periodic, and at worker start)."""

    task_name: ClassVar[TaskName] = TaskName.RECOVER_UNFINISHED

    min_age_seconds: int = Field(default=30, ge=0)


class PurgeExpiredPayload(TaskPayload):
    """Delete raw audio, transcripts and emotion rows older than the retention limit (periodic)."""

    task_name: ClassVar[TaskName] = TaskName.PURGE_EXPIRED

    # None: RETENTION_DAYS. Set only by an operator running the purge by hand with another limit.
    retention_days: PositiveInt | None = None


class AnalyzeEmotionPayload(SessionTaskPayload):
    """One sampled video frame: JPEG bytes (base64) captured while `question_id` was current."""

    task_name: ClassVar[TaskName] = TaskName.ANALYZE_EMOTION
    queue: ClassVar[Queue] = Queue.MEDIA

    question_id: PositiveInt | None
    # JSON carries datetimes as ISO strings; this one field parses them.
    captured_at: AwareDatetime = Field(strict=False)
    image_b64: str = Field(min_length=16, max_length=4_000_000)


class TranscribeAnswerPayload(SessionTaskPayload):
    """The audio recorded for one question, stored in `answeraudio`."""

    task_name: ClassVar[TaskName] = TaskName.TRANSCRIBE_ANSWER
    queue: ClassVar[Queue] = Queue.MEDIA

    question_id: PositiveInt
    audio_id: PositiveInt


class SendRemindersPayload(TaskPayload):
    """Email one reminder to invited candidates who have not finished, shortly before the deadline (periodic)."""

    task_name: ClassVar[TaskName] = TaskName.SEND_REMINDERS


class DeliverWebhookPayload(TaskPayload):
    """POST one recorded webhook event to its endpoint (one attempt; a failure queues the next, with backoff)."""

    task_name: ClassVar[TaskName] = TaskName.DELIVER_WEBHOOK

    delivery_id: PositiveInt


PAYLOAD_MODELS: dict[TaskName, type[TaskPayload]] = {
    model.task_name: model
    for model in (
        GenerateQuestionPayload,
        EvaluateAnswerPayload,
        BuildReportPayload,
        RecoverUnfinishedPayload,
        PurgeExpiredPayload,
        AnalyzeEmotionPayload,
        TranscribeAnswerPayload,
        SendRemindersPayload,
        DeliverWebhookPayload,
    )
}
