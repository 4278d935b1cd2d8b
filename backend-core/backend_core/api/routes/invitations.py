"""Invitations: the recruiter revokes or resends them; the candidate opens, accepts and lists theirs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Response, status
from sqlmodel import Session

from backend_core import crud, invitations
from backend_core.api.deps import BriefUser, CurrentUser, Recruiter, SessionDep, http_error, run_briefly
from backend_core.api.routes.sessions import SessionStarted, first_question_answer, load_started
from interview_common.flow import InterviewError
from interview_common.hiring import InvitationAccept, InvitationPublic, InvitationView, MyInvitation

router = APIRouter(prefix="/invitations", tags=["invitations"])

InvitationId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The invitation's id")]
Token = Annotated[str, Path(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9_\-]+$", description="From the link")]


@router.post("/{invitation_id}/revoke", response_model=InvitationPublic)
def revoke(session: SessionDep, user: Recruiter, invitation_id: InvitationId) -> InvitationPublic:
    """Withdraw the invitation: its link stops working (an interview under way may finish)."""
    try:
        return invitations.revoke(session, user, invitation_id)
    except InterviewError as exc:
        http_error(exc)


@router.post("/{invitation_id}/resend", response_model=InvitationPublic)
def resend(session: SessionDep, user: Recruiter, invitation_id: InvitationId) -> InvitationPublic:
    """Email the invitation again with a new link; the previous link stops working."""
    try:
        return invitations.resend(session, user, invitation_id)
    except InterviewError as exc:
        http_error(exc)


@router.get("/mine", response_model=list[MyInvitation])
def my_invitations(session: SessionDep, user: CurrentUser) -> list[MyInvitation]:
    """The invitations you accepted, with their job and your interview."""
    return invitations.mine(session, user)


@router.get("/token/{token}", response_model=InvitationView)
def view_invitation(session: SessionDep, token: Token) -> InvitationView:
    """What an invitation link shows (no login needed): the job and its rules. 410 says why a link is unusable."""
    try:
        return invitations.view(session, token)
    except InterviewError as exc:
        http_error(exc)


@router.post(
    "/token/{token}/accept",
    response_model=SessionStarted,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": SessionStarted, "description": "Your interview for this invitation, resumed"}},
)
async def accept_invitation(
    user: BriefUser, token: Token, body: InvitationAccept, response: Response
) -> SessionStarted:
    """Start the interview for this invitation under the job's rules (or resume yours: 200)."""

    def start(db: Session) -> tuple[int, bool]:
        try:
            row, created = invitations.accept(db, user, token, body.consent)
        except crud.StaleNotice as exc:
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                f"The data-use notice has changed (now version {exc.current}); read it again and agree to start.",
            ) from None
        except InterviewError as exc:
            http_error(exc)
        assert row.id is not None
        return row.id, created

    sid, created = await run_briefly(start)
    if not created:
        response.status_code = status.HTTP_200_OK
        return await run_briefly(lambda db: load_started(db, sid))
    return await first_question_answer(sid)
