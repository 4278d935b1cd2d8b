"""Sampling video frames for emotion analysis, with bounded work in flight per session."""

from __future__ import annotations

import asyncio
import base64
import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

import cv2
import numpy as np
from aiortc import MediaStreamTrack
from aiortc.mediastreams import MediaStreamError
from starlette.concurrency import run_in_threadpool

from interview_common.queue import enqueue
from interview_common.redis_client import get_redis
from interview_common.tasks import AnalyzeEmotionPayload
from media_server.access import stream_state

logger = logging.getLogger(__name__)

JPEG_QUALITY = 80
# The in-flight counter expires on its own, so a worker that died mid-frame cannot block a session.
IN_FLIGHT_TTL_S = 60


def in_flight_key(session_id: int) -> str:
    return f"media:inflight:{session_id}"


def downsize_jpeg(image_bgr: np.ndarray, width: int) -> bytes:
    """Scale to `width` (never up) and JPEG-encode: faces stay detectable, payloads stay small."""
    h, w = image_bgr.shape[:2]
    if w > width:
        image_bgr = cv2.resize(image_bgr, (width, round(h * width / w)), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", image_bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("could not encode the frame as JPEG")
    return encoded.tobytes()


def try_reserve(session_id: int, limit: int) -> bool:
    """Take one of the session's in-flight slots; False when all are taken (the frame is dropped)."""
    key = in_flight_key(session_id)
    pipe = get_redis().pipeline()
    pipe.incr(key)
    pipe.expire(key, IN_FLIGHT_TTL_S)
    count, _ = pipe.execute()
    if count > limit:
        get_redis().decr(key)
        return False
    return True


@dataclass
class FrameStats:
    received: int = 0
    queued: int = 0
    dropped: int = 0
    failed: int = 0
    last_error: str | None = field(default=None, repr=False)


class QuestionTracker:
    """The session's current question id and whether its video may be analysed, refreshed in the
    background (frames read them without waiting)."""

    def __init__(self, session_id: int, refresh_s: float = 1.0, *, analyse_video: bool = False) -> None:
        self.session_id = session_id
        self.refresh_s = refresh_s
        self.question_id: int | None = None
        self.analyse_video = analyse_video
        self.changed = asyncio.Event()

    async def refresh(self) -> int | None:
        state = await run_in_threadpool(stream_state, self.session_id)
        if self.analyse_video and not state.analyse_video:
            logger.info("video analysis stopped: emotion consent withdrawn", extra={"session_id": self.session_id})
        # Consent can only be withdrawn while streaming, never granted: a new opt-in needs a new session.
        self.analyse_video = self.analyse_video and state.analyse_video
        if state.question_id != self.question_id:
            self.question_id = state.question_id
            self.changed.set()
        return state.question_id

    async def run(self) -> None:
        while True:
            try:
                await self.refresh()
            except Exception as exc:  # the database may blink; keep the last known question
                logger.warning(
                    "current question not refreshed", extra={"session_id": self.session_id, "error": str(exc)}
                )
            await asyncio.sleep(self.refresh_s)


class FrameSampler:
    """Reads a video track and queues one frame every 1/fps seconds for the ai-worker."""

    def __init__(
        self,
        track: MediaStreamTrack,
        *,
        session_id: int,
        fps: float,
        width: int,
        max_in_flight: int,
        current_question: QuestionTracker,
    ) -> None:
        self.track = track
        self.session_id = session_id
        self.interval = 1.0 / fps
        self.width = width
        self.max_in_flight = max_in_flight
        self.current_question = current_question
        self.stats = FrameStats()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        # A random phase: sessions that start together would otherwise sample in step, and their frames
        # reach the worker as one burst each interval (p95 522 ms vs 226 ms at 8 clients, bench/README.md).
        next_sample = loop.time() + random.uniform(0, self.interval)
        while True:
            try:
                frame = await self.track.recv()
            except MediaStreamError:
                return
            self.stats.received += 1
            if loop.time() < next_sample or not self.current_question.analyse_video:
                continue
            next_sample = loop.time() + self.interval
            captured_at = datetime.now(UTC)
            image = frame.to_ndarray(format="bgr24")
            try:
                await run_in_threadpool(self._queue, image, captured_at)
            except Exception as exc:  # one bad frame or a broker hiccup must not end the stream
                self.stats.failed += 1
                self.stats.last_error = str(exc)
                logger.warning("frame not queued", extra={"session_id": self.session_id, "error": str(exc)})

    def _queue(self, image: np.ndarray, captured_at: datetime) -> None:
        if not try_reserve(self.session_id, self.max_in_flight):
            self.stats.dropped += 1
            if self.stats.dropped == 1 or self.stats.dropped % 50 == 0:
                logger.warning(
                    "frames dropped: analysis is behind",
                    extra={"session_id": self.session_id, "dropped": self.stats.dropped},
                )
            return
        jpeg = downsize_jpeg(image, self.width)
        enqueue(
            AnalyzeEmotionPayload(
                session_id=self.session_id,
                question_id=self.current_question.question_id,
                captured_at=captured_at,
                image_b64=base64.b64encode(jpeg).decode("ascii"),
            )
        )
        self.stats.queued += 1
