"""Faces are counted right on every analysed frame: a stream whose picture alternates between one face,
two faces and none, over WebRTC, through the media server and the worker, compared frame by frame."""

from __future__ import annotations

import asyncio
import fractions
import time

import av
import cv2
import httpx
import numpy as np
from aiortc import VideoStreamTrack
from skimage import data

from tests.conftest import Account, RunningStack, create_session, wait_until
from tests.media_client import connect

SCENE_SECONDS = 6.0
# Frames captured this close to a change of picture may show either one, or a blurred one: the encoder
# and jitter buffer lag, and VP8 needs a moment to sharpen a new picture.
BOUNDARY_SECONDS = 2.5


def _pictures() -> dict[int, np.ndarray]:
    """RGB pictures of the same size: the candidate alone, the candidate with someone beside them, nobody."""
    head = data.astronaut()[0:256, 96:352]
    grey = np.full_like(head, 128)
    return {1: np.hstack([head, grey]), 2: np.hstack([head, head]), 0: np.hstack([grey, grey])}


# After the empty picture the candidate comes back alone: VP8 takes seconds to sharpen a picture that
# follows a long flat one, and a whole-frame pass on a blurred frame is not what this test is about.
SCENES = [1, 2, 1, 0, 1, 2, 1]


class SceneTrack(VideoStreamTrack):
    """A camera whose picture changes every SCENE_SECONDS, following SCENES; remembers when each began."""

    def __init__(self, fps: int = 10) -> None:
        super().__init__()
        self.pictures = _pictures()
        self.fps = fps
        self.count = 0
        self.started: float | None = None

    def scene_at(self, wall: float) -> int | None:
        """The number of faces shown at wall-clock time `wall`; None near a change or outside the stream."""
        if self.started is None:
            return None
        elapsed = wall - self.started
        index = int(elapsed // SCENE_SECONDS)
        if not 0 <= index < len(SCENES):
            return None
        into = elapsed - index * SCENE_SECONDS
        if into < BOUNDARY_SECONDS or SCENE_SECONDS - into < BOUNDARY_SECONDS / 2:
            return None
        return SCENES[index]

    async def recv(self) -> av.VideoFrame:
        await asyncio.sleep(1 / self.fps)
        now = time.time()
        if self.started is None:
            self.started = now
        index = min(int((now - self.started) // SCENE_SECONDS), len(SCENES) - 1)
        frame = av.VideoFrame.from_ndarray(self.pictures[SCENES[index]], format="rgb24")
        frame.pts = self.count
        frame.time_base = fractions.Fraction(1, self.fps)
        self.count += 1
        return frame


def test_each_analysed_frame_counts_the_faces_in_the_whole_picture(
    stack: RunningStack, api: httpx.Client, candidate: Account
) -> None:
    sid = create_session(api, candidate)["id"]
    track = SceneTrack()

    async def stream() -> None:
        pc, response = await connect(f"{stack.web_url}/media", candidate.token, sid, [track])
        try:
            assert response.status_code == 200, response.text
            await asyncio.sleep(SCENE_SECONDS * len(SCENES) + 0.5)
        finally:
            await pc.close()

    asyncio.run(stream())

    def timeline() -> list[dict] | None:
        points = api.get(f"/sessions/{sid}/emotions", headers=candidate.headers).json()["timeline"]
        return points if len(points) >= len(SCENES) * SCENE_SECONDS - 4 else None

    points = wait_until(timeline, timeout=60, what="the stream's frames to be analysed")
    compared = []
    for point in points:
        captured = _timestamp(point["captured_at"])
        expected = track.scene_at(captured)
        if expected is not None:
            compared.append((round(captured - (track.started or 0), 1), expected, point["faces_found"]))
    wrong = [c for c in compared if c[1] != c[2]]
    assert len(compared) >= 12, compared
    assert {expected for _, expected, _ in compared} == {0, 1, 2}
    assert not wrong, f"(seconds into the stream, faces shown, faces counted): {wrong} of {compared}"


def _timestamp(text: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def test_two_face_picture_is_two_faces_at_the_size_the_worker_sees() -> None:
    # The pictures themselves, as the media server downsizes them: one, two and no face found whole.
    from ai_worker.emotion.faces import detect_faces

    for faces, picture in _pictures().items():
        small = cv2.resize(cv2.cvtColor(picture, cv2.COLOR_RGB2BGR), (320, 160), interpolation=cv2.INTER_AREA)
        assert len(detect_faces(small)) == faces
