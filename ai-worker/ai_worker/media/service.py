"""Emotion analysis of sampled frames and transcription of voice answers."""

from __future__ import annotations

import base64
import binascii
import logging
from typing import Any

from redis import RedisError
from sqlalchemy.exc import IntegrityError

from ai_worker.emotion.decode import InvalidFrame, decode_jpeg
from ai_worker.emotion.faces import format_box, parse_box, search_around
from ai_worker.emotion.factory import get_emotion_backend
from ai_worker.emotion.types import Box, FrameAnalysis
from ai_worker.media.consent import consent_held
from ai_worker.speech.audio import read_wav, to_mono_16k
from ai_worker.speech.factory import get_speech_backend
from ai_worker.validation import record_rejection
from interview_common import flow
from interview_common.db import session_scope
from interview_common.events import EventType, publish
from interview_common.models import AnswerAudio, EmotionSample, InterviewQuestion, InterviewSession
from interview_common.redis_client import get_redis
from interview_common.settings import get_settings
from interview_common.tasks import AnalyzeEmotionPayload, TranscribeAnswerPayload

logger = logging.getLogger(__name__)

# Face tracking state per session, shared by every worker process: the last face box, and a frame counter
# that schedules the whole-frame passes. Both expire when a session sends no frame for this long.
TRACK_TTL_SECONDS = 30


def release_slot(session_id: int) -> None:
    """Give back the in-flight slot the media server took for this frame."""
    key = f"media:inflight:{session_id}"
    if get_redis().decr(key) < 0:
        get_redis().set(key, 0, ex=60)


def _track_keys(session_id: int) -> tuple[str, str]:
    return f"emotion:lastbox:{session_id}", f"emotion:frames:{session_id}"


def previous_face(session_id: int) -> Box | None:
    """The session's last face box to search around, or None when this frame needs a whole-frame pass.

    Counts the frame too (INCR, atomic across worker processes), so every EMOTION_FULL_FRAME_EVERY-th
    frame of a session is searched whole even when frames of one session run in parallel processes.
    Tracking only saves time: when Redis fails here the frame is searched whole.
    """
    box_key, count_key = _track_keys(session_id)
    try:
        pipe = get_redis().pipeline(transaction=False)
        pipe.get(box_key)
        pipe.incr(count_key)
        pipe.expire(count_key, TRACK_TTL_SECONDS)
        raw, frame_number, _ = pipe.execute()
    except RedisError as exc:
        logger.warning(
            "face tracking state unreadable; whole frame searched", extra={"session_id": session_id, "error": str(exc)}
        )
        return None
    return search_around(parse_box(raw), int(frame_number), get_settings().EMOTION_FULL_FRAME_EVERY)


def remember_face(session_id: int, analysis: FrameAnalysis) -> None:
    """Keep the frame's face box for the session's next frame (or forget it: no face, next frame searched whole)."""
    box_key, _ = _track_keys(session_id)
    try:
        if analysis.face is not None:
            get_redis().set(box_key, format_box(analysis.face.box), ex=TRACK_TTL_SECONDS)
        else:
            get_redis().delete(box_key)
    except RedisError as exc:
        logger.warning("face tracking state not saved", extra={"session_id": session_id, "error": str(exc)})


def analyze_emotion(payload: AnalyzeEmotionPayload) -> dict[str, Any]:
    sid = payload.session_id
    try:
        try:
            image = decode_jpeg(base64.b64decode(payload.image_b64, validate=True))
        except (binascii.Error, InvalidFrame) as exc:
            summary = payload.model_dump(mode="json", exclude={"image_b64"}) | {
                "image_b64_chars": len(payload.image_b64)
            }
            record_rejection(
                payload.task_name.value, summary, [{"field": "image_b64", "error": str(exc)}], payload.request_id
            )
            return {"status": "invalid_frame", "error": str(exc)}
        backend = get_emotion_backend()
        if getattr(backend, "tracks_faces", False):
            # Search around the session's last face first (faces.find_faces): ~8 ms instead of ~60 ms.
            analysis = backend.analyze(image, previous_face(sid))
            remember_face(sid, analysis)
        else:
            analysis = backend.analyze(image)
        face = analysis.face
        with session_scope() as db:
            if not consent_held(db, sid):
                logger.warning("frame discarded: emotion consent withdrawn meanwhile", extra={"session_id": sid})
                return {"status": "not_consented", "session_id": sid}
            question_id = payload.question_id
            if question_id is not None:
                question = db.get(InterviewQuestion, question_id)
                if question is None or question.session_id != sid:
                    logger.warning(
                        "frame's question is not in its session; stored without one",
                        extra={"session_id": sid, "question_id": question_id},
                    )
                    question_id = None
            db.add(
                EmotionSample(
                    session_id=sid,
                    question_id=question_id,
                    captured_at=payload.captured_at,
                    faces_found=analysis.faces_found,
                    dominant=face.dominant if face else None,
                    probabilities=face.probabilities if face else None,
                    face_box=list(face.box) if face else None,
                    backend=backend.name,
                )
            )
            try:
                db.commit()
            except IntegrityError:
                logger.warning("emotion sample not stored: session no longer exists", extra={"session_id": sid})
                return {"status": "missing_session", "session_id": sid}
        return {"status": "stored", "faces_found": analysis.faces_found, "dominant": face.dominant if face else None}
    finally:
        release_slot(sid)


def transcribe_answer(payload: TranscribeAnswerPayload) -> dict[str, Any]:
    sid, qid = payload.session_id, payload.question_id
    with session_scope() as db:
        audio = db.get(AnswerAudio, payload.audio_id)
        if audio is None or audio.session_id != sid or audio.question_id != qid:
            logger.warning(
                "transcription skipped: no such recording", extra={"session_id": sid, "audio_id": payload.audio_id}
            )
            return {"status": "missing_audio", "audio_id": payload.audio_id}
        wav = audio.wav
        # A spoken answer counts as given when its recording arrived, not when transcription finished.
        recorded_at = audio.created_at
    pcm, rate = read_wav(wav)
    transcript = get_speech_backend().transcribe(to_mono_16k(pcm, rate, 1))
    text = transcript.text.strip()
    with session_scope() as db:
        question = db.get(InterviewQuestion, qid)
        interview = db.get(InterviewSession, sid)
        if question is None or interview is None:
            return {"status": "missing_question", "question_id": qid}
        question.transcript = text
        db.add(question)
        db.commit()
        outcome: flow.Outcome | None = None
        if text and question.answer_text is None:
            try:
                outcome = flow.submit_answer(
                    db,
                    session_id=sid,
                    actor_id=interview.user_id,
                    question_id=qid,
                    answer_text=text,
                    source="voice",
                    submitted_at=recorded_at,
                )
            except flow.TimeUp as exc:
                flow.queue_follow_ups(exc.outcome)
                logger.info("transcript kept, not used as the answer", extra={"session_id": sid, "reason": exc.message})
            except flow.InterviewError as exc:
                logger.info("transcript kept, not used as the answer", extra={"session_id": sid, "reason": exc.message})
    logger.info(
        "answer transcribed",
        extra={"session_id": sid, "question_id": qid, "chars": len(text), "backend": transcript.backend},
    )
    publish(EventType.TRANSCRIPT_READY, sid, question_id=qid, text=text, used_as_answer=outcome is not None)
    if outcome is not None:
        flow.queue_follow_ups(outcome)
    return {"status": "transcribed", "question_id": qid, "chars": len(text), "answered": outcome is not None}
