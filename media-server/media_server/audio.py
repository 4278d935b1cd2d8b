"""Recording the candidate's microphone per question, for voice answers."""

from __future__ import annotations

import io
import logging
import wave

import av
from aiortc import MediaStreamTrack
from aiortc.mediastreams import MediaStreamError

from media_server.frames import QuestionTracker

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000  # what speech recognisers expect
BYTES_PER_SECOND = SAMPLE_RATE * 2  # 16-bit mono


def wav_bytes(pcm16: bytes, sample_rate: int = SAMPLE_RATE) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm16)
    return buffer.getvalue()


class AudioRecorder:
    """Keeps the audio heard since the current question became current (bounded), as 16 kHz mono PCM."""

    def __init__(self, track: MediaStreamTrack, *, session_id: int, tracker: QuestionTracker, max_seconds: int) -> None:
        self.track = track
        self.session_id = session_id
        self.tracker = tracker
        self.max_bytes = max_seconds * BYTES_PER_SECOND
        self.question_id: int | None = None
        self.buffer = bytearray()
        self.frames = 0

    async def run(self) -> None:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        while True:
            try:
                frame = await self.track.recv()
            except MediaStreamError:
                return
            self.frames += 1
            current = self.tracker.question_id
            if current != self.question_id:
                # A new question (the last one was answered, typed or spoken): its audio starts afresh.
                self.question_id = current
                self.buffer.clear()
            for out in resampler.resample(frame):
                self.buffer.extend(out.to_ndarray().tobytes())
            if len(self.buffer) > self.max_bytes:
                del self.buffer[: len(self.buffer) - self.max_bytes]

    def take(self, question_id: int) -> bytes | None:
        """The recording for `question_id` (and a fresh start), or None if it is not the current question."""
        if self.question_id != question_id:
            return None
        data = bytes(self.buffer)
        self.buffer.clear()
        return data
