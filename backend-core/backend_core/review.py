"""Human review of an AI evaluation: the candidate asks, a recruiter answers."""

from __future__ import annotations

import logging

from sqlmodel import Session

from interview_common import flow, webhooks
from interview_common.flow import Conflict, Forbidden
from interview_common.models import InterviewSession, SessionStatus, User, utcnow

logger = logging.getLogger(__name__)


def request_review(db: Session, interview: InterviewSession, candidate: User, reason: str) -> InterviewSession:
    if interview.user_id != candidate.id:
        raise Forbidden("Only the candidate of this interview can ask for a human review of it.")
    if interview.status is not SessionStatus.FINISHED:
        raise Conflict("A human review can be requested once the interview has finished.")
    if interview.review_requested_at is not None:
        raise Conflict("A human review of this interview has already been requested.")
    interview.review_requested_at = utcnow()
    interview.review_reason = reason
    db.add(interview)
    db.commit()
    db.refresh(interview)
    logger.info("human review requested", extra={"session_id": interview.id, "user_id": candidate.id})
    return interview


def resolve_review(db: Session, interview: InterviewSession, recruiter: User, note: str) -> InterviewSession:
    if interview.review_requested_at is None:
        raise Conflict("The candidate has not asked for a human review of this interview.")
    if interview.review_resolved_at is not None:
        raise Conflict("The human review of this interview has already been completed.")
    interview.review_resolved_at = utcnow()
    interview.review_note = note
    interview.review_resolved_by = recruiter.id
    db.add(interview)
    deliveries = webhooks.emit(
        db,
        interview,
        webhooks.WebhookEvent.REVIEW_RESOLVED,
        {"candidate": interview.user_name, "note": note, "resolved_at": interview.review_resolved_at.isoformat()},
    )
    db.commit()
    db.refresh(interview)
    logger.info("human review resolved", extra={"session_id": interview.id, "recruiter_id": recruiter.id})
    flow.queue_follow_ups(flow.Outcome(follow_ups=list(deliveries)))
    return interview
