"""Database operations the routes and the CLI share; keyword-only so call sites read clearly."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend_core.core.security import hash_password, verify_password
from interview_common.consent import current_notice
from interview_common.models import (
    InterviewSession,
    Role,
    SessionCreate,
    User,
    UserCreate,
    utcnow,
)
from interview_common.settings import get_settings


class ReviewFilter(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class UsernameTaken(Exception):
    pass


def get_user_by_username(*, session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def create_user(
    *, session: Session, user_in: UserCreate, role: Role = Role.CANDIDATE, hashed_password: str | None = None
) -> User:
    """Store a new account; `hashed_password` when the caller hashed it already (off the database slot)."""
    user = User(
        username=user_in.username,
        full_name=user_in.full_name,
        hashed_password=hashed_password or hash_password(user_in.password),
        role=role,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError as exc:
        # The unique index decides, so two simultaneous sign-ups cannot both win.
        session.rollback()
        raise UsernameTaken(user_in.username) from exc
    session.refresh(user)
    return user


def authenticate(*, session: Session, username: str, password: str) -> User | None:
    user = get_user_by_username(session=session, username=username)
    if not verify_password(password, user.hashed_password if user else None):
        return None
    return user


def update_password_hash(*, session: Session, user_id: int, hashed_password: str) -> None:
    user = session.get(User, user_id)
    if user is not None:
        user.hashed_password = hashed_password
        session.add(user)
        session.commit()


class StaleNotice(Exception):
    """The candidate agreed to a notice that is no longer the one in force."""

    def __init__(self, current: str) -> None:
        super().__init__(current)
        self.current = current


def create_session(*, session: Session, owner_id: int, session_in: SessionCreate) -> InterviewSession:
    settings = get_settings()
    notice = current_notice(settings)
    if session_in.consent.notice_version != notice.version:
        raise StaleNotice(notice.version)
    interview = InterviewSession(
        user_id=owner_id,
        user_name=session_in.user_name,
        position=session_in.position,
        total_questions=settings.QUESTIONS_PER_SESSION,
        consent_notice_version=notice.version,
        consented_at=utcnow(),
        # Off unless the candidate ticked it and the deployment offers it.
        emotion_consent=session_in.consent.emotion_analysis and settings.emotion_analysis_enabled,
    )
    session.add(interview)
    session.commit()
    session.refresh(interview)
    return interview


def list_sessions(
    *, session: Session, viewer: User, limit: int, offset: int, review: ReviewFilter | None = None
) -> list[InterviewSession]:
    query = select(InterviewSession).order_by(col(InterviewSession.created_at).desc(), col(InterviewSession.id).desc())
    if viewer.role is not Role.RECRUITER:
        query = query.where(InterviewSession.user_id == viewer.id)
    if review is ReviewFilter.OPEN:
        query = query.where(
            col(InterviewSession.review_requested_at).is_not(None), col(InterviewSession.review_resolved_at).is_(None)
        )
    elif review is ReviewFilter.RESOLVED:
        query = query.where(col(InterviewSession.review_resolved_at).is_not(None))
    return list(session.exec(query.offset(offset).limit(limit)))


def get_visible_session(*, session: Session, viewer: User, session_id: int) -> InterviewSession | None:
    """The session if this viewer may see it; someone else's session is indistinguishable from none."""
    interview = session.get(InterviewSession, session_id)
    if interview is None:
        return None
    if viewer.role is not Role.RECRUITER and interview.user_id != viewer.id:
        return None
    return interview
