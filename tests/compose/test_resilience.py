"""Faults a Compose deployment meets: restarts, crashes, recreated containers, scaling, down + up.

Interviews are driven through the gateway by a patient client (it retries on 503 and on refused
connections, as the browser app does); what is checked is that nothing is lost: every answer
stored once, evaluated, and the report built.
"""

from __future__ import annotations

import re
import subprocess
import time

import httpx
import pytest

from tests.compose.conftest import IMAGES, RECOVERY_INTERVAL_SECONDS, ComposeStack
from tests.compose.test_platform import stream_until_analysed
from tests.conftest import PASSWORD, login, register
from tests.interview_script import BACKEND_ANSWERS
from tests.patient import PatientInterview, retrying


def test_api_answers_503_not_500_while_the_database_is_stopped(compose_stack: ComposeStack, web: httpx.Client) -> None:
    candidate = register(web)
    compose_stack.compose("stop", "db")
    try:
        listed = web.get("/sessions", headers=candidate.headers)
        assert listed.status_code == 503, listed.text
        assert int(listed.headers["Retry-After"]) > 0
        body = listed.json()
        assert "database" in body["detail"]
        assert body["request_id"] == listed.headers["X-Request-ID"] != "-"
        token = web.post("/token", data={"username": candidate.username, "password": PASSWORD})
        assert token.status_code == 503, token.text
        ready = web.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["database"] == "down"
    finally:
        compose_stack.compose("start", "db")
    compose_stack.wait_healthy("db", "backend")
    assert retrying(lambda: web.get("/sessions", headers=candidate.headers)).status_code == 200


def test_interview_survives_restarts_of_the_database_and_redis(compose_stack: ComposeStack, web: httpx.Client) -> None:
    interview = PatientInterview(web, register(web))
    interview.answer_next()
    compose_stack.compose("restart", "db")
    interview.answer_next()
    compose_stack.compose("restart", "redis")
    interview.answer_next()
    interview.finish_all()
    compose_stack.wait_healthy("backend", "media-server", "ai-worker", "ai-worker-media", "beat")


def test_interview_survives_sigkill_of_every_main_process(compose_stack: ComposeStack, web: httpx.Client) -> None:
    candidate = register(web)
    interview = PatientInterview(web, candidate)
    restarted: dict[str, float] = {}
    # Each kill lands right after an answer, while its evaluation and the next question are in flight.
    for service in ("ai-worker", "backend", "beat", "ai-worker-media", "media-server"):
        if interview.answered < len(BACKEND_ANSWERS) - 1:
            interview.answer_next()
        killed_at = time.monotonic()
        container, restarts = compose_stack.kill_main_process(service)
        compose_stack.wait_restarted(container, restarts)
        restarted[service] = round(time.monotonic() - killed_at, 1)
    compose_stack.report["sigkill_to_healthy_seconds"] = restarted
    interview.finish_all()
    # The restarted media server and media worker analyse frames again.
    other = PatientInterview(web, candidate)
    stream_until_analysed(compose_stack, web, candidate, other.id, frames=2)


def test_gateway_reaches_recreated_backend_and_media_server(compose_stack: ComposeStack, web: httpx.Client) -> None:
    """nginx resolves service names per request: a container recreated at a new address is still reached.

    Another container takes the old address first, so a gateway that kept the old address would
    send requests to it (connection refused: 502) instead of to the service.
    """
    checks = {"backend": "/api/health/ready", "media-server": "/media/health/ready"}
    for service, path in checks.items():
        old = compose_stack.ip_address(service)
        compose_stack.compose("rm", "--stop", "--force", service)
        squatters = _occupy(compose_stack, old)
        try:
            compose_stack.compose("up", "--detach", "--no-deps", "--wait", service)
            new = compose_stack.ip_address(service)
            assert new != old, f"{service} came back at its old address {old}: nothing was tested"
            response = retrying(lambda p=path: httpx.get(f"{compose_stack.web_url}{p}", timeout=10), timeout=60)
            assert response.status_code == 200, f"{service} at {new} not reached through the gateway: {response.text}"
            assert response.json()["status"] == "ready"
        finally:
            subprocess.run(["docker", "rm", "--force", *squatters], capture_output=True, check=False)
    # And a real request through each again.
    assert web.get("/consent/notice").status_code == 200


