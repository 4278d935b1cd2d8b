"""Per-session events the worker publishes through Redis and backend-core streams to the browser.

Events are hints that something changed; the database stays the truth, so a client that
missed one (or uses polling) loses nothing.
"""

from __future__ import annotations

import json
import logging
from enum import StrEnum
from typing import Any

import redis

from interview_common.redis_client import get_redis

logger = logging.getLogger(__name__)


class EventType(StrEnum):
    QUESTION_READY = "question_ready"
    EVALUATION_READY = "evaluation_ready"
    TRANSCRIPT_READY = "transcript_ready"
    REPORT_READY = "report_ready"
    REPORT_FAILED = "report_failed"
    SESSION_FINISHED = "session_finished"  # the media server closes the session's connection


def channel(session_id: int) -> str:
    return f"session:{session_id}:events"


def encode(event: EventType, session_id: int, data: dict[str, Any]) -> str:
    return json.dumps({"type": event.value, "session_id": session_id, **data}, ensure_ascii=False)


def publish(event: EventType, session_id: int, **data: Any) -> None:
    """Best effort: a lost notification only delays a client until its next poll."""
    try:
        get_redis().publish(channel(session_id), encode(event, session_id, data))
    except redis.RedisError as exc:
        logger.warning("event not published", extra={"event": event.value, "session_id": session_id, "error": str(exc)})
