"""Jobs, their invitations and candidates, and the organisation's outbox (recruiters, own organisation only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response, UploadFile, status
from sqlmodel import col, select

from backend_core import invitations, job_review, jobs
from backend_core.api.deps import CurrentUser, Recruiter, SessionDep, http_error
from interview_common.flow import InterviewError
from interview_common.hiring import (
    InvitationBatch,
    InvitationPublic,
    InvitationsCreate,
    JobCandidate,
    JobCreate,
    JobPublic,
    JobStatus,
    JobUpdate,
    OutboxMessage,
    OutboxMessagePublic,
    PositionFamily,
    ShareLinkCreate,
)

router = APIRouter(tags=["jobs"])

JobId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The job's id")]


@router.get("/positions", response_model=list[PositionFamily])
def list_positions(user: CurrentUser) -> list[PositionFamily]:
    """Position families and the competencies of each family's question bank, in bank order."""
    return jobs.positions()


@router.post("/jobs", response_model=JobPublic, status_code=status.HTTP_201_CREATED)
def create_job(session: SessionDep, user: Recruiter, job_in: JobCreate) -> JobPublic:
    """Define a job: its family, competencies, number of questions, time limits, voice mode and deadline."""
    try:
        return jobs.to_public(session, jobs.create_job(session, user, job_in))
    except InterviewError as exc:
        http_error(exc)


@router.get("/jobs", response_model=list[JobPublic])
def list_jobs(session: SessionDep, user: Recruiter, status: JobStatus | None = None) -> list[JobPublic]:
    """The organisation's jobs, newest first, with invitation counts."""
    try:
        rows = jobs.list_jobs(session, user, status)
    except InterviewError as exc:
        http_error(exc)
    tallies = jobs.counts(session, [j.id for j in rows if j.id is not None])
    return [jobs.to_public(session, j, tallies[j.id]) for j in rows if j.id is not None]


@router.get("/jobs/{job_id}", response_model=JobPublic)
def read_job(session: SessionDep, user: Recruiter, job_id: JobId) -> JobPublic:
    try:
        return jobs.to_public(session, jobs.get_job(session, user, job_id))
    except InterviewError as exc:
        http_error(exc)


@router.patch("/jobs/{job_id}", response_model=JobPublic)
def update_job(session: SessionDep, user: Recruiter, job_id: JobId, changes: JobUpdate) -> JobPublic:
    """Change an open job; interviews already started keep the rules they started with."""
    try:
        return jobs.to_public(session, jobs.update_job(session, user, job_id, changes))
    except InterviewError as exc:
        http_error(exc)
    except ValueError as exc:  # the merged job failed validation as a whole
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc


@router.post("/jobs/{job_id}/close", response_model=JobPublic)
def close_job(session: SessionDep, user: Recruiter, job_id: JobId) -> JobPublic:
    """Close the job: its links stop starting interviews (interviews under way may finish)."""
    try:
        return jobs.to_public(session, jobs.close_job(session, user, job_id))
    except InterviewError as exc:
        http_error(exc)


@router.post("/jobs/{job_id}/invitations", response_model=InvitationBatch, status_code=status.HTTP_201_CREATED)
def invite(session: SessionDep, user: Recruiter, job_id: JobId, body: InvitationsCreate) -> InvitationBatch:
    """Invite candidates by email: one single-use link each; bad or duplicate addresses are listed as skipped."""
    try:
        return invitations.invite(session, user, job_id, body.emails, body.expires_at)
    except InterviewError as exc:
        http_error(exc)


@router.post("/jobs/{job_id}/invitations/csv", response_model=InvitationBatch, status_code=status.HTTP_201_CREATED)
async def invite_from_csv(session: SessionDep, user: Recruiter, job_id: JobId, file: UploadFile) -> InvitationBatch:
    """Invite the addresses of a CSV file (an `email` column, or one address per line)."""
    data = await file.read(invitations.MAX_CSV_BYTES + 1)
    try:
        addresses = invitations.addresses_from_csv(data)
        return invitations.invite(session, user, job_id, addresses, None)
    except InterviewError as exc:
        http_error(exc)


@router.post("/jobs/{job_id}/links", response_model=InvitationPublic, status_code=status.HTTP_201_CREATED)
def create_link(session: SessionDep, user: Recruiter, job_id: JobId, body: ShareLinkCreate) -> InvitationPublic:
    """A shareable link that many candidates may use (up to `max_uses`); its url is shown only here."""
    try:
        return invitations.create_link(session, user, job_id, body)
    except InterviewError as exc:
        http_error(exc)


@router.get("/jobs/{job_id}/invitations", response_model=list[InvitationPublic])
def list_invitations(session: SessionDep, user: Recruiter, job_id: JobId) -> list[InvitationPublic]:
    try:
        return invitations.list_for_job(session, user, job_id)
    except InterviewError as exc:
        http_error(exc)


@router.get("/jobs/{job_id}/candidates", response_model=list[JobCandidate])
def list_candidates(
    session: SessionDep,
    user: Recruiter,
    job_id: JobId,
    sort: job_review.CandidateSort = job_review.CandidateSort.SCORE_DESC,
    decision: job_review.DecisionFilter | None = None,
    min_score: Annotated[int | None, Query(ge=0, le=100)] = None,
) -> list[JobCandidate]:
    """The job's candidates side by side: overall and per-competency scores, review status, decision."""
    try:
        return job_review.candidates(session, user, job_id, sort=sort, decision=decision, min_score=min_score)
    except InterviewError as exc:
        http_error(exc)


@router.get(
    "/jobs/{job_id}/results.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def export_results(session: SessionDep, user: Recruiter, job_id: JobId) -> Response:
    """The job's results as CSV (UTF-8 with BOM), one row per interview; the export is audit-logged."""
    try:
        name, text = job_review.results_csv(session, user, job_id)
    except InterviewError as exc:
        http_error(exc)
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/outbox", response_model=list[OutboxMessagePublic])
def list_outbox(
    session: SessionDep, user: Recruiter, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[OutboxMessagePublic]:
    """The organisation's emails (invitations and reminders), newest first: sent, kept (no SMTP) or failed."""
    try:
        organisation_id = jobs.organisation_of(user)
    except InterviewError as exc:
        http_error(exc)
    rows = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.organisation_id == organisation_id)
        .order_by(col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc())
        .limit(limit)
    )
    return [OutboxMessagePublic.model_validate({**r.model_dump(), "to": r.to_address}) for r in rows]