def _occupy(stack: ComposeStack, address: str) -> list[str]:
    """Start idle containers on the stack's network until one holds `address`; keep only that one.

    Docker hands out the lowest free address, and earlier restarts may have left lower ones free.
    """
    started: list[str] = []
    holder = None
    for _ in range(12):
        container = subprocess.run(
            ["docker", "run", "--detach", "--rm", "--network", stack.network(), "--entrypoint", "sleep",
             IMAGES["backend"], "600"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        if stack.inspect(container, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}") == address:
            holder = container
            break
        started.append(container)
    subprocess.run(["docker", "rm", "--force", *started], capture_output=True, check=False)
    assert holder is not None, f"could not occupy {address}"
    return [holder]


def _received_sweeps(logs: str) -> set[str]:
    """Ids of the periodic recovery sweeps (beat's payload: min_age_seconds 30) a worker received."""
    ids = set()
    for line in logs.splitlines():
        match = re.search(r"Task ai\.recover_unfinished\[([0-9a-f-]+)\] received", line)
        if match and "'min_age_seconds': 30" in line:
            ids.add(match.group(1))
    return ids


def test_scaled_workers_run_each_periodic_task_once(compose_stack: ComposeStack, web: httpx.Client) -> None:
    compose_stack.compose(
        "up", "--detach", "--wait", "--wait-timeout", "300", "--scale", "ai-worker=2", "--scale", "ai-worker-media=2"
    )
    try:
        assert len(compose_stack.container_ids("ai-worker")) == 2
        assert len(compose_stack.container_ids("ai-worker-media")) == 2
        assert len(compose_stack.container_ids("beat")) == 1
        since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        window = 6 * RECOVERY_INTERVAL_SECONDS
        time.sleep(window)
        sweeps = _received_sweeps(compose_stack.logs("ai-worker", since=since))
        expected = window / RECOVERY_INTERVAL_SECONDS
        compose_stack.report["recovery_sweeps_in_window"] = {"window_s": window, "received": len(sweeps)}
        assert expected - 2 <= len(sweeps) <= expected + 1, f"{len(sweeps)} sweeps in {window}s, expected ~{expected}"
        # Both interview workers take work, so the scaled stack still runs an interview.
        PatientInterview(web, register(web)).finish_all()
    finally:
        compose_stack.compose(
            "up",
            "--detach",
            "--wait",
            "--wait-timeout",
            "300",
            "--scale",
            "ai-worker=1",
            "--scale",
            "ai-worker-media=1",
        )


def test_down_and_up_keep_users_and_results(compose_stack: ComposeStack, web: httpx.Client) -> None:
    candidate = register(web)
    interview = PatientInterview(web, candidate)
    before = interview.finish_all()

    compose_stack.compose("down")  # no --volumes: what `docker compose down` does for a user
    started = time.monotonic()
    compose_stack.compose("up", "--detach", "--wait", "--wait-timeout", "600")
    compose_stack.report["restart_up_to_healthy_seconds"] = round(time.monotonic() - started, 1)

    token = login(web, candidate.username, PASSWORD)
    headers = {"Authorization": f"Bearer {token}"}
    after = web.get(f"/sessions/{interview.id}/results", headers=headers)
    assert after.status_code == 200, after.text
    assert after.json()["status"] == "ready"
    assert after.json()["report"] == before


@pytest.fixture(autouse=True)
def _stack_is_whole_again(compose_stack: ComposeStack) -> None:
    """Each fault test starts from a healthy stack, whatever the one before left behind."""
    compose_stack.wait_healthy("db", "redis", "backend", "media-server", "ai-worker", "ai-worker-media", "beat")
