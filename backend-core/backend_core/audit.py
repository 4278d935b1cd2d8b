"""The log of recruiters' reads of candidates' interview data."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlmodel import Session, col, select

from interview_common.logging import request_id_var
from interview_common.models import AuditAction, AuditEntry, AuditEntryPublic, InterviewSession, Role, User

logger = logging.getLogger(__name__)

MAX_ENTRIES = 1000


def is_recruiter_read(viewer: User, interview: InterviewSession) -> bool:
    """Only reads by someone other than the candidate are logged (a recruiter reading their own is not)."""
    return viewer.role is Role.RECRUITER and interview.user_id != viewer.id


def record_reads(db: Session, viewer: User, session_ids: Iterable[int], action: AuditAction) -> None:
    """One entry per session read, committed with the request's read (before the data is returned)."""
    request_id = request_id_var.get()
    request_id = None if request_id == "-" else request_id
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        return
    actor_id = viewer.id
    db.add_all(
        AuditEntry(
            session_id=sid, actor_id=actor_id, actor_username=viewer.username, action=action, request_id=request_id
        )
        for sid in ids
    )
    db.commit()
    # From the ids kept above: the committed entries are expired, and reading them back costs a query each.
    logger.info("recruiter read recorded", extra={"actor_id": actor_id, "action": action.value, "session_ids": ids})


def entries_for(db: Session, session_id: int) -> list[AuditEntryPublic]:
    rows = db.exec(
        select(AuditEntry)
        .where(AuditEntry.session_id == session_id)
        .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .limit(MAX_ENTRIES)
    )
    return [AuditEntryPublic.model_validate(r) for r in rows]
