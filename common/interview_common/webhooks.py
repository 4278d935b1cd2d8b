"""Webhooks to an organisation's hiring system (ATS): endpoints, signed events and their delivery log.

An event is recorded as one `webhookdelivery` row per subscribed endpoint in the same transaction as
the change it reports (a report made ready, a human review resolved, an invitation's interview
completed); the ai-worker POSTs it after the commit and retries with backoff. Each request carries

    X-Interview-Event: report.ready
    X-Interview-Delivery: <the event id; the same on every attempt, so a receiver can drop repeats>
    X-Interview-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>

Receivers recompute the HMAC over the raw body and refuse timestamps older than REPLAY_WINDOW_SECONDS.
A delivery belongs to its interview (`session_id`, ON DELETE CASCADE): when a candidate erases their
account, the events about them that were not yet delivered go with it and are never sent.

Endpoints are addresses on the internet: a URL naming a loopback, private, link-local (cloud metadata)
or otherwise non-public address is refused when it is configured, and again at each delivery after the
host name is resolved; the request then goes to the address that was checked, so a name that changes
its answer between the check and the connection cannot reach the platform's own network. An ATS inside
the operator's network is allowed with WEBHOOK_ALLOW_PRIVATE_ADDRESSES.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from pydantic import field_validator
from sqlalchemy import Column, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, Session, SQLModel, select

from interview_common.hiring import Job
from interview_common.models import InterviewSession, _enum_column, _timestamp, utcnow
from interview_common.tasks import DeliverWebhookPayload
from interview_common.text import storable

_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
_ALLOW_SETTING = "WEBHOOK_ALLOW_PRIVATE_ADDRESSES"

# How old a signed timestamp a receiver should still accept (documented for ATS integrators).
REPLAY_WINDOW_SECONDS = 300
SIGNATURE_HEADER = "X-Interview-Signature"


class WebhookEvent(StrEnum):
    REPORT_READY = "report.ready"
    REVIEW_RESOLVED = "review.resolved"
    INVITATION_COMPLETED = "invitation.completed"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # every attempt failed
    CANCELLED = "cancelled"  # the endpoint was removed or switched off before delivery


class WebhookEndpoint(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    url: str = Field(max_length=2000)
    # Kept as given: the platform must sign with it (shown in full only when the endpoint is created).
    secret: str = Field(max_length=128)
    events: list[str] = Field(default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]"))
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()


class WebhookDelivery(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    endpoint_id: int = Field(foreign_key="webhookendpoint.id", index=True, ondelete="CASCADE")
    session_id: int | None = Field(default=None, foreign_key="interviewsession.id", index=True, ondelete="CASCADE")
    event_id: str = Field(max_length=36, index=True)
    event_type: str = Field(max_length=32)  # a WebhookEvent value
    # The event exactly as POSTed (the same body on every attempt).
    body: Any = Field(sa_column=Column(JSONB, nullable=False))
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, sa_type=_enum_column(DeliveryStatus), index=True)
    attempt_count: int = Field(default=0, ge=0)
    # One entry per attempt: {at, status_code, error, duration_ms}.
    attempts: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    next_attempt_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True), index=True)
    created_at: datetime = _timestamp()
    delivered_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class WebhookEndpointCreate(SQLModel):
    url: str = Field(min_length=8, max_length=2000)
    events: list[WebhookEvent] = Field(min_length=1, max_length=3)
    secret: str | None = Field(default=None, min_length=16, max_length=128, description="default: generated")

    _storable = storable("url", "secret")

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL with a host")
        if parts.username or parts.password:
            raise ValueError("must not carry a user name or password; authenticate with the signature")
        return value.strip()


class DestinationRefused(ValueError):
    """A webhook URL that points into a private network: refused whenever it is tried."""


class UnresolvedDestination(DestinationRefused):
    """A host name that does not resolve now (it may later)."""


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _refused(what: str) -> DestinationRefused:
    return DestinationRefused(
        f"{what} a loopback, private or link-local address; webhooks go to the hiring system's public address "
        f"(an operator can allow private networks with {_ALLOW_SETTING}=true)"
    )


def check_destination(url: str, *, allow_private: bool) -> None:
    """Refuse, before anything is stored, a URL whose host is itself a non-public address or a local name."""
    if allow_private:
        return
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    address = _literal_address(host)
    if host in _LOCAL_NAMES or host.endswith(".localhost") or (address is not None and not _is_public(address)):
        raise _refused(f"{host} is")


def resolve_destination(url: str, *, allow_private: bool) -> list[str]:
    """The addresses to connect to for `url`, in the resolver's order, once every one has been checked."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    check_destination(url, allow_private=allow_private)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnresolvedDestination(f"{host} could not be resolved: {exc}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    private = [a for a in addresses if not _is_public(ipaddress.ip_address(a.split("%")[0]))]
    if private and not allow_private:
        raise _refused(f"{host} resolves to {', '.join(private)},")
    return addresses


class WebhookEndpointPublic(SQLModel):
    id: int
    url: str
    events: list[str]
    active: bool
    created_at: datetime
    secret_hint: str
    secret: str | None = Field(default=None, description="the whole secret, only in the answer that created it")


class WebhookDeliveryPublic(SQLModel):
    id: int
    endpoint_id: int
    event_id: str
    event_type: WebhookEvent
    status: DeliveryStatus
    attempt_count: int
    attempts: list[dict[str, Any]]
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    session_id: int | None


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, now: int, window: int = REPLAY_WINDOW_SECONDS) -> bool:
    """What a receiver does (the tests use it too): the signature matches and the timestamp is recent."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > window:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), f"t={timestamp},v1={fields.get('v1', '')}")


def emit(
    db: Session, interview: InterviewSession, event: WebhookEvent, data: dict[str, Any]
) -> list[DeliverWebhookPayload]:
    """Record the event for every active endpoint of the interview's organisation that subscribed to it
    (in the caller's transaction); the caller queues the returned payloads after its commit."""
    if interview.job_id is None:
        return []
    job = db.get(Job, interview.job_id)
    if job is None:
        return []
    endpoints = db.exec(
        select(WebhookEndpoint).where(
            WebhookEndpoint.organisation_id == job.organisation_id,
            WebhookEndpoint.active == True,  # noqa: E712
        )
    ).all()
    event_id = str(uuid.uuid4())
    body = {
        "id": event_id,
        "type": event.value,
        "created_at": utcnow().isoformat(),
        "organisation_id": job.organisation_id,
        "data": {"job_id": job.id, "job_title": job.title, "session_id": interview.id, **data},
    }
    payloads = []
    for endpoint in endpoints:
        if event.value not in endpoint.events:
            continue
        delivery = WebhookDelivery(
            endpoint_id=endpoint.id or 0,
            session_id=interview.id,
            event_id=event_id,
            event_type=event.value,
            body=body,
            next_attempt_at=utcnow(),
        )
        db.add(delivery)
        db.flush()
        payloads.append(DeliverWebhookPayload(delivery_id=delivery.id or 0))
    return payloads
