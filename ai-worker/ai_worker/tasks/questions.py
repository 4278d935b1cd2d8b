"""Question tasks: thin wrappers; the logic lives in ai_worker.questions."""

from __future__ import annotations

from typing import Any

from redis.exceptions import RedisError
from sqlalchemy.exc import OperationalError

from ai_worker.questions import service
from ai_worker.validation import payload_task
from interview_common.tasks import GenerateQuestionPayload

TRANSIENT = (OperationalError, RedisError, ConnectionError)


@payload_task(GenerateQuestionPayload, autoretry_for=TRANSIENT, retry_backoff=True, retry_backoff_max=30, max_retries=8)
def generate_question(payload: GenerateQuestionPayload) -> dict[str, Any]:
    """Generate and store the session's next question."""
    return service.generate_question(payload)
