"""Jobs: a recruiter's organisation defines them; every read and change is scoped to that organisation."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_common.flow import Conflict, Forbidden, InterviewError, NotFound
from interview_common.hiring import (
    Invitation,
    InvitationStatus,
    Job,
    JobCounts,
    JobCreate,
    JobFields,
    JobForCandidate,
    JobPublic,
    JobStatus,
    JobUpdate,
    Organisation,
    PositionFamily,
    check_competencies,
)
from interview_common.models import InterviewSession, Role, SessionStatus, User, utcnow
from interview_common.positions.bank import FAMILY_TITLE, competencies_of
from interview_common.positions.families import Family


class Invalid(InterviewError):
    status_code = 422


def positions() -> list[PositionFamily]:
    return [
        PositionFamily(
            family=family,
            label_ko=FAMILY_TITLE[family][0],
            label_en=FAMILY_TITLE[family][1],
            competencies=competencies_of(family),
        )
        for family in Family
    ]


def organisation_of(user: User) -> int:
    if user.role is not Role.RECRUITER:
        raise Forbidden("Only recruiters may do this.")
    if user.organisation_id is None:
        raise Forbidden(
            "Your recruiter account belongs to no organisation yet; an operator can add it with "
            "`python -m backend_core.cli set-organisation`."
        )
    return user.organisation_id


def get_job(db: Session, user: User, job_id: int) -> Job:
    """The job if it belongs to the recruiter's organisation; another organisation's is indistinguishable from none."""
    job = db.get(Job, job_id)
    if job is None or job.organisation_id != organisation_of(user):
        raise NotFound(f"Job {job_id} was not found.")
    return job


def counts(db: Session, job_ids: list[int]) -> dict[int, JobCounts]:
    result = {job_id: JobCounts() for job_id in job_ids}
    if not job_ids:
        return result
    rows = db.exec(
        select(Invitation.job_id, Invitation.status, Invitation.multi_use, Invitation.uses, Invitation.opened_at)
        .where(col(Invitation.job_id).in_(job_ids))
    ).all()  # fmt: skip
    for job_id, status, multi_use, uses, opened_at in rows:
        tally = result[job_id]
        if not multi_use:
            tally.invited += 1
            tally.opened += opened_at is not None
        tally.started += uses if multi_use else status in (InvitationStatus.STARTED, InvitationStatus.COMPLETED)
    # Completed interviews are counted from the sessions, so links used many times count each interview.
    finished = db.exec(
        select(InterviewSession.job_id, func.count())
        .where(col(InterviewSession.job_id).in_(job_ids), InterviewSession.status == SessionStatus.FINISHED)
        .group_by(col(InterviewSession.job_id))
    ).all()
    for job_id, n in finished:
        if job_id is not None:
            result[job_id].completed = n
    return result


def to_public(db: Session, job: Job, tally: JobCounts | None = None) -> JobPublic:
    assert job.id is not None
    tally = tally or counts(db, [job.id])[job.id]
    return JobPublic.model_validate({**job.model_dump(), "counts": tally})


def for_candidate(db: Session, job: Job) -> JobForCandidate:
    organisation = db.get(Organisation, job.organisation_id)
    assert organisation is not None
    return JobForCandidate.model_validate({**job.model_dump(), "organisation": organisation.name})


def create_job(db: Session, user: User, job_in: JobCreate) -> Job:
    job = Job.model_validate(
        {**job_in.model_dump(), "organisation_id": organisation_of(user), "created_by": user.id}
    )  # fmt: skip
    db.add(job)
    db.commit()
    db.refresh(job)
    return job


def list_jobs(db: Session, user: User, status: JobStatus | None) -> list[Job]:
    query = select(Job).where(Job.organisation_id == organisation_of(user))
    if status is not None:
        query = query.where(Job.status == status)
    return list(db.exec(query.order_by(col(Job.created_at).desc(), col(Job.id).desc())))


def update_job(db: Session, user: User, job_id: int, changes: JobUpdate) -> Job:
    job = get_job(db, user, job_id)
    if job.status is JobStatus.CLOSED:
        raise Conflict("This job is closed; it can no longer be edited.")
    given = changes.model_dump(exclude_unset=True)
    # Validated as a whole (the competencies must be the family's); only a new deadline must lie ahead.
    merged = JobFields.model_validate({**{name: getattr(job, name) for name in JobFields.model_fields}, **given})
    check_competencies(merged.family, merged.competencies)
    if "deadline" in given and merged.deadline <= utcnow():
        raise Invalid("the deadline must be in the future")
    for name in given:
        setattr(job, name, getattr(merged, name))
    job.updated_at = utcnow()
    db.add(job)
    db.commit()
    db.refresh(job)
    return job


def close_job(db: Session, user: User, job_id: int) -> Job:
    job = get_job(db, user, job_id)
    if job.status is not JobStatus.CLOSED:
        job.status = JobStatus.CLOSED
        job.closed_at = job.updated_at = utcnow()
        db.add(job)
        db.commit()
        db.refresh(job)
    return job
