"""Table models and the request/response shapes built on them.

Per entity: `XBase` (shared fields and their validation), `XCreate` (request body),
`X(table=True)` (the row), `XPublic` (response). Table names are SQLModel's defaults
(`user`, `interviewsession`, `interviewquestion`), as in the original system.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pgvector.sqlalchemy import Vector
from pydantic import computed_field, model_validator
from sqlalchemy import Column, DateTime, Index, LargeBinary, UniqueConstraint
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from interview_common.results import Evaluation, ResultsStatus, SessionReport
from interview_common.settings import get_settings
from interview_common.text import storable

# Fixed so the offline hashed n-gram embedder and all-MiniLM-L6-v2 share one column type.
EMBEDDING_DIM = 384

USERNAME_PATTERN = r"^[\w.\-]+$"


def utcnow() -> datetime:
    return datetime.now(UTC)


def _enum_column(enum: type[StrEnum]) -> Any:
    """Stored as its value in a VARCHAR (readable in psql, no Postgres ENUM type to migrate)."""
    return SAEnum(enum, values_callable=lambda e: [m.value for m in e], native_enum=False, length=16)


def _stripped(field: str) -> Any:
    """A before-validator: surrounding whitespace is not part of `field` (so "   " counts as empty)."""

    def strip(cls: type, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get(field), str):
            return {**data, field: data[field].strip()}
        return data

    return model_validator(mode="before")(classmethod(strip))


def _timestamp(**kwargs: Any) -> Any:
    """A timezone-aware timestamp column (SQLModel's default drops the zone)."""
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), **kwargs)


class Role(StrEnum):
    CANDIDATE = "candidate"
    RECRUITER = "recruiter"


class SessionStatus(StrEnum):
    CREATED = "created"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class EmotionAnalysis(StrEnum):
    """Whether a session's video is analysed: what every API and page says instead of an empty chart."""

    COLLECTED = "collected"
    NOT_COLLECTED = "not_collected"  # the candidate did not opt in
    DISABLED = "disabled"  # EMOTION_ANALYSIS=disabled for the deployment


def emotion_analysis_of(emotion_consent: bool) -> EmotionAnalysis:
    if not get_settings().emotion_analysis_enabled:
        return EmotionAnalysis.DISABLED
    return EmotionAnalysis.COLLECTED if emotion_consent else EmotionAnalysis.NOT_COLLECTED


# ---------------------------------------------------------------- users


class UserBase(SQLModel):
    username: str = Field(
        min_length=3, max_length=32, schema_extra={"pattern": USERNAME_PATTERN}, index=True, unique=True
    )
    full_name: str = Field(min_length=1, max_length=100)


class UserCreate(UserBase):
    """Self-registration. `hashed_password` is accepted as the original client's name for it."""

    password: str = Field(min_length=8, max_length=24)

    _storable = storable("username", "full_name", "password")

    @model_validator(mode="before")
    @classmethod
    def _accept_hashed_password_alias(cls, data: Any) -> Any:
        if isinstance(data, dict) and "password" not in data and "hashed_password" in data:
            data = {**data, "password": data["hashed_password"]}
            del data["hashed_password"]
        return data


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str
    role: Role = Field(default=Role.CANDIDATE, sa_type=_enum_column(Role))
    # Recruiters belong to one; candidates to none (they may interview for any organisation's jobs).
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True, ondelete="SET NULL")
    created_at: datetime = _timestamp()


class UserPublic(UserBase):
    id: int
    role: Role
    organisation_id: int | None = None
    created_at: datetime


class Token(SQLModel):
    access_token: str
    token_type: str = "bearer"


# ---------------------------------------------------------------- interview sessions


class InterviewSessionBase(SQLModel):
    user_name: str = Field(min_length=1, max_length=100)
    position: str = Field(min_length=1, max_length=100)


class ConsentIn(SQLModel):
    """The candidate's choices on the data-use notice (`GET /consent/notice`), sent with `POST /sessions`."""

    interview: bool = Field(description="Agreement to the interview itself (required)")
    emotion_analysis: bool = Field(default=False, description="Opt-in to facial-expression analysis")
    notice_version: str = Field(min_length=1, max_length=64, description="The version of the notice shown")

    _storable = storable("notice_version")

    @model_validator(mode="after")
    def _interview_required(self) -> ConsentIn:
        if not self.interview:
            raise ValueError("the interview cannot start without agreeing to the data-use notice (interview: true)")
        return self


