"""The Compose stack does its job: the README's API scenario, a whole interview, video and voice.

Everything goes through the published ports: the frontend's nginx (`/api`, `/media`) and the
backend's own port for the README's curl lines.
"""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import subprocess
import time
from pathlib import Path

import httpx
from aiortc import AudioStreamTrack

from interview_common.resume import MAX_RESUME_BYTES
from tests.compose.conftest import REPO, ComposeStack, unique
from tests.conftest import PASSWORD, Account, create_session, login, register, wait_until
from tests.interview_script import BACKEND_ANSWERS, answer, questions, results, wait_for_results
from tests.media_client import PcmTrack, StillImageTrack, astronaut_rgb, connect
from tests.resume_files import BACKEND_PROJECTS, resume_pdf, upload
from tests.test_voice_answer import EXPECTED_WORD, SENTENCE, spoken

# An answered question's successor must be there well within this (the broken image took ~60 s).
NEXT_QUESTION_SECONDS = 10.0


def readme_api_commands() -> list[str]:
    """The shell commands of the README's "Using the API" block, one string per command."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using the API", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.DOTALL)
    assert block, "the README's 'Using the API' section has no bash block"
    commands: list[str] = []
    current = ""
    for line in block.group(1).splitlines():
        current = f"{current}\n{line}" if current else line
        # A command ends at a line that is not continued and leaves no quote open.
        if not line.rstrip().endswith("\\") and _quotes_balanced(current):
            commands.append(current.strip())
            current = ""
    assert not current, f"unterminated command in the README: {current}"
    return commands


def _quotes_balanced(command: str) -> bool:
    try:
        shlex.split(command, comments=True)
    except ValueError:
        return False
    return True


def run_readme_command(command: str, backend_url: str, values: dict[str, str]) -> dict:
    command = command.replace("http://localhost:8000", backend_url)
    for placeholder, value in values.items():
        command = command.replace(f"<{placeholder}>", value)
    assert "<" not in command.split("#")[0], f"placeholder left in: {command}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, f"{command}\n{done.stderr}"
    return json.loads(done.stdout)


def test_readme_curl_scenario_works_as_written(compose_stack: ComposeStack) -> None:
    commands = readme_api_commands()
    assert [c.split()[0] for c in commands] == ["curl"] * 4, commands
    registered = run_readme_command(commands[0], compose_stack.backend_url, {})
    assert registered["username"] == "test", registered
    assert "password" not in json.dumps(registered)
    token = run_readme_command(commands[1], compose_stack.backend_url, {})
    assert token["token_type"] == "bearer"
    notice = run_readme_command(commands[2], compose_stack.backend_url, {})
    started = time.monotonic()
    session = run_readme_command(
        commands[3], compose_stack.backend_url, {"ACCESS_TOKEN": token["access_token"], "VERSION": notice["version"]}
    )
    compose_stack.report["readme_post_sessions_seconds"] = round(time.monotonic() - started, 2)
    assert session["position"] == "Frontend 개발자", session
    assert session["first_question"]["order"] == 1, "POST /sessions came back without the first question"
    assert session["first_question"]["question_text"].strip()


def test_interview_runs_start_to_finish_through_the_gateway(compose_stack: ComposeStack, web: httpx.Client) -> None:
    candidate = register(web)
    started = time.monotonic()
    session = create_session(web, candidate)
    first = session["first_question"]
    assert first, f"POST /sessions answered after {time.monotonic() - started:.1f}s without the first question"
    sid = session["id"]

    waits: list[float] = []
    question = first
    for order, text in enumerate(BACKEND_ANSWERS, start=1):
        assert question["order"] == order
        answer(web, candidate, sid, question["id"], text)
        if order == len(BACKEND_ANSWERS):
            break
        asked = time.monotonic()
        question = wait_until(
            lambda o=order: next((q for q in questions(web, candidate, sid) if q["order"] == o + 1), None),
            timeout=60,
            what=f"question {order + 1}",
        )
        waits.append(time.monotonic() - asked)
    compose_stack.report["next_question_seconds"] = [round(w, 2) for w in waits]
    assert max(waits) < NEXT_QUESTION_SECONDS, f"next questions took {waits} s"

    ready = wait_for_results(web, candidate, sid, "ready")
    report = ready["report"]
    assert report["answered"] == report["asked"] == len(BACKEND_ANSWERS)
    assert 0 <= report["overall_score"] <= 100
    assert all(q["answer_text"] and q["evaluation"] for q in questions(web, candidate, sid))


def create_recruiter(stack: ComposeStack, web: httpx.Client) -> Account:
    """As the README tells operators: `docker compose exec backend python -m backend_core.cli ...`."""
    username = unique("recruiter")
    stack.compose(
        "exec", "-T", "-e", f"RECRUITER_PASSWORD={PASSWORD}", "backend",
        "python", "-m", "backend_core.cli", "create-recruiter", "--username", username, "--full-name", "김채용",
    )  # fmt: skip
    token = login(web, username, PASSWORD)
    me = web.get("/users/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["role"] == "recruiter", me
    return Account(me["id"], username, PASSWORD, token)


def _emotions(web: httpx.Client, account: Account, sid: int) -> dict:
    response = web.get(f"/sessions/{sid}/emotions", headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


def stream_until_analysed(stack: ComposeStack, web: httpx.Client, account: Account, sid: int, frames: int) -> None:
    """A real aiortc client through the gateway's /media/offer, streaming a face until `frames` are stored."""

    async def run() -> None:
        pc, response = await connect(
            f"{stack.web_url}/media", account.token, sid, [StillImageTrack(astronaut_rgb()), AudioStreamTrack()]
        )
        try:
            assert response.status_code == 200, response.text
            await asyncio.to_thread(
                wait_until,
                lambda: _emotions(web, account, sid)["frames"] >= frames,
                90,
                f"{frames} analysed frames of session {sid}",
            )
        finally:
            await pc.close()

    asyncio.run(run())


