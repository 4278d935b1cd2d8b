"""Without the candidate's opt-in no frame of theirs reaches emotion analysis: counted at the broker."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx
import redis
from aiortc import AudioStreamTrack
from celery import Celery
from sqlalchemy import Engine, text

from interview_common.tasks import TaskName
from tests.conftest import Account, RunningStack, create_session, wait_until
from tests.media_client import StillImageTrack, astronaut_rgb, connect

STREAM_SECONDS = 6


@contextmanager
def broker_pushes(redis_url: str) -> Iterator[list[str]]:
    """Every LPUSH the broker receives while the block runs (Redis MONITOR), as text."""
    pushes: list[str] = []
    client = redis.Redis.from_url(redis_url)
    stop = threading.Event()

    def watch() -> None:
        with client.monitor() as monitor:
            ready.set()
            for command in monitor.listen():
                if stop.is_set():
                    return
                if command["command"].upper().startswith("LPUSH"):
                    pushes.append(command["command"])

    ready = threading.Event()
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    assert ready.wait(10), "MONITOR did not start"
    try:
        yield pushes
    finally:
        stop.set()
        client.ping()  # one more command wakes the monitor loop so it sees `stop`
        thread.join(10)
        client.close()


def _stream(stack: RunningStack, account: Account, sid: int) -> dict[str, object]:
    async def run() -> dict[str, object]:
        pc, response = await connect(
            f"{stack.web_url}/media", account.token, sid, [StillImageTrack(astronaut_rgb()), AudioStreamTrack()]
        )
        try:
            assert response.status_code == 200, response.text
            await asyncio.sleep(STREAM_SECONDS)
            return response.json()
        finally:
            await pc.close()

    return asyncio.run(run())


def _emotion_pushes(pushes: list[str], sid: int) -> int:
    # The message names the task in its headers and the session in the payload's repr.
    return sum(TaskName.ANALYZE_EMOTION.value in p and f"'session_id': {sid}," in p for p in pushes)


def test_consent_refused_queues_no_emotion_task_and_says_not_collected(
    stack: RunningStack, api: httpx.Client, candidate: Account, recruiter: Account, db: Engine
) -> None:
    refused = create_session(api, candidate, emotion_analysis=False)["id"]
    with broker_pushes(stack.redis_url) as pushes:
        answer = _stream(stack, candidate, refused)
    assert answer["video_analysed"] is False
    assert _emotion_pushes(pushes, refused) == 0
    assert '"video not analysed: no emotion-analysis consent"' in stack.log_text()
    emotions = api.get(f"/sessions/{refused}/emotions", headers=recruiter.headers).json()
    assert (emotions["status"], emotions["frames"]) == ("not_collected", 0)
    with db.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM emotionsample WHERE session_id = :s"), {"s": refused}).scalar() == 0
        )

    # The same stream with consent: frames are queued and analysed (so the count above could have failed).
    agreed = create_session(api, candidate, emotion_analysis=True)["id"]
    with broker_pushes(stack.redis_url) as pushes:
        answer = _stream(stack, candidate, agreed)
    assert answer["video_analysed"] is True
    assert _emotion_pushes(pushes, agreed) >= STREAM_SECONDS - 2
    wait_until(
        lambda: api.get(f"/sessions/{agreed}/emotions", headers=recruiter.headers).json()["frames"] > 0,
        60,
        "analysed frames of the consenting session",
    )


def test_worker_discards_a_frame_of_a_session_without_consent(
    stack: RunningStack, api: httpx.Client, candidate: Account, celery_client: Celery, db: Engine
) -> None:
    """Defence in depth: a frame queued by anyone for a non-consenting session is not analysed or stored."""
    import base64

    import cv2

    sid = create_session(api, candidate, emotion_analysis=False)["id"]
    ok, jpeg = cv2.imencode(".jpg", astronaut_rgb()[:, :, ::-1])
    assert ok
    payload = {
        "session_id": sid,
        "question_id": None,
        "captured_at": datetime.now(UTC).isoformat(),
        "image_b64": base64.b64encode(jpeg.tobytes()).decode(),
    }
    started = time.monotonic()
    outcome = celery_client.send_task(TaskName.ANALYZE_EMOTION.value, kwargs={"payload": payload}, queue="media").get(
        timeout=60
    )
    assert outcome == {"status": "not_consented", "session_id": sid}
    assert time.monotonic() - started < 60
    with db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM emotionsample WHERE session_id = :s"), {"s": sid}).scalar() == 0


def test_withdrawing_consent_mid_stream_stops_analysis_and_erases_its_rows(
    stack: RunningStack, api: httpx.Client, candidate: Account, recruiter: Account, db: Engine
) -> None:
    sid = create_session(api, candidate, emotion_analysis=True)["id"]

    def stored() -> int:
        with db.connect() as conn:
            return int(
                conn.execute(text("SELECT count(*) FROM emotionsample WHERE session_id = :s"), {"s": sid}).scalar()
            )

    async def run() -> tuple[httpx.Response, list[str]]:
        pc, response = await connect(
            f"{stack.web_url}/media", candidate.token, sid, [StillImageTrack(astronaut_rgb()), AudioStreamTrack()]
        )
        try:
            assert response.json()["video_analysed"] is True
            await asyncio.to_thread(wait_until, lambda: stored() >= 2, 60, "analysed frames before the withdrawal")
            withdrawn = await asyncio.to_thread(
                api.post, f"/sessions/{sid}/emotion-consent/withdraw", headers=candidate.headers
            )
            # The media server re-reads consent every second; a frame already queued is refused by the worker.
            await asyncio.sleep(2)
            with broker_pushes(stack.redis_url) as pushes:
                await asyncio.sleep(STREAM_SECONDS)
            return withdrawn, pushes
        finally:
            await pc.close()

    withdrawn, pushes = asyncio.run(run())
    assert withdrawn.status_code == 200, withdrawn.text
    session = withdrawn.json()
    assert session["emotion_consent"] is False
    assert session["emotion_analysis"] == "not_collected"
    assert session["emotion_consent_withdrawn_at"] is not None
    assert _emotion_pushes(pushes, sid) == 0
    assert stored() == 0
    assert '"video analysis stopped: emotion consent withdrawn"' in stack.log_text()
    emotions = api.get(f"/sessions/{sid}/emotions", headers=recruiter.headers).json()
    assert (emotions["status"], emotions["frames"]) == ("not_collected", 0)


def test_only_the_candidate_withdraws_and_only_a_consent_that_exists(
    api: httpx.Client, candidate: Account, recruiter: Account
) -> None:
    from tests.conftest import register

    agreed = create_session(api, candidate, emotion_analysis=True)["id"]
    declined = create_session(api, candidate, emotion_analysis=False)["id"]
    path = "/sessions/{}/emotion-consent/withdraw"
    assert api.post(path.format(agreed), headers=recruiter.headers).status_code == 403
    assert api.post(path.format(agreed), headers=register(api).headers).status_code == 404
    none_given = api.post(path.format(declined), headers=candidate.headers)
    assert none_given.status_code == 409
    assert "no emotion-analysis consent to withdraw" in none_given.json()["detail"]
    assert api.post(path.format(agreed), headers=candidate.headers).status_code == 200
    assert api.post(path.format(agreed), headers=candidate.headers).status_code == 409
