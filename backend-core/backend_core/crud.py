"""Database operations the routes and the CLI share; keyword-only so call sites read clearly."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ColumnElement, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend_core.core.security import hash_password, verify_password
from interview_common.consent import current_notice
from interview_common.hiring import Job
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


def create_session(
    *,
    session: Session,
    owner_id: int,
    session_in: SessionCreate,
    job: Job | None = None,
    invitation_id: int | None = None,
    commit: bool = True,
) -> InterviewSession:
    """A new interview; for a job, its rules are copied so later edits of the job do not change it."""
    settings = get_settings()
    notice = current_notice(settings)
    if session_in.consent.notice_version != notice.version:
        raise StaleNotice(notice.version)
    offered = settings.emotion_analysis_enabled and (job is None or job.emotion_analysis_offered)
    interview = InterviewSession(
        user_id=owner_id,
        user_name=session_in.user_name,
        position=session_in.position,
        total_questions=job.questions if job else settings.QUESTIONS_PER_SESSION,
        consent_notice_version=notice.version,
        consented_at=utcnow(),
        # Off unless the candidate ticked it and the deployment (and the job) offers it.
        emotion_consent=session_in.consent.emotion_analysis and offered,
    )
    if job is not None:
        interview.job_id = job.id
        interview.invitation_id = invitation_id
        interview.answer_time_limit_s = job.answer_time_limit_s
        interview.prep_time_s = job.prep_time_s
        interview.voice_mode = job.voice_mode.value
    session.add(interview)
    if not commit:
        session.flush()
        return interview
    session.commit()
    session.refresh(interview)
    return interview


def visible_to_recruiter(recruiter: User) -> ColumnElement[bool]:
    """Sessions without a job (every recruiter's) and those of the recruiter's organisation's jobs."""
    own_jobs = select(Job.id).where(Job.organisation_id == recruiter.organisation_id)
    return or_(col(InterviewSession.job_id).is_(None), col(InterviewSession.job_id).in_(own_jobs))


def list_sessions(
    *, session: Session, viewer: User, limit: int, offset: int, review: ReviewFilter | None = None
) -> list[InterviewSession]:
    query = select(InterviewSession).order_by(col(InterviewSession.created_at).desc(), col(InterviewSession.id).desc())
    if viewer.role is not Role.RECRUITER:
        query = query.where(InterviewSession.user_id == viewer.id)
    else:
        query = query.where(visible_to_recruiter(viewer))
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
    if viewer.role is not Role.RECRUITER:
        return interview if interview.user_id == viewer.id else None
    if interview.job_id is not None:
        job = session.get(Job, interview.job_id)
        if job is None or job.organisation_id != viewer.organisation_id:
            return None
    return interview
