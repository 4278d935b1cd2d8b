"""The ai-worker's Celery application: the shared configuration plus this worker's tasks and signals.

Run: `celery -A ai_worker.celery_app worker -Q interview`.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery.signals import setup_logging, worker_init, worker_process_init, worker_ready

from ai_worker.beat import MAX_LOOP_INTERVAL_SECONDS
from interview_common.db import get_engine, wait_for_database
from interview_common.logging import configure_logging
from interview_common.queue import enqueue, get_celery
from interview_common.settings import get_settings
from interview_common.tasks import (
    PurgeExpiredPayload,
    Queue,
    RecoverUnfinishedPayload,
    SendRemindersPayload,
    TaskName,
)

celery_app = get_celery()
celery_app.conf.imports = ("ai_worker.tasks.questions", "ai_worker.tasks.media")
# `celery -A ai_worker.celery_app beat`, one process per deployment (ai_worker.beat): a periodic sweep
# for lost work, and the retention purge. Hourly rather than daily: beat's clock restarts with its
# process, and one restarted more often than daily would otherwise never purge; the purge is a few
# indexed deletes.
celery_app.conf.beat_scheduler = "ai_worker.beat:HeartbeatScheduler"
celery_app.conf.beat_max_loop_interval = MAX_LOOP_INTERVAL_SECONDS
celery_app.conf.beat_schedule = {
    "recover-unfinished": {
        "task": TaskName.RECOVER_UNFINISHED.value,
        "schedule": get_settings().RECOVERY_INTERVAL_SECONDS,
        "kwargs": {"payload": RecoverUnfinishedPayload().model_dump(mode="json")},
        "options": {"queue": Queue.INTERVIEW.value},
    },
    "purge-expired-data": {
        "task": TaskName.PURGE_EXPIRED.value,
        "schedule": 3600.0,
        "kwargs": {"payload": PurgeExpiredPayload().model_dump(mode="json")},
        "options": {"queue": Queue.INTERVIEW.value},
    },
    # Reminders are marked sent in the same transaction that claims them, so any interval is safe.
    "send-invitation-reminders": {
        "task": TaskName.SEND_REMINDERS.value,
        "schedule": 300.0,
        "kwargs": {"payload": SendRemindersPayload().model_dump(mode="json")},
        "options": {"queue": Queue.INTERVIEW.value},
    },
}

logger = logging.getLogger("ai_worker")


@setup_logging.connect
def _setup_logging(**_: Any) -> None:
    settings = get_settings()
    configure_logging("ai-worker", level=settings.LOG_LEVEL, fmt=settings.LOG_FORMAT)


@worker_init.connect
def _wait_for_dependencies(**_: Any) -> None:
    # The broker connection is retried by Celery itself; the database is ours to wait for.
    wait_for_database()
    logger.info("ai-worker dependencies reachable")


@worker_ready.connect
def _recover_on_start(**_: Any) -> None:
    # Tasks a killed worker had taken are only redelivered after the visibility timeout; don't wait.
    enqueue(RecoverUnfinishedPayload(min_age_seconds=0))


@worker_process_init.connect
def _warm_up(**_: Any) -> None:
    # The parent's pooled DB connections must not be shared across fork: each child opens its own.
    get_engine().dispose(close=False)
    # Load models in each pool process after the fork, so the first task of a session is not the slow one.
    # One torch thread per pool process: several processes share the cores better than threads fight in one.
    import torch

    from ai_worker.emotion.factory import warm_up as warm_emotion
    from ai_worker.llm.base import LLMError
    from ai_worker.llm.factory import get_llm_client
    from ai_worker.llm.hf_transformers import TransformersClient
    from ai_worker.questions.korean import kiwi

    torch.set_num_threads(int(os.environ.get("TORCH_NUM_THREADS", "1")))
    kiwi()
    warm_emotion()
    # The speech model (about 0.5 GB) loads on the first voice answer, not in every process up front.
    try:
        client = get_llm_client()
    except LLMError as exc:
        logger.error("LLM backend misconfigured; questions will come from the fallback pool", extra={"error": str(exc)})
        return
    if isinstance(client, TransformersClient):
        client.load()
