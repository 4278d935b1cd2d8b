"""A real WebRTC client for tests and benchmarks: aiortc streaming a still image and an audio track."""

from __future__ import annotations

import fractions
from collections.abc import Sequence

import av
import httpx
import numpy as np
from aiortc import AudioStreamTrack, MediaStreamTrack, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from skimage import data


def astronaut_rgb() -> np.ndarray:
    """A smiling face: the test image FER models call happy."""
    return data.astronaut()


class StillImageTrack(VideoStreamTrack):
    """Sends the same picture at `fps` (a webcam pointed at a photo, without the encoder load of 30 fps)."""

    def __init__(self, rgb: np.ndarray, fps: int = 5) -> None:
        super().__init__()
        self.rgb = rgb
        self.fps = fps
        self._count = 0

    async def recv(self) -> av.VideoFrame:
        import asyncio

        await asyncio.sleep(1 / self.fps)
        frame = av.VideoFrame.from_ndarray(self.rgb, format="rgb24")
        frame.pts = self._count
        frame.time_base = fractions.Fraction(1, self.fps)
        self._count += 1
        return frame


class PcmTrack(AudioStreamTrack):
    """Plays 16-bit mono PCM at `sample_rate` in 20 ms frames, then silence."""

    def __init__(self, pcm16: np.ndarray, sample_rate: int = 16_000) -> None:
        super().__init__()
        self.pcm = pcm16.astype(np.int16)
        self.rate = sample_rate
        self.pos = 0
        self._start: float | None = None
        self._pts = 0

    async def recv(self) -> av.AudioFrame:
        import asyncio
        import time

        samples = self.rate // 50
        if self._start is None:
            self._start = time.monotonic()
        wait = self._start + self._pts / self.rate - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        chunk = self.pcm[self.pos : self.pos + samples]
        self.pos += samples
        if len(chunk) < samples:
            chunk = np.concatenate([chunk, np.zeros(samples - len(chunk), dtype=np.int16)])
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = self.rate
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, self.rate)
        self._pts += samples
        return frame


async def connect(
    media_url: str, token: str, session_id: int, tracks: Sequence[MediaStreamTrack]
) -> tuple[RTCPeerConnection, httpx.Response]:
    """Offer the tracks to the media server as the browser does; returns the connection and the HTTP answer."""
    pc = RTCPeerConnection()
    for track in tracks:
        pc.addTrack(track)
    await pc.setLocalDescription(await pc.createOffer())
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            f"{media_url}/offer",
            json={"sdp": pc.localDescription.sdp, "type": pc.localDescription.type, "session_id": session_id},
            headers={"Authorization": f"Bearer {token}"},
        )
    if response.status_code == 200:
        answer = response.json()
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
    return pc, response
