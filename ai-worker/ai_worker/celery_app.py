"""The ai-worker's Celery application: the shared configuration plus this worker's tasks and signals.

Run: `celery -A ai_worker.celery_app worker -Q interview`.
"""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import setup_logging, worker_init

from interview_common.db import wait_for_database
from interview_common.logging import configure_logging
from interview_common.queue import get_celery
from interview_common.settings import get_settings

celery_app = get_celery()
celery_app.conf.imports = ("ai_worker.tasks.questions",)

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
