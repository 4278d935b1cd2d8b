"""WebRTC from a real aiortc client to emotion rows in PostgreSQL, through Redis and a real worker."""

from __future__ import annotations

import asyncio

import httpx
from aiortc import AudioStreamTrack
from sqlalchemy import Engine, text

from tests.conftest import Account, RunningStack, create_session, register, wait_until
from tests.interview_script import answer, wait_for_question
from tests.media_client import StillImageTrack, astronaut_rgb, connect


def _emotions(api: httpx.Client, account: Account, session_id: int) -> dict:
    response = api.get(f"/sessions/{session_id}/emotions", headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_streamed_frames_become_emotion_rows_for_the_right_question(
    stack: RunningStack, api: httpx.Client, candidate: Account, recruiter: Account, db: Engine
) -> None:
    sid = create_session(api, candidate)["id"]
    q1 = wait_for_question(api, candidate, sid, 1)

    async def stream() -> None:
        pc, response = await connect(
            f"{stack.web_url}/media", candidate.token, sid, [StillImageTrack(astronaut_rgb()), AudioStreamTrack()]
        )
        try:
            assert response.status_code == 200, response.text
            assert response.json()["type"] == "answer"
            await asyncio.to_thread(
                wait_until, lambda: _emotions(api, candidate, sid)["frames"] >= 3, 60, "three analysed frames"
            )
            # The next question becomes current: later frames belong to it.
            await asyncio.to_thread(
                answer, api, candidate, sid, q1["id"], "저는 백엔드 개발자로 Redis 캐시를 도입했습니다."
            )
            q2 = await asyncio.to_thread(wait_for_question, api, candidate, sid, 2)
            await asyncio.to_thread(
                wait_until,
                lambda: any(p["question_id"] == q2["id"] for p in _emotions(api, candidate, sid)["timeline"]),
                60,
                "a frame of question 2",
            )
        finally:
            await pc.close()

    asyncio.run(stream())

    result = _emotions(api, recruiter, sid)
    points = result["timeline"]
    assert all(p["faces_found"] == 1 for p in points), [(p["faces_found"], p["dominant"]) for p in points]
    assert all(p["dominant"] == "happy" for p in points)
    # The first frames of a WebRTC stream are blurry (VP8 starts at a low bitrate): the median frame is
    # confidently happy, every frame clearly so.
    happy = sorted(p["probabilities"]["happy"] for p in points)
    assert happy[len(happy) // 2] >= 0.9, happy
    assert happy[0] >= 0.5, happy
    # Frames between an answer and the next question belong to no question (None).
    assert {p["question_id"] for p in points} - {None} <= {q1["id"], wait_for_question(api, candidate, sid, 2)["id"]}
    first = next(s for s in result["per_question"] if s["question_id"] == q1["id"])
    assert first["order"] == 1
    assert first["frames"] >= 3
    assert first["share"]["happy"] == 1.0
    assert first["no_face"] == first["multi_face"] == 0
    with db.connect() as conn:
        rows = conn.execute(
            text("SELECT count(*), min(faces_found), max(faces_found) FROM emotionsample WHERE session_id = :s"),
            {"s": sid},
        ).one()
    assert rows[0] == result["frames"]
    assert (rows[1], rows[2]) == (1, 1)
    logs = stack.log_text()
    assert '"track received", "peer"' in logs or '"message": "track received"' in logs
    assert '"kind": "video"' in logs
    assert '"kind": "audio"' in logs


def test_offer_is_refused_clearly(stack: RunningStack, api: httpx.Client, candidate: Account) -> None:
    sid = create_session(api, candidate)["id"]
    other = register(api)
    with httpx.Client(base_url=stack.media_url, timeout=30) as media:
        body = {"sdp": "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n", "type": "offer", "session_id": sid}
        assert media.post("/offer", json=body).status_code == 401
        assert media.post("/offer", json=body, headers=other.headers).status_code == 404
        too_big = media.post("/offer", json={**body, "sdp": "a" * 70_000}, headers=candidate.headers)
        assert too_big.status_code == 413
        garbage = media.post("/offer", json=body, headers=candidate.headers)
        assert garbage.status_code == 422, garbage.text
        assert "could not be used" in garbage.json()["detail"]
        no_media = media.post("/offer", json={**body, "sdp": "v=0\r\n"}, headers=candidate.headers)
        assert no_media.status_code == 422
        assert "no audio or video" in no_media.json()["detail"]
        assert (
            media.post("/offer", json={**body, "session_id": "unknown"}, headers=candidate.headers).status_code == 422
        )
        api.post(f"/sessions/{sid}/finish", headers=candidate.headers)
        finished = media.post("/offer", json=body, headers=candidate.headers)
        assert finished.status_code == 409
        assert "already finished" in finished.json()["detail"]
