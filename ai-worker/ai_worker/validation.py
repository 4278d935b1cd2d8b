"""Tasks that validate their payload on arrival, and record what they refuse.

A refused payload is logged at ERROR with the task's name and the offending values and
stored in `rejectedtask`; the worker carries on. Nothing is dropped without a trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from celery import Task
from pydantic import ValidationError

from ai_worker.celery_app import celery_app
from interview_common.db import session_scope
from interview_common.logging import request_id_var
from interview_common.models import RejectedTask
from interview_common.tasks import TaskPayload

logger = logging.getLogger("ai_worker.validation")

P = TypeVar("P", bound=TaskPayload)


def _describe(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {"field": ".".join(str(p) for p in err["loc"]) or "payload", "value": err.get("input"), "error": err["msg"]}
        for err in exc.errors()
    ]


def record_rejection(task_name: str, raw: Any, errors: list[dict[str, Any]], request_id: str | None) -> None:
    logger.error(
        "task payload rejected",
        extra={"task": task_name, "payload": raw, "errors": errors},
    )
    with session_scope() as session:
        session.add(
            RejectedTask(
                task_name=task_name,
                payload=raw if isinstance(raw, dict) else {"raw": repr(raw)},
                errors=errors,
                request_id=request_id,
            )
        )
        session.commit()


def payload_task(model: type[P], **options: Any) -> Callable[[Callable[[P], dict[str, Any]]], Task]:
    """Register `fn(payload)` as the Celery task named by `model`, called as `task(payload={...})`."""

    def decorator(fn: Callable[[P], dict[str, Any]]) -> Task:
        name = model.task_name.value

        @celery_app.task(name=name, bind=True, **options)
        def run(self: Task, *args: Any, **kwargs: Any) -> dict[str, Any]:
            raw: Any = kwargs.get("payload") if not args and set(kwargs) == {"payload"} else {"args": args, **kwargs}
            request_id = raw.get("request_id") if isinstance(raw, dict) else None
            token = request_id_var.set(request_id if isinstance(request_id, str) else self.request.id or "-")
            try:
                try:
                    payload = model.model_validate(raw)
                except ValidationError as exc:
                    errors = _describe(exc)
                    record_rejection(name, raw, errors, request_id if isinstance(request_id, str) else None)
                    return {"status": "rejected", "errors": errors}
                return fn(payload)
            finally:
                request_id_var.reset(token)

        run.__doc__ = fn.__doc__
        return run

    return decorator
