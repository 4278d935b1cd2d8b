"""Tables and API shapes of the hiring workflow: organisations, jobs, invitations and their emails.

A job fixes how its interviews run (family, competencies, number of questions, time limits, voice
mode, whether emotion analysis is offered). Sessions copy the rules the server enforces (number of
questions, time limits, voice mode, emotion opt-in) when they start, so editing a job never changes
those for an interview under way; the planner reads the job's competencies and posting per question.
See docs/hiring.md.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, field_validator, model_validator
from sqlalchemy import Column, DateTime, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from interview_common.models import ConsentIn, InterviewQuestion, _enum_column, _timestamp, utcnow
from interview_common.positions.bank import competencies_of
from interview_common.positions.families import Family
from interview_common.text import storable

INT_MAX = 2_147_483_647


class JobStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class VoiceMode(StrEnum):
    REQUIRED = "required"
    ALLOWED = "allowed"
    OFF = "off"


class InvitationStatus(StrEnum):
    SENT = "sent"
    OPENED = "opened"
    STARTED = "started"
    COMPLETED = "completed"
    EXPIRED = "expired"  # never stored: derived from expires_at (see Invitation.effective_status)
    REVOKED = "revoked"


class Decision(StrEnum):
    SHORTLISTED = "shortlisted"
    REJECTED = "rejected"


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"  # handed to the SMTP server
    OUTBOXED = "outboxed"  # no SMTP server configured: kept here for the recruiter to see
    FAILED = "failed"


class MailKind(StrEnum):
    INVITATION = "invitation"
    REMINDER = "reminder"


# ---------------------------------------------------------------- organisations


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(min_length=1, max_length=200, unique=True, index=True)
    created_at: datetime = _timestamp()


class OrganisationPublic(SQLModel):
    id: int
    name: str


# ---------------------------------------------------------------- jobs


class JobFields(SQLModel):
    """What a recruiter sets; validated together (the competencies must be the family's)."""

    title: str = Field(min_length=1, max_length=100)
    family: Family = Field(sa_type=_enum_column(Family))
    description: str = Field(default="", max_length=20_000, sa_type=Text)
    competencies: list[str] = Field(
        min_length=1, max_length=12, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    questions: int = Field(default=5, ge=1, le=10, description="scored questions per interview")
    answer_time_limit_s: int | None = Field(default=None, ge=30, le=1800, description="null: no limit")
    prep_time_s: int | None = Field(default=None, ge=0, le=600, description="null: none")
    voice_mode: VoiceMode = Field(default=VoiceMode.ALLOWED, sa_type=_enum_column(VoiceMode))
    emotion_analysis_offered: bool = Field(default=True)
    deadline: datetime = Field(sa_type=DateTime(timezone=True))


def check_competencies(family: Family, competencies: list[str]) -> list[str]:
    known = competencies_of(family)
    unknown = [c for c in competencies if c not in known]
    if unknown:
        raise ValueError(
            f"not competencies of the {family.value} family: {', '.join(unknown)} (choose from: {', '.join(known)})"
        )
    if len(set(competencies)) != len(competencies):
        raise ValueError("each competency may be chosen once")
    return competencies


class JobCreate(JobFields):
    deadline: AwareDatetime  # type: ignore[assignment]

    _storable = storable("title", "description")

    @field_validator("title", "description", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> JobCreate:
        check_competencies(self.family, self.competencies)
        if self.deadline <= utcnow():
            raise ValueError("the deadline must be in the future")
        return self


class JobUpdate(SQLModel):
    """`PATCH /jobs/{id}`: only the fields given change; the result is validated as a whole."""

    title: str | None = Field(default=None, min_length=1, max_length=100)
    family: Family | None = None
    description: str | None = Field(default=None, max_length=20_000)
    competencies: list[str] | None = Field(default=None, min_length=1, max_length=12)
    questions: int | None = Field(default=None, ge=1, le=10)
    answer_time_limit_s: int | None = Field(default=None, ge=30, le=1800)
    prep_time_s: int | None = Field(default=None, ge=0, le=600)
    voice_mode: VoiceMode | None = None
    emotion_analysis_offered: bool | None = None
    deadline: AwareDatetime | None = None

    _storable = storable("title", "description")


class Job(JobFields, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    status: JobStatus = Field(default=JobStatus.OPEN, sa_type=_enum_column(JobStatus), index=True)
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = _timestamp(index=True)
    updated_at: datetime = _timestamp()
    closed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class JobCounts(SQLModel):
    invited: int = 0
    opened: int = 0
    started: int = 0
    completed: int = 0


class JobPublic(SQLModel):
    id: int
    organisation_id: int
    title: str
    family: Family
    description: str
    competencies: list[str]
    questions: int
    answer_time_limit_s: int | None
    prep_time_s: int | None
    voice_mode: VoiceMode
    emotion_analysis_offered: bool
    deadline: datetime
    status: JobStatus
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    counts: JobCounts = Field(default_factory=JobCounts)


class JobForCandidate(SQLModel):
    """What a candidate sees of a job before and while interviewing for it."""

    id: int
    title: str
    organisation: str
    family: Family
    description: str
    competencies: list[str]
    questions: int
    answer_time_limit_s: int | None
    prep_time_s: int | None
    voice_mode: VoiceMode
    emotion_analysis_offered: bool
    deadline: datetime


class PositionFamily(SQLModel):
    family: Family
    label_ko: str
    label_en: str
    competencies: list[str]


# ---------------------------------------------------------------- invitations


class Invitation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True, ondelete="CASCADE")
    # Null for a shareable link.
    email: str | None = Field(default=None, max_length=254)
    # The link's token is derived from this nonce with SECRET_KEY (so a reminder can repeat the link) and
    # looked up by its SHA-256: a database read alone does not hand out working links.
    token_nonce: str = Field(max_length=64)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    multi_use: bool = False
    max_uses: int | None = Field(default=None, ge=1)
    uses: int = Field(default=0, ge=0)
    status: InvitationStatus = Field(default=InvitationStatus.SENT, sa_type=_enum_column(InvitationStatus))
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    # A single-use invitation belongs to the first candidate who accepts it.
    candidate_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()
    opened_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    started_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    completed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    reminded_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))

    def effective_status(self, now: datetime | None = None) -> InvitationStatus:
        """Expiry is a matter of time, not of a stored change: an unfinished invitation past it is expired."""
        if self.status in (InvitationStatus.REVOKED, InvitationStatus.COMPLETED):
            return self.status
        if self.expires_at <= (now or utcnow()):
            return InvitationStatus.EXPIRED
        return self.status


class InvitationPublic(SQLModel):
    id: int
    job_id: int
    email: str | None
    multi_use: bool
    max_uses: int | None
    uses: int
    status: InvitationStatus
    expires_at: datetime
    created_at: datetime
    opened_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    revoked_at: datetime | None
    reminded_at: datetime | None
    session_id: int | None
    url: str | None = Field(default=None, description="the link, only in the answer that created it")


class InvitationsCreate(SQLModel):
    emails: list[str] = Field(min_length=1, max_length=500)
    expires_at: AwareDatetime | None = Field(default=None, description="default: the job's deadline")

    _storable = storable("emails")


class ShareLinkCreate(SQLModel):
    max_uses: int | None = Field(default=None, ge=1, le=100_000, description="null: unlimited")
    expires_at: AwareDatetime | None = Field(default=None, description="default: the job's deadline")


class SkippedAddress(SQLModel):
    email: str
    reason: str


class InvitationBatch(SQLModel):
    created: list[InvitationPublic]
    skipped: list[SkippedAddress]


class InvitationView(SQLModel):
    """`GET /invitations/token/{token}`: what the link shows, before any login."""

    status: InvitationStatus
    expires_at: datetime
    email_hint: str | None
    multi_use: bool
    job: JobForCandidate


class InvitationAccept(SQLModel):
    consent: ConsentIn


class MyInvitation(SQLModel):
    invitation_id: int
    status: InvitationStatus
    job: JobForCandidate
    session_id: int | None
    session_status: str | None


# ---------------------------------------------------------------- per-job review


class DecisionIn(SQLModel):
    decision: Decision
    note: str = Field(default="", max_length=1000)

    _storable = storable("note")

    @field_validator("note", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


class JobCandidate(SQLModel):
    session_id: int
    candidate: str
    user_id: int
    invitation_id: int | None
    status: str
    results_status: str
    overall_score: int | None
    recommendation: str | None
    competency_scores: dict[str, int | None]
    answered: int
    timed_out: int
    total_questions: int
    review_status: str
    decision: Decision | None
    decision_note: str | None
    decided_at: datetime | None
    decided_by: str | None
    created_at: datetime
    finished_at: datetime | None


def competency_scores(competencies: list[str], questions: list[InterviewQuestion]) -> dict[str, int | None]:
    """Each competency's mean score over its questions (follow-ups included); a timed-out one counts 0,
    as in the report; None for a competency no question covered."""
    scores: dict[str, int | None] = {}
    for competency in competencies:
        points = [
            0.0 if q.timed_out else float(q.score)
            for q in questions
            if q.competency == competency and (q.timed_out or q.score is not None)
        ]
        scores[competency] = round(sum(points) / len(points)) if points else None
    return scores


# ---------------------------------------------------------------- email


class OutboxMessage(SQLModel, table=True):
    """Every email the platform sends, kept as sent: the recruiter's record, and the outbox without SMTP."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True, ondelete="CASCADE")
    invitation_id: int | None = Field(default=None, foreign_key="invitation.id", index=True, ondelete="SET NULL")
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body: str = Field(sa_type=Text)
    kind: MailKind = Field(sa_type=_enum_column(MailKind))
    status: MailStatus = Field(default=MailStatus.PENDING, sa_type=_enum_column(MailStatus))
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _timestamp(index=True)
    sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class OutboxMessagePublic(SQLModel):
    id: int
    to: str
    subject: str
    body: str
    kind: MailKind
    status: MailStatus
    error: str | None
    invitation_id: int | None
    created_at: datetime