def test_webrtc_frames_become_emotion_rows(compose_stack: ComposeStack, web: httpx.Client) -> None:
    candidate = register(web)
    sid = create_session(web, candidate)["id"]
    stream_until_analysed(compose_stack, web, candidate, sid, frames=3)

    recruiter = create_recruiter(compose_stack, web)
    timeline = _emotions(web, recruiter, sid)
    assert timeline["status"] == "collected"
    points = timeline["timeline"]
    assert len(points) >= 3
    assert all(p["faces_found"] == 1 for p in points), [p["faces_found"] for p in points]
    assert sorted(p["probabilities"]["happy"] for p in points)[len(points) // 2] >= 0.9


def test_voice_answer_is_transcribed(compose_stack: ComposeStack, web: httpx.Client, tmp_path: Path) -> None:
    candidate = register(web)
    session = create_session(web, candidate)
    sid, q1 = session["id"], session["first_question"]
    pcm = spoken(SENTENCE, tmp_path)

    async def speak() -> httpx.Response:
        pc, response = await connect(f"{compose_stack.web_url}/media", candidate.token, sid, [PcmTrack(pcm)])
        assert response.status_code == 200, response.text
        try:
            await asyncio.sleep(len(pcm) / 16_000 + 1.5)
            async with httpx.AsyncClient(base_url=f"{compose_stack.web_url}/media", timeout=30) as media:
                return await media.post(
                    "/voice-answers", json={"session_id": sid, "question_id": q1["id"]}, headers=candidate.headers
                )
        finally:
            await pc.close()

    accepted = asyncio.run(speak())
    assert accepted.status_code == 202, accepted.text
    answered = wait_until(
        lambda: next((q for q in questions(web, candidate, sid) if q["id"] == q1["id"] and q["answer_text"]), None),
        timeout=90,
        what="the transcript to become the answer",
    )
    assert answered["answer_source"] == "voice"
    assert EXPECTED_WORD in answered["transcript"], answered["transcript"]
    assert results(web, candidate, sid)["status"] in {"pending", "processing"}


def test_image_check_names_a_missing_module_and_the_image(compose_stack: ComposeStack) -> None:
    """What the build step does when a dependency is missing: here `packaging`, the one the images once lacked."""
    check = "python -m interview_common.imagecheck --image backend-core interview_common backend_core"
    result = compose_stack.compose(
        "run", "--rm", "--no-deps", "--user", "root", "--entrypoint", "sh", "backend",
        "-c", f"pip uninstall --yes --quiet packaging && {check}",
        check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "image backend-core: cannot import kombu.transport.redis" in result.stderr, result.stderr
    assert "No module named 'packaging'" in result.stderr


def test_readiness_fails_when_no_task_can_be_published(compose_stack: ComposeStack) -> None:
    """Redis answers PING, but the broker transport cannot load: /health/ready must say so."""
    probe = (
        "from interview_common.web.health import ready; import sys; r = ready(); "
        "sys.stdout.write(r.body.decode()); sys.exit(r.status_code != 503)"
    )
    result = compose_stack.compose(
        "run", "--rm", "--no-deps", "--user", "root", "--entrypoint", "sh", "backend",
        "-c", f"pip uninstall --yes --quiet packaging && python -c {shlex.quote(probe)}",
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    body = json.loads(result.stdout.strip().splitlines()[-1])
    assert body == {"status": "unavailable", "checks": {"database": "ok", "broker": "down"}}


def test_invitation_is_outboxed_and_its_link_starts_a_timed_interview(
    compose_stack: ComposeStack, web: httpx.Client
) -> None:
    """No SMTP server in the stack: the invitation waits in the outbox, its link is logged and works."""
    from datetime import UTC, datetime, timedelta

    recruiter = create_recruiter(compose_stack, web)
    job = web.post(
        "/jobs",
        json={
            "title": "백엔드 개발자",
            "family": "backend",
            "description": "결제 API를 운영합니다.",
            "competencies": ["성능", "안정성"],
            "questions": 3,
            "answer_time_limit_s": 120,
            "prep_time_s": 10,
            "voice_mode": "allowed",
            "emotion_analysis_offered": True,
            "deadline": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
        },
        headers=recruiter.headers,
    )
    assert job.status_code == 201, job.text
    address = f"{unique('invitee')}@example.com"
    batch = web.post(f"/jobs/{job.json()['id']}/invitations", json={"emails": [address]}, headers=recruiter.headers)
    assert batch.status_code == 201, batch.text
    kept = next(m for m in web.get("/outbox", headers=recruiter.headers).json() if m["to"] == address)
    assert kept["status"] == "outboxed"
    token = re.search(r"/invite/([A-Za-z0-9_\-]+)", kept["body"]).group(1)  # type: ignore[union-attr]
    assert token in compose_stack.logs("backend")
    candidate = register(web)
    notice = web.get("/consent/notice").json()["version"]
    started = web.post(
        f"/invitations/token/{token}/accept",
        json={"consent": {"interview": True, "emotion_analysis": False, "notice_version": notice}},
        headers=candidate.headers,
    )
    assert started.status_code == 201, started.text
    assert started.json()["answer_time_limit_s"] == 120
    # The room's first read of the questions starts the clock: preparation first, then the answer time.
    first = wait_until(
        lambda: next(iter(questions(web, candidate, started.json()["id"])), None), timeout=60, what="question 1"
    )
    assert first["shown_at"] is not None
    assert 0 < first["prep_seconds_left"] <= 10
    assert first["answer_seconds_left"] == 120


def test_resume_upload_grounds_a_question_and_the_worker_stores_the_pdf(
    compose_stack: ComposeStack, web: httpx.Client
) -> None:
    """Through nginx: a PDF résumé (and a 5 MB + 1 byte one refused by the backend, not by nginx's own
    page), a question about one of its projects, and the report PDF the worker image renders."""
    candidate = register(web)
    uploaded = upload(web, candidate, resume_pdf(), "이력서.pdf")
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["media_type"] == "pdf"
    too_big = upload(web, candidate, b"a" * (MAX_RESUME_BYTES + 1), "big.txt")
    assert too_big.status_code == 413
    assert "larger than 5 MB" in too_big.json()["detail"]

    session = create_session(web, candidate, emotion_analysis=False)
    sid = session["id"]
    first = session["first_question"] or wait_until(
        lambda: next(iter(questions(web, candidate, sid)), None), timeout=60, what="question 1"
    )
    answer(web, candidate, sid, first["id"], "네, 잘 부탁드립니다.")
    second = wait_until(
        lambda: next((q for q in questions(web, candidate, sid) if q["order"] == 2), None),
        timeout=60,
        what="question 2",
    )
    assert second["resume_passage"] is not None, second["question_text"]
    assert any(project in second["question_text"] for project in BACKEND_PROJECTS), second["question_text"]
    answer(web, candidate, sid, second["id"], BACKEND_ANSWERS[1])
    assert web.post(f"/sessions/{sid}/finish", headers=candidate.headers).status_code == 200
    wait_for_results(web, candidate, sid, "ready")
    wait_until(
        lambda: re.search(rf"report PDF stored.*\"session_id\": {sid}\b", compose_stack.logs("ai-worker")),
        timeout=60,
        what="the worker's 'report PDF stored' log line",
    )
    pdf = web.get(f"/sessions/{sid}/report.pdf", headers=candidate.headers)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
