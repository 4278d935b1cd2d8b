"""A job's candidates side by side: overall and per-competency scores, review status, decisions, CSV export."""

from __future__ import annotations

import csv
import io
from enum import StrEnum

from sqlmodel import Session, col, select

from backend_core import audit
from backend_core.jobs import get_job
from interview_common.flow import Conflict
from interview_common.hiring import Decision, DecisionIn, Job, JobCandidate, competency_scores
from interview_common.models import AuditAction, InterviewQuestion, InterviewSession, User, utcnow


class CandidateSort(StrEnum):
    SCORE_DESC = "-score"
    SCORE_ASC = "score"
    STARTED = "started"
    NAME = "name"


class DecisionFilter(StrEnum):
    SHORTLISTED = "shortlisted"
    REJECTED = "rejected"
    UNDECIDED = "undecided"


def _review_status(row: InterviewSession) -> str:
    if row.review_resolved_at is not None:
        return "resolved"
    return "requested" if row.review_requested_at is not None else "none"


def candidate_rows(db: Session, job: Job, rows: list[InterviewSession]) -> list[JobCandidate]:
    """The table's rows; their questions and deciders are read in one query each, however many there are."""
    ids = [row.id for row in rows if row.id is not None]
    questions: dict[int, list[InterviewQuestion]] = {session_id: [] for session_id in ids}
    if ids:
        for question in db.exec(select(InterviewQuestion).where(col(InterviewQuestion.session_id).in_(ids))):
            questions[question.session_id].append(question)
    decider_ids = {row.decided_by for row in rows if row.decided_by is not None}
    deciders = (
        {u.id: u.username for u in db.exec(select(User).where(col(User.id).in_(decider_ids)))} if decider_ids else {}
    )
    return [_candidate(job, row, questions.get(row.id or 0, []), deciders) for row in rows]


def _candidate(
    job: Job, row: InterviewSession, questions: list[InterviewQuestion], deciders: dict[int | None, str]
) -> JobCandidate:
    assert row.id is not None
    report = row.report or {}
    return JobCandidate(
        session_id=row.id,
        candidate=row.user_name,
        user_id=row.user_id,
        invitation_id=row.invitation_id,
        status=row.status.value,
        results_status=row.results_status.value,
        overall_score=row.overall_score,
        recommendation=report.get("recommendation"),
        competency_scores=competency_scores(job.competencies, questions),
        answered=sum(q.answer_text is not None for q in questions),
        timed_out=sum(q.timed_out for q in questions),
        total_questions=row.total_questions,
        review_status=_review_status(row),
        decision=Decision(row.decision) if row.decision else None,
        decision_note=row.decision_note,
        decided_at=row.decided_at,
        decided_by=deciders.get(row.decided_by) if row.decided_by is not None else None,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )


def candidates(
    db: Session,
    user: User,
    job_id: int,
    *,
    sort: CandidateSort = CandidateSort.SCORE_DESC,
    decision: DecisionFilter | None = None,
    min_score: int | None = None,
) -> list[JobCandidate]:
    job = get_job(db, user, job_id)
    rows = list(db.exec(select(InterviewSession).where(InterviewSession.job_id == job.id)))
    result = candidate_rows(db, job, rows)
    if decision is DecisionFilter.UNDECIDED:
        result = [c for c in result if c.decision is None]
    elif decision is not None:
        result = [c for c in result if c.decision is not None and c.decision.value == decision.value]
    if min_score is not None:
        result = [c for c in result if c.overall_score is not None and c.overall_score >= min_score]
    if sort is CandidateSort.NAME:
        result.sort(key=lambda c: (c.candidate, c.session_id))
    elif sort is CandidateSort.STARTED:
        result.sort(key=lambda c: c.created_at, reverse=True)
    else:
        # Unscored interviews (still running, or failed) go last either way.
        sign = -1 if sort is CandidateSort.SCORE_DESC else 1
        result.sort(key=lambda c: (c.overall_score is None, sign * (c.overall_score or 0), c.session_id))
    # The comparison shows names and scores: each session in it counts as read.
    audit.record_reads(db, user, [c.session_id for c in result], AuditAction.LIST)
    return result


def decide(db: Session, user: User, row: InterviewSession, body: DecisionIn) -> JobCandidate:
    if row.job_id is None:
        raise Conflict("Decisions are recorded per job; this interview was not for a job.")
    job = get_job(db, user, row.job_id)
    row.decision = body.decision.value
    row.decision_note = body.note or None
    row.decided_at = utcnow()
    row.decided_by = user.id
    db.add(row)
    db.commit()
    db.refresh(row)
    assert row.id is not None
    audit.record_reads(db, user, [row.id], AuditAction.DECISION)
    return candidate_rows(db, job, [row])[0]


def results_csv(db: Session, user: User, job_id: int) -> tuple[str, str]:
    """(file name, CSV text with a BOM so spreadsheet programs read the Korean)."""
    job = get_job(db, user, job_id)
    rows = candidates(db, user, job_id, sort=CandidateSort.SCORE_DESC)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "session_id", "candidate", "status", "results_status", "overall_score", "recommendation",
            *(f"competency:{c}" for c in job.competencies),
            "answered", "timed_out", "total_questions", "review_status", "decision", "decision_note",
            "decided_by", "decided_at", "started_at", "finished_at",
        ]
    )  # fmt: skip
    for c in rows:
        writer.writerow(
            [
                c.session_id, _cell(c.candidate), c.status, c.results_status, _blank(c.overall_score),
                _blank(c.recommendation), *(_blank(c.competency_scores.get(k)) for k in job.competencies),
                c.answered, c.timed_out, c.total_questions, c.review_status,
                c.decision.value if c.decision else "", _cell(c.decision_note or ""), c.decided_by or "",
                _iso(c.decided_at), _iso(c.created_at), _iso(c.finished_at),
            ]
        )  # fmt: skip
    audit.record_reads(db, user, [c.session_id for c in rows], AuditAction.EXPORT)
    return f"job-{job.id}-results.csv", "\ufeff" + out.getvalue()


def _blank(value: object) -> object:
    return "" if value is None else value


def _iso(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


def _cell(text: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
