"""Delivering webhook events: one signed POST per attempt, the attempt logged, a failure retried later."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlmodel import select

from interview_common.db import session_scope
from interview_common.models import utcnow
from interview_common.queue import enqueue
from interview_common.settings import get_settings
from interview_common.tasks import DeliverWebhookPayload
from interview_common.webhooks import (
    SIGNATURE_HEADER,
    DeliveryStatus,
    DestinationRefused,
    UnresolvedDestination,
    WebhookDelivery,
    WebhookEndpoint,
    resolve_destination,
    sign,
)

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300.0


def backoff(attempt: int) -> float:
    """Seconds before attempt `attempt + 1`: the base, doubled after each failure, capped."""
    return min(MAX_BACKOFF_SECONDS, get_settings().WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


@dataclass(frozen=True)
class Attempt:
    status_code: int | None
    error: str | None
    # A destination refused by policy is not retried: the same URL would be refused again.
    final: bool = False


def _pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, Any]]:
    """`url` with its host replaced by the checked address; the Host header and TLS name stay the host's."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    host_header = parts.netloc.rsplit("@", 1)[-1]
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return urlunsplit(parts._replace(netloc=netloc)), {"Host": host_header}, extensions


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> Attempt:
    settings = get_settings()
    try:
        addresses = resolve_destination(endpoint.url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
    except DestinationRefused as exc:
        return Attempt(None, f"not sent: {exc}"[:300], final=not isinstance(exc, UnresolvedDestination))
    raw = json.dumps(delivery.body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "ai-interview-webhooks/1",
        "X-Interview-Event": delivery.event_type,
        "X-Interview-Delivery": delivery.event_id,
        SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), raw),
    }
    error = "no address to connect to"
    with httpx.Client(timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as client:
        # Each checked address in turn, as a resolver-driven connect would (IPv6 first, then IPv4…).
        for address in addresses:
            url, host_header, extensions = _pinned(endpoint.url, address)
            request = client.build_request(
                "POST", url, content=raw, headers={**headers, **host_header}, extensions=extensions
            )
            try:
                response = client.send(request)
            except httpx.ConnectError as exc:
                error = f"ConnectError: {exc}"[:300]
                continue
            except httpx.HTTPError as exc:
                return Attempt(None, f"{type(exc).__name__}: {exc}"[:300])
            if 200 <= response.status_code < 300:
                return Attempt(response.status_code, None)
            return Attempt(response.status_code, f"HTTP {response.status_code}: {response.text[:200]}")
    return Attempt(None, error)


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
        attempt = _post(endpoint, delivery)
        code, error = attempt.status_code, attempt.error
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
        elif attempt.final or delivery.attempt_count >= settings.WEBHOOK_MAX_ATTEMPTS:
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