class SessionCreate(InterviewSessionBase):
    """Body of `POST /sessions`; surrounding whitespace is not part of a name or position."""

    consent: ConsentIn

    _storable = storable("user_name", "position")

    @model_validator(mode="before")
    @classmethod
    def _strip(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return data


class InterviewSession(InterviewSessionBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    status: SessionStatus = Field(default=SessionStatus.CREATED, sa_type=_enum_column(SessionStatus), index=True)
    # Fixed when the session starts, so a later change of QUESTIONS_PER_SESSION never breaks it.
    total_questions: int = Field(default=5, ge=1)
    results_status: ResultsStatus = Field(default=ResultsStatus.PENDING, sa_type=_enum_column(ResultsStatus))
    results_reason: str | None = Field(default=None, max_length=500)
    # The stored SessionReport (computed once when the interview is over, never on read).
    report: Any = Field(default=None, sa_column=Column(JSONB, nullable=True))
    overall_score: int | None = Field(default=None, ge=0, le=100, index=True)
    created_at: datetime = _timestamp(index=True)
    updated_at: datetime = _timestamp()
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # Consent as given on the notice of this version (null only for sessions from before consent existed).
    consent_notice_version: str | None = Field(default=None, max_length=64)
    consented_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    emotion_consent: bool = Field(default=False, sa_column_kwargs={"server_default": "false"})
    # Set when the candidate withdrew the emotion opt-in (emotion_consent is then false, its rows deleted).
    emotion_consent_withdrawn_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # A candidate's request for a human review of the AI evaluation, and the recruiter's resolution.
    review_requested_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True), index=True)
    review_reason: str | None = Field(default=None, max_length=1000)
    review_resolved_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    review_note: str | None = Field(default=None, max_length=1000)
    review_resolved_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    # An interview for a job: the job's rules as they were when it started (null: no job, no limits).
    job_id: int | None = Field(default=None, foreign_key="job.id", index=True, ondelete="SET NULL")
    invitation_id: int | None = Field(default=None, foreign_key="invitation.id", ondelete="SET NULL")
    answer_time_limit_s: int | None = Field(default=None, ge=1)
    prep_time_s: int | None = Field(default=None, ge=0)
    voice_mode: str | None = Field(default=None, max_length=16)
    # The recruiter's decision on the candidate for the job (never shown to the candidate).
    decision: str | None = Field(default=None, max_length=16, index=True)
    decision_note: str | None = Field(default=None, max_length=1000)
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    decided_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")


class InterviewSessionPublic(InterviewSessionBase):
    id: int
    user_id: int
    status: SessionStatus
    total_questions: int
    results_status: ResultsStatus
    overall_score: int | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    consent_notice_version: str | None
    consented_at: datetime | None
    emotion_consent: bool
    emotion_consent_withdrawn_at: datetime | None
    review_requested_at: datetime | None
    review_reason: str | None
    review_resolved_at: datetime | None
    review_note: str | None
    job_id: int | None = None
    answer_time_limit_s: int | None = None
    prep_time_s: int | None = None
    voice_mode: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def emotion_analysis(self) -> EmotionAnalysis:
        return emotion_analysis_of(self.emotion_consent)


# ---------------------------------------------------------------- résumés (see interview_common.resume)


