"""The Celery application both sides use: producers send with it, the ai-worker runs it."""

from __future__ import annotations

import logging
from functools import lru_cache

from celery import Celery
from celery.result import AsyncResult

from interview_common.logging import request_id_var
from interview_common.settings import get_settings
from interview_common.tasks import Queue, TaskPayload

logger = logging.getLogger(__name__)


def make_celery(main: str = "interview", *, redis_url: str | None = None) -> Celery:
    settings = get_settings()
    redis_url = redis_url or settings.REDIS_URL
    app = Celery(main, broker=redis_url, backend=redis_url)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
        task_time_limit=settings.CELERY_TASK_TIME_LIMIT,
        task_default_queue=Queue.INTERVIEW.value,
        result_expires=3600,
        broker_connection_retry_on_startup=True,
        # When the broker goes away, tasks in progress cannot be acknowledged any more: they are cancelled and
        # redelivered (every task is idempotent), which is also Celery 6's default.
        worker_cancel_long_running_tasks_on_connection_loss=True,
        # A broker that hangs (not only one that refuses) must not hold a request for long: bounded socket
        # waits, and publishing gives up after two tries (what was to be queued is already stored; the
        # recovery sweep queues it later).
        broker_transport_options={
            "visibility_timeout": settings.BROKER_VISIBILITY_TIMEOUT,
            "socket_timeout": 3,
            "socket_connect_timeout": 3,
        },
        result_backend_transport_options={"visibility_timeout": settings.BROKER_VISIBILITY_TIMEOUT},
        redis_socket_timeout=5,
        redis_socket_connect_timeout=3,
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
        worker_hijack_root_logger=False,
        enable_utc=True,
    )
    return app


@lru_cache
def get_celery() -> Celery:
    return make_celery()


def enqueue(payload: TaskPayload, *, countdown: float | None = None) -> AsyncResult:
    """Queue a validated payload under its task's name (after `countdown` seconds, if given); the
    request id rides along for the logs."""
    if payload.request_id is None:
        payload = payload.model_copy(update={"request_id": request_id_var.get()})
    # No service reads a task's return value (progress travels through the database and events), so none
    # is stored, and publishing never waits on the result backend.
    return get_celery().send_task(
        payload.task_name.value,
        kwargs={"payload": payload.model_dump(mode="json")},
        queue=payload.queue.value,
        ignore_result=True,
        countdown=countdown,
    )


def broker_problem() -> str | None:
    """None when a task could be published now, else why not.

    Opens a connection with the transport that publishing uses, so a broker that answers PING to
    redis-py but cannot take a task from Celery (a transport module that fails to import, wrong
    credentials, a full or read-only server) makes readiness fail too.
    """
    try:
        with get_celery().connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
            conn.default_channel.client.ping()
    except Exception as exc:  # readiness reports every failure, whatever raised it
        reason = f"{type(exc).__name__}: {exc}"
        logger.warning("cannot publish tasks to the broker", extra={"error": reason})
        return reason
    return None
