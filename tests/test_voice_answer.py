"""A spoken answer: microphone over WebRTC → per-question recording → Vosk transcript → the answer."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path

import httpx
import numpy as np

from ai_worker.speech.audio import read_wav, to_mono_16k
from tests.conftest import Account, RunningStack, create_session, wait_until
from tests.interview_script import questions, wait_for_question
from tests.media_client import PcmTrack, connect

# espeak-ng's Korean voice is robotic; Vosk's small Korean model recognises this sentence in this voice
# reliably ("서버" came through in every trial run at 160 words per minute).
SENTENCE = "데이터베이스 서버를 운영했습니다"
VOICE = "ko+f5"
EXPECTED_WORD = "서버"


def spoken(text: str, tmp_path: Path) -> np.ndarray:
    espeak = shutil.which("espeak-ng")
    assert espeak, "espeak-ng is missing: `make test` installs it (apt-get install espeak-ng)"
    wav = tmp_path / "answer.wav"
    subprocess.run([espeak, "-v", VOICE, "-s", "160", "-w", str(wav), text], check=True)
    pcm, rate = read_wav(wav.read_bytes())
    silence = np.zeros(16_000 // 2, dtype=np.int16)
    return np.concatenate([silence, to_mono_16k(pcm, rate, 1), silence])


def test_spoken_answer_is_transcribed_and_becomes_the_answer(
    stack: RunningStack, api: httpx.Client, candidate: Account, tmp_path: Path
) -> None:
    sid = create_session(api, candidate)["id"]
    q1 = wait_for_question(api, candidate, sid, 1)
    pcm = spoken(SENTENCE, tmp_path)

    async def speak() -> httpx.Response:
        pc, response = await connect(f"{stack.web_url}/media", candidate.token, sid, [PcmTrack(pcm)])
        assert response.status_code == 200, response.text
        try:
            await asyncio.sleep(len(pcm) / 16_000 + 1.5)  # let the whole answer arrive
            async with httpx.AsyncClient(base_url=f"{stack.web_url}/media", timeout=30) as media:
                early = await media.post(
                    "/voice-answers",
                    json={"session_id": sid, "question_id": q1["id"] + 10_000},
                    headers=candidate.headers,
                )
                assert early.status_code == 409  # not the current question
                return await media.post(
                    "/voice-answers", json={"session_id": sid, "question_id": q1["id"]}, headers=candidate.headers
                )
        finally:
            await pc.close()

    accepted = asyncio.run(speak())
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["duration_s"] >= len(pcm) / 16_000 - 1.0

    answered = wait_until(
        lambda: next((q for q in questions(api, candidate, sid) if q["id"] == q1["id"] and q["answer_text"]), None),
        timeout=60,
        what="the transcript to become the answer",
    )
    assert answered["answer_source"] == "voice"
    assert answered["transcript"] == answered["answer_text"]
    assert EXPECTED_WORD in answered["transcript"], answered["transcript"]
    wait_for_question(api, candidate, sid, 2)  # and the interview goes on as after a typed answer
