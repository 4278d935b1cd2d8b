"""Invitations to a job: emailed single-use links and shareable multi-use links, and what a candidate does with them."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlmodel import Session, col, select

from backend_core import crud
from backend_core.jobs import for_candidate, get_job
from interview_common import mail
from interview_common.flow import Conflict, Forbidden, InterviewError, NotFound
from interview_common.hiring import (
    Invitation,
    InvitationBatch,
    InvitationPublic,
    InvitationStatus,
    InvitationView,
    Job,
    JobStatus,
    MyInvitation,
    Organisation,
    ShareLinkCreate,
    SkippedAddress,
)
from interview_common.models import ConsentIn, InterviewSession, Role, SessionCreate, SessionStatus, User, utcnow

MAX_CSV_BYTES = 1_000_000
MAX_ADDRESSES = 500


class Gone(InterviewError):
    status_code = 410


def _session_ids(db: Session, invitations: list[Invitation]) -> dict[int, int]:
    """The interview each single-use invitation started, in one query however many invitations are listed."""
    ids = [inv.id for inv in invitations if not inv.multi_use and inv.id is not None]
    if not ids:
        return {}
    query = select(InterviewSession.invitation_id, InterviewSession.id).where(
        col(InterviewSession.invitation_id).in_(ids)
    )
    found: dict[int, int] = {}
    for invitation_id, session_id in db.exec(query.order_by(col(InterviewSession.id))):
        if invitation_id is not None and session_id is not None:
            found.setdefault(invitation_id, session_id)
    return found


def _public(invitation: Invitation, session_id: int | None, url: str | None = None) -> InvitationPublic:
    data = {**invitation.model_dump(), "status": invitation.effective_status(), "session_id": session_id, "url": url}
    return InvitationPublic.model_validate(data)


def to_public(db: Session, invitation: Invitation, url: str | None = None) -> InvitationPublic:
    return _public(invitation, _session_ids(db, [invitation]).get(invitation.id or 0), url)


def _expiry(job: Job, requested: datetime | None) -> datetime:
    if requested is None:
        return job.deadline
    if requested <= utcnow():
        raise InterviewError("expires_at must be in the future.")
    return min(requested, job.deadline)


def _open_job(db: Session, user: User, job_id: int) -> Job:
    job = get_job(db, user, job_id)
    if job.status is JobStatus.CLOSED:
        raise Conflict("This job is closed; it takes no new invitations.")
    if job.deadline <= utcnow():
        raise Conflict("This job's deadline has passed; move the deadline to invite more candidates.")
    return job


def _new_invitation(job: Job, user: User, *, email: str | None, expires_at: datetime, **extra: object) -> Invitation:
    nonce = mail.new_token_nonce()
    return Invitation(
        job_id=job.id,
        email=email,
        token_nonce=nonce,
        token_hash=mail.token_hash(mail.token_for(nonce)),
        expires_at=expires_at,
        created_by=user.id,
        **extra,
    )


def invite(db: Session, user: User, job_id: int, emails: list[str], expires_at: datetime | None) -> InvitationBatch:
    """One single-use invitation per new, well-formed address, each emailed; every other address is reported."""
    job = _open_job(db, user, job_id)
    organisation = db.get(Organisation, job.organisation_id)
    assert organisation is not None
    expiry = _expiry(job, expires_at)
    pending = {
        (inv.email or "").lower()
        for inv in db.exec(select(Invitation).where(Invitation.job_id == job.id, col(Invitation.email).is_not(None)))
        if inv.effective_status() not in (InvitationStatus.REVOKED, InvitationStatus.EXPIRED)
    }
    created: list[InvitationPublic] = []
    skipped: list[SkippedAddress] = []
    seen: set[str] = set()
    for raw in emails:
        address = raw.strip()
        key = address.lower()
        if not mail.EMAIL.match(address) or len(address) > 254:
            skipped.append(SkippedAddress(email=raw, reason="not an email address"))
        elif key in seen:
            skipped.append(SkippedAddress(email=address, reason="listed twice"))
        elif key in pending:
            skipped.append(SkippedAddress(email=address, reason="already invited to this job"))
        else:
            seen.add(key)
            invitation = _new_invitation(job, user, email=address, expires_at=expiry)
            db.add(invitation)
            db.commit()
            db.refresh(invitation)
            mail.send_invitation(db, invitation=invitation, job=job, organisation=organisation)
            created.append(to_public(db, invitation))
    return InvitationBatch(created=created, skipped=skipped)


def addresses_from_csv(data: bytes) -> list[str]:
    """The `email` column of a CSV (any case, any position), or every cell that looks like an address."""
    if len(data) > MAX_CSV_BYTES:
        raise InterviewError(f"The CSV file is larger than {MAX_CSV_BYTES // 1000} KB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp949")  # what Excel saves in Korean Windows
        except UnicodeDecodeError:
            raise InterviewError("The CSV file is neither UTF-8 nor CP949 text.") from None
    if "\x00" in text:
        raise InterviewError("The CSV file contains NUL characters; save it as plain CSV text and upload it again.")
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise InterviewError(f"The CSV file could not be read: {exc}.") from None
    if not rows:
        raise InterviewError("The CSV file has no rows.")
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((i for i, name in enumerate(header) if name in ("email", "e-mail", "이메일", "메일")), None)
    if column is not None:
        found = [row[column].strip() for row in rows[1:] if len(row) > column and row[column].strip()]
    else:
        found = [cell.strip() for row in rows for cell in row if "@" in cell]
    if not found:
        raise InterviewError("No email addresses found: add an `email` column, or one address per line.")
    if len(found) > MAX_ADDRESSES:
        raise InterviewError(f"At most {MAX_ADDRESSES} addresses per upload ({len(found)} found).")
    return found


def create_link(db: Session, user: User, job_id: int, body: ShareLinkCreate) -> InvitationPublic:
    job = _open_job(db, user, job_id)
    invitation = _new_invitation(
        job, user, email=None, expires_at=_expiry(job, body.expires_at), multi_use=True, max_uses=body.max_uses
    )
    db.add(invitation)
    db.commit()
    db.refresh(invitation)
    return to_public(db, invitation, url=mail.invitation_url(mail.token_for(invitation.token_nonce)))


def list_for_job(db: Session, user: User, job_id: int) -> list[InvitationPublic]:
    job = get_job(db, user, job_id)
    rows = list(db.exec(select(Invitation).where(Invitation.job_id == job.id).order_by(col(Invitation.id).desc())))
    sessions = _session_ids(db, rows)
    return [_public(inv, sessions.get(inv.id or 0)) for inv in rows]


def _own_invitation(db: Session, user: User, invitation_id: int) -> tuple[Invitation, Job]:
    invitation = db.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFound(f"Invitation {invitation_id} was not found.")
    try:
        job = get_job(db, user, invitation.job_id)
    except NotFound:
        raise NotFound(f"Invitation {invitation_id} was not found.") from None
    return invitation, job


def revoke(db: Session, user: User, invitation_id: int) -> InvitationPublic:
    invitation, _ = _own_invitation(db, user, invitation_id)
    if invitation.status is InvitationStatus.COMPLETED:
        raise Conflict("This invitation's interview is complete; there is nothing to revoke.")
    if invitation.status is not InvitationStatus.REVOKED:
        invitation.status = InvitationStatus.REVOKED
        invitation.revoked_at = utcnow()
        db.add(invitation)
        db.commit()
        db.refresh(invitation)
    return to_public(db, invitation)


def resend(db: Session, user: User, invitation_id: int) -> InvitationPublic:
    """Email the invitation again with a fresh link (the old one stops working)."""
    invitation, job = _own_invitation(db, user, invitation_id)
    if invitation.email is None:
        raise Conflict("A shareable link has no address to send to; create a new link instead.")
    status = invitation.effective_status()
    if status in (InvitationStatus.REVOKED, InvitationStatus.COMPLETED):
        raise Conflict(f"This invitation is {status.value}; it cannot be sent again.")
    if job.status is JobStatus.CLOSED:
        raise Conflict("This job is closed; it takes no new invitations.")
    if status is InvitationStatus.EXPIRED:
        if job.deadline <= utcnow():
            raise Conflict("This job's deadline has passed; move the deadline to invite again.")
        invitation.expires_at = job.deadline
    invitation.token_nonce = mail.new_token_nonce()
    invitation.token_hash = mail.token_hash(mail.token_for(invitation.token_nonce))
    db.add(invitation)
    db.commit()
    db.refresh(invitation)
    organisation = db.get(Organisation, job.organisation_id)
    assert organisation is not None
    mail.send_invitation(db, invitation=invitation, job=job, organisation=organisation)
    return to_public(db, invitation)


# ---------------------------------------------------------------- the candidate's side


def _by_token(db: Session, token: str, *, lock: bool = False) -> Invitation:
    query = select(Invitation).where(Invitation.token_hash == mail.token_hash(token))
    invitation = db.exec(query.with_for_update() if lock else query).first()
    if invitation is None:
        raise NotFound("This invitation link is not valid. Check that the whole link was copied, or ask for a new one.")
    return invitation


def _refuse_unusable(invitation: Invitation, job: Job) -> None:
    status = invitation.effective_status()
    if status is InvitationStatus.REVOKED:
        raise Gone("This invitation was withdrawn by the recruiter.")
    if job.status is JobStatus.CLOSED:
        raise Gone("This job is closed; it no longer takes interviews.")
    if status is InvitationStatus.COMPLETED:
        raise Gone("This invitation has been used: its interview is complete.")
    if status is InvitationStatus.EXPIRED or job.deadline <= utcnow():
        raise Gone("This invitation has expired. Ask the recruiter for a new one if you still want to interview.")
    if invitation.multi_use and invitation.max_uses is not None and invitation.uses >= invitation.max_uses:
        raise Gone(f"This link has been used for its limit of {invitation.max_uses} interviews.")


def _email_hint(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def view(db: Session, token: str) -> InvitationView:
    """What the link shows; opening a sent invitation marks it opened. Unusable links say why (410)."""
    invitation = _by_token(db, token)
    job = db.get(Job, invitation.job_id)
    assert job is not None
    _refuse_unusable(invitation, job)
    if invitation.status is InvitationStatus.SENT:
        invitation.status = InvitationStatus.OPENED
        invitation.opened_at = utcnow()
        db.add(invitation)
        db.commit()
        db.refresh(invitation)
    return InvitationView(
        status=invitation.effective_status(),
        expires_at=invitation.expires_at,
        email_hint=_email_hint(invitation.email),
        multi_use=invitation.multi_use,
        job=for_candidate(db, job),
    )


def _existing_session(db: Session, invitation: Invitation, user: User) -> InterviewSession | None:
    query = select(InterviewSession).where(
        InterviewSession.invitation_id == invitation.id, InterviewSession.user_id == user.id
    )
    return db.exec(query.order_by(col(InterviewSession.id).desc())).first()


def accept(db: Session, user: User, token: str, consent: ConsentIn) -> tuple[InterviewSession, bool]:
    """(the session, whether it is new): a candidate's unfinished interview for this invitation is resumed."""
    if user.role is not Role.CANDIDATE:
        raise Forbidden("Recruiters cannot take interviews; log in with a candidate account to use this link.")
    invitation = _by_token(db, token, lock=True)
    job = db.get(Job, invitation.job_id)
    assert job is not None
    if not invitation.multi_use and invitation.candidate_id not in (None, user.id):
        raise Forbidden("This invitation was sent to another candidate and has already been used by them.")
    existing = _existing_session(db, invitation, user)
    if existing is not None and existing.status is not SessionStatus.FINISHED:
        if job.deadline <= utcnow() or invitation.effective_status() is InvitationStatus.REVOKED:
            _refuse_unusable(invitation, job)
        db.commit()
        return existing, False
    if existing is not None and invitation.multi_use:
        raise Gone("You have already completed an interview with this link.")
    _refuse_unusable(invitation, job)
    session_in = SessionCreate(user_name=user.full_name, position=job.title, consent=consent)
    interview = crud.create_session(
        session=db, owner_id=user.id or 0, session_in=session_in, job=job, invitation_id=invitation.id, commit=False
    )
    now = utcnow()
    invitation.uses += 1
    invitation.started_at = invitation.started_at or now
    invitation.opened_at = invitation.opened_at or now
    if not invitation.multi_use:
        invitation.candidate_id = user.id
        invitation.status = InvitationStatus.STARTED
    db.add(invitation)
    db.commit()
    db.refresh(interview)
    return interview, True


def mine(db: Session, user: User) -> list[MyInvitation]:
    """The invitations this candidate has accepted (started), newest first."""
    rows = db.exec(
        select(InterviewSession, Invitation)
        .join(Invitation, col(Invitation.id) == InterviewSession.invitation_id)
        .where(InterviewSession.user_id == user.id)
        .order_by(col(InterviewSession.created_at).desc())
    ).all()
    result = []
    for interview, invitation in rows:
        job = db.get(Job, invitation.job_id)
        if job is None:
            continue
        result.append(
            MyInvitation(
                invitation_id=invitation.id or 0,
                status=invitation.effective_status(),
                job=for_candidate(db, job),
                session_id=interview.id,
                session_status=interview.status.value,
            )
        )
    return result
