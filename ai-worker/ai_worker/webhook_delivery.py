"""Delivering webhook events: one signed POST per attempt, the attempt logged, a failure retried later."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

import httpx
from sqlmodel import select

from interview_common.db import session_scope
from interview_common.models import utcnow
from interview_common.queue import enqueue
from interview_common.settings import get_settings
from interview_common.tasks import DeliverWebhookPayload
from interview_common.webhooks import SIGNATURE_HEADER, DeliveryStatus, WebhookDelivery, WebhookEndpoint, sign

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300.0


def backoff(attempt: int) -> float:
    """Seconds before attempt `attempt + 1`: the base, doubled after each failure, capped."""
    return min(MAX_BACKOFF_SECONDS, get_settings().WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str | None]:
    raw = json.dumps(delivery.body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "ai-interview-webhooks/1",
        "X-Interview-Event": delivery.event_type,
        "X-Interview-Delivery": delivery.event_id,
        SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), raw),
    }
    try:
        response = httpx.post(
            endpoint.url, content=raw, headers=headers, timeout=get_settings().WEBHOOK_TIMEOUT_SECONDS
        )
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:300]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}: {response.text[:200]}"


def deliver(payload: DeliverWebhookPayload) -> dict[str, Any]:
    settings = get_settings()
    with session_scope() as db:
        # Locked: a re-delivered task waits, then finds the attempt recorded (no double POST from us).
        delivery = db.exec(
            select(WebhookDelivery).where(WebhookDelivery.id == payload.delivery_id).with_for_update(skip_locked=True)
        ).first()
        if delivery is None:
            # Erased with the candidate's data (or being attempted right now by another worker).
            return {"status": "gone", "delivery_id": payload.delivery_id}
        if delivery.status is not DeliveryStatus.PENDING:
            return {"status": delivery.status.value, "delivery_id": payload.delivery_id}
        endpoint = db.get(WebhookEndpoint, delivery.endpoint_id)
        if endpoint is None or not endpoint.active:
            delivery.status = DeliveryStatus.CANCELLED
            delivery.next_attempt_at = None
            db.add(delivery)
            db.commit()
            return {"status": "cancelled", "delivery_id": payload.delivery_id}
        started = time.monotonic()
        code, error = _post(endpoint, delivery)
        now = utcnow()
        delivery.attempt_count += 1
        delivery.attempts = [
            *delivery.attempts,
            {
                "at": now.isoformat(),
                "status_code": code,
                "error": error,
                "duration_ms": round((time.monotonic() - started) * 1000),
            },
        ]
        retry_in: float | None = None
        if error is None:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        elif delivery.attempt_count >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            retry_in = backoff(delivery.attempt_count)
            delivery.next_attempt_at = now + timedelta(seconds=retry_in)
        db.add(delivery)
        db.commit()
        status, attempts, event = delivery.status.value, delivery.attempt_count, delivery.event_type
    extra = {"delivery_id": payload.delivery_id, "event": event, "attempt": attempts, "status_code": code}
    if retry_in is not None:
        logger.warning("webhook attempt failed; retrying", extra={**extra, "error": error, "retry_in_s": retry_in})
        enqueue(payload, countdown=retry_in)
    elif status == DeliveryStatus.FAILED.value:
        logger.error("webhook delivery failed for good", extra={**extra, "error": error})
    else:
        logger.info("webhook delivered", extra=extra)
    return {"status": status, "delivery_id": payload.delivery_id, "attempts": attempts}
