"""An organisation's webhook endpoints and their delivery log (recruiters of that organisation only)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from backend_core.jobs import organisation_of
from interview_common.flow import InterviewError, NotFound
from interview_common.models import User
from interview_common.settings import get_settings
from interview_common.webhooks import (
    DestinationRefused,
    WebhookDelivery,
    WebhookDeliveryPublic,
    WebhookEndpoint,
    WebhookEndpointCreate,
    WebhookEndpointPublic,
    check_destination,
    new_secret,
)


class UnsafeDestination(InterviewError):
    status_code = 422


def to_public(endpoint: WebhookEndpoint, *, with_secret: bool = False) -> WebhookEndpointPublic:
    return WebhookEndpointPublic(
        id=endpoint.id or 0,
        url=endpoint.url,
        events=endpoint.events,
        active=endpoint.active,
        created_at=endpoint.created_at,
        secret_hint=endpoint.secret[:10] + "…",
        secret=endpoint.secret if with_secret else None,
    )


def create(db: Session, user: User, body: WebhookEndpointCreate) -> WebhookEndpointPublic:
    try:
        check_destination(body.url, allow_private=get_settings().WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
    except DestinationRefused as exc:
        raise UnsafeDestination(f"This webhook URL is not allowed: {exc}.") from exc
    endpoint = WebhookEndpoint(
        organisation_id=organisation_of(user),
        url=body.url,
        secret=body.secret or new_secret(),
        events=sorted({e.value for e in body.events}),
        created_by=user.id,
    )
    db.add(endpoint)
    db.commit()
    db.refresh(endpoint)
    return to_public(endpoint, with_secret=True)


def list_endpoints(db: Session, user: User) -> list[WebhookEndpointPublic]:
    query = select(WebhookEndpoint).where(WebhookEndpoint.organisation_id == organisation_of(user))
    return [to_public(e) for e in db.exec(query.order_by(col(WebhookEndpoint.id)))]


def _own(db: Session, user: User, endpoint_id: int) -> WebhookEndpoint:
    endpoint = db.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.organisation_id != organisation_of(user):
        raise NotFound(f"Webhook endpoint {endpoint_id} was not found.")
    return endpoint


def deactivate(db: Session, user: User, endpoint_id: int) -> WebhookEndpointPublic:
    """Switch the endpoint off: nothing more is sent to it; its log stays readable."""
    endpoint = _own(db, user, endpoint_id)
    endpoint.active = False
    db.add(endpoint)
    db.commit()
    db.refresh(endpoint)
    return to_public(endpoint)


def deliveries(db: Session, user: User, endpoint_id: int, limit: int) -> list[WebhookDeliveryPublic]:
    endpoint = _own(db, user, endpoint_id)
    rows = db.exec(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(col(WebhookDelivery.id).desc())
        .limit(limit)
    )
    return [WebhookDeliveryPublic.model_validate(r) for r in rows]
