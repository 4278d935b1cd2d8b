"""Invitation reminders: one email, shortly before the job's deadline, to invited candidates who have not finished."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from interview_common import mail
from interview_common.db import session_scope
from interview_common.hiring import Invitation, InvitationStatus, Job, JobStatus, Organisation
from interview_common.models import utcnow
from interview_common.settings import get_settings
from interview_common.tasks import SendRemindersPayload

logger = logging.getLogger(__name__)

BATCH = 200


def send_due(payload: SendRemindersPayload) -> dict[str, Any]:
    """Each due invitation is claimed (reminded_at set, row locked, SKIP LOCKED) before its email is sent,
    so overlapping runs and re-delivered tasks never send a second reminder."""
    now = utcnow()
    horizon = now + timedelta(hours=get_settings().REMINDER_HOURS_BEFORE_DEADLINE)
    sent = 0
    with session_scope() as db:
        due = db.exec(
            select(Invitation, Job)
            .join(Job, col(Job.id) == Invitation.job_id)
            .where(
                col(Invitation.email).is_not(None),
                col(Invitation.reminded_at).is_(None),
                col(Invitation.status).in_([InvitationStatus.SENT, InvitationStatus.OPENED, InvitationStatus.STARTED]),
                Invitation.expires_at > now,
                Invitation.expires_at <= horizon,
                Job.status == JobStatus.OPEN,
            )
            .limit(BATCH)
            .with_for_update(of=Invitation, skip_locked=True)  # type: ignore[arg-type]
        ).all()
        claimed = []
        for invitation, job in due:
            invitation.reminded_at = now
            db.add(invitation)
            claimed.append((invitation, job))
        db.commit()
        for invitation, job in claimed:
            organisation = db.get(Organisation, job.organisation_id)
            if organisation is None:
                continue
            mail.send_invitation(db, invitation=invitation, job=job, organisation=organisation, reminder=True)
            sent += 1
    if sent:
        logger.info("invitation reminders sent", extra={"count": sent})
    return {"status": "ok", "sent": sent}
