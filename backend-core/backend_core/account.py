"""A candidate's own data: everything stored about them as JSON, and erasing it all."""

from __future__ import annotations

import base64
import logging
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, SQLModel, col, select

from interview_common.hiring import Invitation, OutboxMessage
from interview_common.models import (
    AnswerAudio,
    AuditEntry,
    EmotionSample,
    InterviewQuestion,
    InterviewSession,
    RejectedTask,
    Resume,
    ResumePassage,
    User,
    utcnow,
)

logger = logging.getLogger(__name__)

EXPORT_FORMAT = 1


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if hasattr(value, "tolist"):  # pgvector gives numpy arrays
        return value.tolist()
    return value


def _row(row: SQLModel, *, rename: dict[str, str] | None = None, exclude: set[str] = frozenset()) -> dict[str, Any]:
    """Every column of the row, JSON-ready (nothing left out but what `exclude` names)."""
    rename = rename or {}
    return {
        rename.get(name, name): _json_value(getattr(row, name))
        for name in type(row).model_fields
        if name not in exclude
    }


def _rows(db: Session, model: type[SQLModel], session_id: int, order: Any) -> list[Any]:
    return list(db.exec(select(model).where(model.session_id == session_id).order_by(order)))  # type: ignore[attr-defined]


def session_ids_of(db: Session, user_id: int) -> list[int]:
    return list(db.exec(select(InterviewSession.id).where(InterviewSession.user_id == user_id)))  # type: ignore[arg-type]


def _rejected_tasks(db: Session, session_ids: list[int]) -> list[RejectedTask]:
    """Refused task payloads that named one of these sessions (kept for operators, but still the user's data)."""
    if not session_ids:
        return []
    as_text = [str(s) for s in session_ids]
    return list(db.exec(select(RejectedTask).where(col(RejectedTask.payload)["session_id"].astext.in_(as_text))))


def export(db: Session, user: User) -> dict[str, Any]:
    assert user.id is not None
    sessions = list(
        db.exec(select(InterviewSession).where(InterviewSession.user_id == user.id).order_by(col(InterviewSession.id)))
    )
    out_sessions = []
    for interview in sessions:
        assert interview.id is not None
        sid = interview.id
        out_sessions.append(
            _row(interview)
            | {
                "questions": [_row(q) for q in _rows(db, InterviewQuestion, sid, col(InterviewQuestion.order))],
                "emotion_samples": [_row(e) for e in _rows(db, EmotionSample, sid, col(EmotionSample.captured_at))],
                "answer_audio": [
                    _row(a, rename={"wav": "wav_base64"}) for a in _rows(db, AnswerAudio, sid, col(AnswerAudio.id))
                ],
                "access_log": [_row(a) for a in _rows(db, AuditEntry, sid, col(AuditEntry.at))],
            }
        )
    resume = db.exec(select(Resume).where(Resume.user_id == user.id)).first()
    invitations = _invitations(db, user.id)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        # The password hash is a credential, not information about the person: left out on purpose.
        "user": _row(user, exclude={"hashed_password"}),
        "sessions": out_sessions,
        # The résumé's text and its passages (with their embeddings); null when none was uploaded.
        "resume": None if resume is None else _row(resume) | {"passages": [_row(p) for p in _passages(db, resume)]},
        # The invitations the candidate accepted and the emails sent to them; the link's token material is a
        # credential, left out like the password hash.
        "invitations": [
            _row(invitation, exclude={"token_nonce", "token_hash"})
            | {"emails": [_row(m) for m in _emails(db, [invitation.id])]}
            for invitation in invitations
            if invitation.id is not None
        ],
        "rejected_tasks": [_row(r) for r in _rejected_tasks(db, [s.id for s in sessions if s.id is not None])],
    }


def _invitations(db: Session, user_id: int) -> list[Invitation]:
    """The invitations this candidate accepted: they carry the address they were sent to."""
    query = (
        select(Invitation)
        .where(Invitation.candidate_id == user_id, col(Invitation.multi_use).is_(False))
        .order_by(col(Invitation.id))
    )
    return list(db.exec(query))


def _emails(db: Session, invitation_ids: list[int | None]) -> list[OutboxMessage]:
    ids = [i for i in invitation_ids if i is not None]
    if not ids:
        return []
    query = select(OutboxMessage).where(col(OutboxMessage.invitation_id).in_(ids)).order_by(col(OutboxMessage.id))
    return list(db.exec(query))


def _passages(db: Session, resume: Resume) -> list[ResumePassage]:
    query = select(ResumePassage).where(ResumePassage.resume_id == resume.id).order_by(col(ResumePassage.ordinal))
    return list(db.exec(query))


def delete_account(db: Session, user_id: int) -> dict[str, int]:
    """Erase the user and everything that refers to them; the counts removed (for the log, never contents)."""
    session_ids = session_ids_of(db, user_id)
    counts = {
        "sessions": len(session_ids),
        "questions": _count(db, InterviewQuestion, session_ids),
        "emotion_samples": _count(db, EmotionSample, session_ids),
        "answer_audio": _count(db, AnswerAudio, session_ids),
        "audit_entries": _count(db, AuditEntry, session_ids),
    }
    resume = db.exec(select(Resume).where(Resume.user_id == user_id)).first()
    counts["resume_passages"] = len(_passages(db, resume)) if resume is not None else 0
    rejected = [r.id for r in _rejected_tasks(db, session_ids)]
    if rejected:
        db.exec(delete(RejectedTask).where(col(RejectedTask.id).in_(rejected)))  # type: ignore[call-overload]
    counts["rejected_tasks"] = len(rejected)
    # An accepted invitation holds the candidate's address (and its emails the address and the link), and
    # would otherwise outlive them: the foreign key only sets candidate_id to NULL.
    invitation_ids = [i.id for i in _invitations(db, user_id)]
    emails = [m.id for m in _emails(db, invitation_ids)]
    if emails:
        db.exec(delete(OutboxMessage).where(col(OutboxMessage.id).in_(emails)))  # type: ignore[call-overload]
    if invitation_ids:
        db.exec(delete(Invitation).where(col(Invitation.id).in_(invitation_ids)))  # type: ignore[call-overload]
    counts["invitations"] = len(invitation_ids)
    counts["invitation_emails"] = len(emails)
    # Sessions, questions (with their embeddings), emotion rows, audio, audit entries and the résumé with
    # its passages go with the user through ON DELETE CASCADE, in this one transaction.
    db.exec(delete(User).where(col(User.id) == user_id))  # type: ignore[call-overload]
    db.commit()
    logger.info("account deleted", extra={"user_id": user_id, "removed": counts})
    return counts


def _count(db: Session, model: type[SQLModel], session_ids: list[int]) -> int:
    if not session_ids:
        return 0
    column = col(model.session_id)  # type: ignore[attr-defined]
    return int(db.exec(select(func.count()).select_from(model).where(column.in_(session_ids))).one())
