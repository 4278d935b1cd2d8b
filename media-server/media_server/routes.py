"""Signaling (`POST /offer`), voice answers, and the pipeline's counters."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

from aiortc.sdp import SessionDescription
from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel, Field
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from interview_common.db import get_engine
from interview_common.models import AnswerAudio
from interview_common.queue import enqueue
from interview_common.settings import get_settings
from interview_common.tasks import TranscribeAnswerPayload
from media_server.access import AccessError, StreamGrant, authorize, require_recruiter, user_from_token
from media_server.audio import BYTES_PER_SECOND, wav_bytes
from media_server.peers import CapacityError, PeerRegistry

logger = logging.getLogger(__name__)

router = APIRouter(tags=["media"])
bearer = OAuth2PasswordBearer(tokenUrl="/api/token", auto_error=False)

SessionId = Annotated[int, Field(ge=1, le=2_147_483_647)]
# Shorter than this is a click or a cough, not an answer.
MIN_VOICE_SECONDS = 1.0


class Offer(BaseModel):
    sdp: str = Field(min_length=1)
    type: Literal["offer"]
    session_id: SessionId


class Answer(BaseModel):
    sdp: str
    type: str
    peer_id: str
    # False without the candidate's emotion-analysis consent: video is then received and discarded.
    video_analysed: bool


class VoiceAnswer(BaseModel):
    session_id: SessionId
    question_id: SessionId


class VoiceAccepted(BaseModel):
    audio_id: int
    question_id: int
    duration_s: float


def registry(request: Request) -> PeerRegistry:
    return request.app.state.peers


def _http_error(exc: AccessError) -> HTTPException:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    return HTTPException(exc.status_code, exc.message, headers=headers)


def current_user_id(token: Annotated[str | None, Depends(bearer)]) -> int:
    """The token is checked first: without a valid one, nothing else of the request is looked at (401)."""
    try:
        return user_from_token(token)
    except AccessError as exc:
        raise _http_error(exc) from exc


UserId = Annotated[int, Depends(current_user_id)]


async def _grant(user_id: int, session_id: int) -> StreamGrant:
    try:
        return await run_in_threadpool(authorize, user_id, session_id)
    except AccessError as exc:
        raise _http_error(exc) from exc


def parse_offer_sdp(sdp: str) -> None:
    """Refuse an offer aiortc could not use, with the reason, before any connection is made (422)."""
    limit = get_settings().MAX_SDP_BYTES
    if len(sdp.encode()) > limit:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"The SDP offer is larger than {limit} bytes.")
    if not any(line.startswith(("m=audio", "m=video")) for line in sdp.splitlines()):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "The SDP offer could not be used: it has no audio or video section."
        )
    try:
        SessionDescription.parse(sdp)
    except Exception as exc:  # aiortc's parser signals bad input with assertions, ValueError, IndexError...
        reason = str(exc) or f"{type(exc).__name__} while parsing it"
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"The SDP offer could not be used: it is malformed ({reason})."
        ) from exc


@router.post("/offer", response_model=Answer)
async def offer(body: Offer, user_id: UserId, peers: Annotated[PeerRegistry, Depends(registry)]) -> Answer:
    """Answer the browser's WebRTC offer for its interview session (bearer token of the candidate)."""
    parse_offer_sdp(body.sdp)
    grant = await _grant(user_id, body.session_id)
    try:
        local = await peers.answer(
            sdp=body.sdp,
            kind=body.type,
            session_id=grant.session_id,
            user_id=grant.user_id,
            analyse_video=grant.analyse_video,
        )
    except CapacityError as exc:
        logger.warning("offer refused: at capacity", extra={"session_id": grant.session_id})
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc), headers={"Retry-After": "10"}) from exc
    except (ValueError, AssertionError, IndexError, KeyError) as exc:  # aiortc's words for an SDP it cannot use
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"The SDP offer could not be used: {exc}") from exc
    peer_id = peers.for_session(grant.session_id)[-1].id
    return Answer(sdp=local.sdp, type=local.type, peer_id=peer_id, video_analysed=grant.analyse_video)


def _store_audio(session_id: int, question_id: int, pcm: bytes) -> int:
    with Session(get_engine()) as db:
        row = AnswerAudio(
            session_id=session_id,
            question_id=question_id,
            wav=wav_bytes(pcm),
            duration_s=round(len(pcm) / BYTES_PER_SECOND, 2),
        )
        db.add(row)
        db.commit()
        db.refresh(row)
        assert row.id is not None
        return row.id


@router.post("/voice-answers", response_model=VoiceAccepted, status_code=status.HTTP_202_ACCEPTED)
async def voice_answer(
    body: VoiceAnswer, user_id: UserId, peers: Annotated[PeerRegistry, Depends(registry)]
) -> VoiceAccepted:
    """The candidate finished speaking: the question's recording is stored and queued for transcription."""
    grant = await _grant(user_id, body.session_id)
    recorders = [p.recorder for p in peers.for_session(grant.session_id) if p.recorder is not None]
    if not recorders:
        raise HTTPException(status.HTTP_409_CONFLICT, "No microphone is connected for this session.")
    pcm = recorders[-1].take(body.question_id)
    if pcm is None:
        raise HTTPException(status.HTTP_409_CONFLICT, f"Question {body.question_id} is not the current question.")
    duration = len(pcm) / BYTES_PER_SECOND
    if duration < MIN_VOICE_SECONDS:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "Nothing was recorded for this question yet.")
    audio_id = await run_in_threadpool(_store_audio, grant.session_id, body.question_id, pcm)
    payload = TranscribeAnswerPayload(session_id=grant.session_id, question_id=body.question_id, audio_id=audio_id)
    await run_in_threadpool(enqueue, payload)
    logger.info(
        "voice answer queued",
        extra={"session_id": grant.session_id, "question_id": body.question_id, "duration_s": round(duration, 2)},
    )
    return VoiceAccepted(audio_id=audio_id, question_id=body.question_id, duration_s=round(duration, 2))


@router.get("/stats")
def stats(user_id: UserId, peers: Annotated[PeerRegistry, Depends(registry)]) -> dict[str, object]:
    """Recruiters: connections and frame counters (received, queued, dropped) per live peer."""
    try:
        require_recruiter(user_id)
    except AccessError as exc:
        raise _http_error(exc) from exc
    return {
        "peers": len(peers.peers),
        "max_peers": peers.settings.MEDIA_MAX_PEERS,
        "sessions": [
            {
                "peer_id": p.id,
                "session_id": p.session_id,
                "connection": p.pc.connectionState,
                "frames": vars(p.sampler.stats) if p.sampler else None,
                "audio_frames": p.recorder.frames if p.recorder else 0,
            }
            for p in peers.peers.values()
        ],
    }
