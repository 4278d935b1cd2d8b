"""Webhooks to the organisation's hiring system: endpoints and the delivery log (see interview_common.webhooks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from backend_core import integrations
from backend_core.api.deps import Recruiter, SessionDep, http_error
from interview_common.flow import InterviewError
from interview_common.webhooks import WebhookDeliveryPublic, WebhookEndpointCreate, WebhookEndpointPublic

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

EndpointId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The webhook endpoint's id")]


@router.post("", response_model=WebhookEndpointPublic, status_code=status.HTTP_201_CREATED)
def create_endpoint(session: SessionDep, user: Recruiter, body: WebhookEndpointCreate) -> WebhookEndpointPublic:
    """Subscribe a URL to events (report.ready, review.resolved, invitation.completed). The answer carries
    the signing secret in full, once; requests are signed `X-Interview-Signature: t=…,v1=HMAC-SHA256`."""
    try:
        return integrations.create(session, user, body)
    except InterviewError as exc:
        http_error(exc)


@router.get("", response_model=list[WebhookEndpointPublic])
def list_endpoints(session: SessionDep, user: Recruiter) -> list[WebhookEndpointPublic]:
    try:
        return integrations.list_endpoints(session, user)
    except InterviewError as exc:
        http_error(exc)


@router.post("/{endpoint_id}/deactivate", response_model=WebhookEndpointPublic)
def deactivate_endpoint(session: SessionDep, user: Recruiter, endpoint_id: EndpointId) -> WebhookEndpointPublic:
    """Stop sending to this endpoint (pending deliveries are cancelled); its log stays."""
    try:
        return integrations.deactivate(session, user, endpoint_id)
    except InterviewError as exc:
        http_error(exc)


@router.get("/{endpoint_id}/deliveries", response_model=list[WebhookDeliveryPublic])
def list_deliveries(
    session: SessionDep, user: Recruiter, endpoint_id: EndpointId, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[WebhookDeliveryPublic]:
    """Every event sent to the endpoint, newest first, with each attempt (time, HTTP status, error)."""
    try:
        return integrations.deliveries(session, user, endpoint_id, limit)
    except InterviewError as exc:
        http_error(exc)