class Resume(SQLModel, table=True):
    """A candidate's résumé: one per candidate, replaced by a new upload, gone with the account."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True, index=True, ondelete="CASCADE")
    filename: str = Field(max_length=255)
    media_type: str = Field(max_length=8)  # pdf, docx or text: judged by content, not by name
    size_bytes: int = Field(ge=0)
    sha256: str = Field(max_length=64)
    # The extracted text: what the passages were cut from (the file itself is not kept).
    text: str
    # The résumé notice the candidate agreed to when uploading (interview_common.consent).
    notice_version: str = Field(max_length=64)
    uploaded_at: datetime = _timestamp()


class ResumePassage(SQLModel, table=True):
    """One section's paragraph or entry, embedded for retrieval by the question planner."""

    __table_args__ = (
        Index(
            "ix_resumepassage_embedding_hnsw",
            "embedding",
            postgresql_using="hnsw",
            postgresql_ops={"embedding": "vector_cosine_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    resume_id: int = Field(foreign_key="resume.id", index=True, ondelete="CASCADE")
    ordinal: int = Field(ge=0)
    section: str = Field(max_length=16)  # interview_common.resume.Section
    heading: str | None = Field(default=None, max_length=120)
    text: str
    embedding: list[float] = Field(sa_column=Column(Vector(EMBEDDING_DIM), nullable=False))


# ---------------------------------------------------------------- questions and answers


class InterviewQuestion(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("session_id", "order", name="uq_question_session_order"),
        # Cosine distance is what the no-repeat check and recruiter search rank by.
        Index(
            "ix_interviewquestion_question_embedding_hnsw",
            "question_embedding",
            postgresql_using="hnsw",
            postgresql_ops={"question_embedding": "vector_cosine_ops"},
        ),
        Index(
            "ix_interviewquestion_answer_embedding_hnsw",
            "answer_embedding",
            postgresql_using="hnsw",
            postgresql_ops={"answer_embedding": "vector_cosine_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interviewsession.id", index=True, ondelete="CASCADE")
    order: int = Field(ge=1)
    question_text: str
    # How the question came about: opener, competency, follow_up, closing or fallback; and which backend.
    kind: str = Field(default="competency", max_length=16)
    source: str = Field(default="local", max_length=16)
    # For a follow-up: the terms of the previous answer it asks about.
    key_terms: list[str] = Field(default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]"))
    answer_text: str | None = None
    # "typed" or "voice"; a voice answer's text is its transcript.
    answer_source: str | None = Field(default=None, max_length=8)
    transcript: str | None = None
    asked_at: datetime = _timestamp()
    # The competency of the job (or family bank) the question covers; a follow-up keeps its topic's.
    competency: str | None = Field(default=None, max_length=64)
    # The résumé passage a grounded question asks about; null when the résumé is deleted.
    resume_passage_id: int | None = Field(default=None, foreign_key="resumepassage.id", index=True, ondelete="SET NULL")
    # When the candidate first received it: a timed question's clock starts here, not when it was generated.
    shown_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # Its time ran out without an answer (answered_at then says when it was settled).
    timed_out: bool = Field(default=False, sa_column_kwargs={"server_default": "false"})
    answered_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    score: float | None = Field(default=None, ge=0, le=100)
    # The stored Evaluation of the answer (see interview_common.results).
    evaluation: Any = Field(default=None, sa_column=Column(JSONB, nullable=True))
    evaluated_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    question_embedding: list[float] | None = Field(default=None, sa_column=Column(Vector(EMBEDDING_DIM), nullable=True))
    answer_embedding: list[float] | None = Field(default=None, sa_column=Column(Vector(EMBEDDING_DIM), nullable=True))


# ---------------------------------------------------------------- media: emotion samples and answer audio


class EmotionSample(SQLModel, table=True):
    """One analysed video frame. No face, or several, is stored as such: a proctoring signal."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interviewsession.id", index=True, ondelete="CASCADE")
    question_id: int | None = Field(default=None, foreign_key="interviewquestion.id", index=True, ondelete="SET NULL")
    captured_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    faces_found: int = Field(ge=0)
    dominant: str | None = Field(default=None, max_length=16)
    # The seven FER2013 classes, 0..1; null when no face was found.
    probabilities: Any = Field(default=None, sa_column=Column(JSONB, nullable=True))
    face_box: Any = Field(default=None, sa_column=Column(JSONB, nullable=True))
    backend: str = Field(max_length=16)
    created_at: datetime = _timestamp()


class AnswerAudio(SQLModel, table=True):
    """The audio recorded while a question was current, kept until transcribed (and retention)."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interviewsession.id", index=True, ondelete="CASCADE")
    question_id: int = Field(foreign_key="interviewquestion.id", index=True, ondelete="CASCADE")
    wav: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    duration_s: float = Field(ge=0)
    created_at: datetime = _timestamp()


class ReportPdf(SQLModel, table=True):
    """The interview's PDF report as last rendered, kept until what it shows changes (see `fingerprint`)."""

    session_id: int = Field(foreign_key="interviewsession.id", primary_key=True, ondelete="CASCADE")
    fingerprint: str = Field(max_length=64)
    pdf: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = _timestamp()


# ---------------------------------------------------------------- audit log of recruiter reads


class AuditAction(StrEnum):
    SESSION = "session"
    QUESTIONS = "questions"
    RESULTS = "results"
    EMOTIONS = "emotions"
    EVENTS = "events"
    SEARCH = "search"
    DECISION = "decision"  # a shortlist/reject decision was recorded
    EXPORT = "export"  # the session was in a job's CSV export
    LIST = "list"  # the session appeared, with its score, in a recruiter's list


class AuditEntry(SQLModel, table=True):
    """A recruiter read a candidate's interview data: who, when, what."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interviewsession.id", index=True, ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    # Kept as written at the time, so the entry stays readable if the recruiter's account goes.
    actor_username: str = Field(max_length=32)
    action: AuditAction = Field(sa_type=_enum_column(AuditAction))
    request_id: str | None = Field(default=None, max_length=64)
    at: datetime = _timestamp(index=True)


class AuditEntryPublic(SQLModel):
    id: int
    actor_id: int | None
    actor_username: str
    action: AuditAction
    at: datetime
    request_id: str | None


# ---------------------------------------------------------------- tasks the worker refused


class RejectedTask(SQLModel, table=True):
    """A task whose payload failed validation: kept so nothing is dropped without a trace."""

    id: int | None = Field(default=None, primary_key=True)
    task_name: str = Field(max_length=200, index=True)
    payload: Any = Field(sa_column=Column(JSONB, nullable=False))
    errors: Any = Field(sa_column=Column(JSONB, nullable=False))
    request_id: str | None = Field(default=None, max_length=64)
    received_at: datetime = _timestamp()


# ---------------------------------------------------------------- API shapes of the interview flow


class AnswerCreate(SQLModel):
    """Body of `POST /sessions/{id}/answers`."""

    question_id: int = Field(ge=1, le=2_147_483_647)
    answer_text: str = Field(min_length=1, max_length=5000)

    _strip = _stripped("answer_text")
    _storable = storable("answer_text")


class PassageRef(SQLModel):
    id: int
    section: str
    text: str


class QuestionPublic(SQLModel):
    id: int
    order: int
    question_text: str
    kind: str
    source: str
    key_terms: list[str]
    competency: str | None = None
    asked_at: datetime
    shown_at: datetime | None = None
    timed_out: bool = False
    answer_text: str | None
    answer_source: str | None
    transcript: str | None
    answered_at: datetime | None
    score: float | None
    evaluation: Evaluation | None
    # For a timed interview's open question, computed when the answer is made (so the browser's clock
    # does not matter): preparation left, then answer time left. Null without a limit.
    prep_seconds_left: float | None = None
    answer_seconds_left: float | None = None
    # The résumé passage the question was grounded in (shown next to it); filled by the backend.
    resume_passage: PassageRef | None = None


class ResultsProgress(SQLModel):
    total: int
    asked: int
    answered: int
    evaluated: int


class ResultsPublic(SQLModel):
    """Always an explicit status; `report` is present only when it is `ready`."""

    session_id: int
    status: ResultsStatus
    reason: str | None
    progress: ResultsProgress
    report: SessionReport | None


class SearchHit(SQLModel):
    session_id: int
    question_id: int
    candidate: str
    position: str
    question_text: str
    snippet: str
    score: float


class EmotionPoint(SQLModel):
    captured_at: datetime
    question_id: int | None
    faces_found: int
    dominant: str | None
    probabilities: dict[str, float] | None


class QuestionEmotionSummary(SQLModel):
    question_id: int | None
    order: int | None
    frames: int
    no_face: int
    multi_face: int
    # Share of frames (with exactly one face) whose dominant emotion was each class.
    share: dict[str, float]


class EmotionTimeline(SQLModel):
    session_id: int
    # Anything but "collected" comes with no frames: the UI says "not collected", not an empty chart.
    status: EmotionAnalysis
    backend: str
    # What the data is and is not, in Korean and English, shown wherever it is.
    caveat: dict[str, str]
    frames: int
    timeline: list[EmotionPoint]
    per_question: list[QuestionEmotionSummary]


class ReviewRequest(SQLModel):
    """Body of `POST /sessions/{id}/review-request`: why the candidate wants a person to look again."""

    reason: str = Field(min_length=1, max_length=1000)

    _strip = _stripped("reason")
    _storable = storable("reason")


class ReviewResolution(SQLModel):
    """Body of `POST /sessions/{id}/review-resolve`: the recruiter's note to the candidate."""

    note: str = Field(min_length=1, max_length=1000)

    _strip = _stripped("note")
    _storable = storable("note")


class AccountDeletion(SQLModel):
    """Body of `DELETE /users/me`: the password again, so a stolen token alone cannot erase an account."""

    password: str = Field(min_length=1, max_length=128)

    _storable = storable("password")
