"""Database operations the routes and the CLI share; keyword-only so call sites read clearly."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend_core.core.security import hash_password, verify_password
from interview_common.models import (
    InterviewSession,
    Role,
    SessionCreate,
    User,
    UserCreate,
)
from interview_common.settings import get_settings


class UsernameTaken(Exception):
    pass


def get_user_by_username(*, session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def create_user(*, session: Session, user_in: UserCreate, role: Role = Role.CANDIDATE) -> User:
    user = User(
        username=user_in.username,
        full_name=user_in.full_name,
        hashed_password=hash_password(user_in.password),
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


def create_session(*, session: Session, owner: User, session_in: SessionCreate) -> InterviewSession:
    assert owner.id is not None
    interview = InterviewSession.model_validate(
        session_in, update={"user_id": owner.id, "total_questions": get_settings().QUESTIONS_PER_SESSION}
    )
    session.add(interview)
    session.commit()
    session.refresh(interview)
    return interview


def list_sessions(*, session: Session, viewer: User, limit: int, offset: int) -> list[InterviewSession]:
    query = select(InterviewSession).order_by(col(InterviewSession.created_at).desc(), col(InterviewSession.id).desc())
    if viewer.role is not Role.RECRUITER:
        query = query.where(InterviewSession.user_id == viewer.id)
    return list(session.exec(query.offset(offset).limit(limit)))


def get_visible_session(*, session: Session, viewer: User, session_id: int) -> InterviewSession | None:
    """The session if this viewer may see it; someone else's session is indistinguishable from none."""
    interview = session.get(InterviewSession, session_id)
    if interview is None:
        return None
    if viewer.role is not Role.RECRUITER and interview.user_id != viewer.id:
        return None
    return interview
