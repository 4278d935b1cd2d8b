"""The embedded run survives its own database and broker: SIGKILL of every process mid-interview.

The launcher supervises PostgreSQL and Redis like the services: a crash is restarted (PostgreSQL
replays its write-ahead log, Redis its append-only file), the services reconnect, and while a
dependency is down the API answers 503 with Retry-After, never 500. An answer stored while the
broker cannot take its follow-up tasks is acknowledged (201) and finished later by the recovery sweep.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg2
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import RunningStack, make_client, register, start_stack, wait_until
from tests.interview_script import BACKEND_ANSWERS
from tests.patient import PatientInterview, retrying

# What identifies each supervised process among the launcher's children.
MAIN_PROCESSES = {
    "postgresql": "/postgres -D",
    "redis": "redis-server",
    "backend-core": "backend_core.main:app",
    "ai-worker": "--queues interview",
    "ai-worker-media": "--queues media",
    "beat": "ai_worker.celery_app beat",
    "media-server": "media_server.main:app",
}


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """A stack of its own: these tests kill its processes."""
    running = start_stack(tmp_path_factory.mktemp("resilient"), RECOVERY_INTERVAL_SECONDS="5")
    yield running
    if running.proc.poll() is None:
        assert running.stop() == 0, running.terminal_text()[-3000:]


def _command(process: psutil.Process) -> str:
    """The command line of a live process; "" for one that is gone or a zombie not yet reaped."""
    try:
        return " ".join(process.cmdline()) if process.status() != psutil.STATUS_ZOMBIE else ""
    except psutil.Error:
        return ""


def main_process(stack: RunningStack, service: str) -> psutil.Process:
    marker = MAIN_PROCESSES[service]
    found = [p for p in psutil.Process(stack.proc.pid).children() if marker in _command(p)]
    assert len(found) == 1, f"{service}: {[_command(p) for p in found]}"
    return found[0]


def kill_and_wait_for_restart(stack: RunningStack, service: str) -> None:
    wait_until(lambda: _alive(stack, service), timeout=60, what=f"{service} to be running")
    victim = main_process(stack, service)
    victim.send_signal(signal.SIGKILL)

    def restarted() -> psutil.Process | None:
        marker = MAIN_PROCESSES[service]
        children = psutil.Process(stack.proc.pid).children()
        return next((p for p in children if p.pid != victim.pid and marker in _command(p)), None)

    wait_until(restarted, timeout=60, what=f"{service} to be restarted")


def _alive(stack: RunningStack, service: str) -> bool:
    marker = MAIN_PROCESSES[service]
    return any(marker in _command(p) for p in psutil.Process(stack.proc.pid).children())


def test_interview_survives_sigkill_of_every_process(own_stack: RunningStack) -> None:
    with make_client(own_stack.backend_url) as api:
        interview = PatientInterview(api, register(api))
        for service in ("postgresql", "redis", "backend-core", "ai-worker", "ai-worker-media", "beat"):
            if interview.answered < len(BACKEND_ANSWERS) - 1:
                interview.answer_next()
            kill_and_wait_for_restart(own_stack, service)
        report = interview.finish_all()
    assert report["answered"] == len(BACKEND_ANSWERS)
    terminal = own_stack.terminal_text()
    for service in ("postgresql", "redis", "backend-core", "ai-worker", "ai-worker-media", "beat"):
        assert f"{service} exited with code -9; restarting it" in terminal, service
    assert own_stack.proc.poll() is None, "the launcher gave up"


def _admin(stack: RunningStack) -> Any:
    """A superuser connection to the embedded server's maintenance database (not the platform's)."""
    url = make_url(stack.database_url)
    conn = psycopg2.connect(dbname="postgres", user="postgres", host=url.query["host"])
    conn.autocommit = True
    return conn


def test_api_answers_503_while_the_database_refuses_connections(own_stack: RunningStack) -> None:
    database = make_url(own_stack.database_url).database
    with make_client(own_stack.backend_url) as api:
        account = register(api)
        admin = _admin(own_stack)
        try:
            with admin.cursor() as cur:
                # The database stops taking connections and drops the ones it has, as one that is going down does.
                cur.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
                cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,))
            response = api.get("/sessions", headers=account.headers)
            login = api.post("/token", data={"username": account.username, "password": account.password})
            ready = api.get("/health/ready")
        finally:
            with admin.cursor() as cur:
                cur.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
            admin.close()
        assert response.status_code == 503, response.text
        assert int(response.headers["Retry-After"]) > 0
        assert "database" in response.json()["detail"]
        assert response.json()["request_id"] == response.headers["X-Request-ID"]
        assert login.status_code == 503, login.text
        assert ready.status_code == 503
        assert retrying(lambda: api.get("/sessions", headers=account.headers)).status_code == 200


def test_answer_is_acknowledged_when_the_broker_cannot_take_its_tasks(own_stack: RunningStack) -> None:
    with make_client(own_stack.backend_url) as api:
        interview = PatientInterview(api, register(api))
        first = wait_until(lambda: next((q for q in interview.questions() if q["order"] == 1), None), 60, "q1")
        broker = main_process(own_stack, "redis")
        broker.suspend()  # a hung broker: connections open, nothing answers
        try:
            started = time.monotonic()
            stored = api.post(
                f"/sessions/{interview.id}/answers",
                json={"question_id": first["id"], "answer_text": BACKEND_ANSWERS[0]},
                headers=interview.account.headers,
                timeout=60,
            )
            waited = time.monotonic() - started
            ready = api.get("/health/ready", timeout=30)
        finally:
            broker.resume()
        assert stored.status_code == 201, stored.text
        assert waited < 20, f"the answer waited {waited:.1f}s on the broker"
        assert ready.status_code == 503
        assert ready.json()["checks"]["broker"] == "down"
        interview.answered = 1
        # The follow-up tasks that could not be queued are queued by the recovery sweep.
        interview.finish_all()


def test_no_process_outlives_a_killed_worker_or_the_launcher(tmp_path: Path) -> None:
    stack = start_stack(tmp_path / "data")
    try:
        worker = main_process(stack, "ai-worker")
        pool = worker.children(recursive=True)
        assert pool, "the interview worker has no pool processes"
        kill_and_wait_for_restart(stack, "ai-worker")
        wait_until(lambda: not [p for p in pool if _running(p)], 30, "the killed worker's pool processes to go")
        tree = [psutil.Process(stack.proc.pid), *psutil.Process(stack.proc.pid).children(recursive=True)]
        groups = {os.getpgid(p.pid) for p in tree[1:] if _running(p)}
    finally:
        assert stack.stop() == 0
    assert not [p for p in tree if _running(p)], "processes outlived Ctrl-C"
    leftovers = [p for p in psutil.process_iter() if _running(p) and _pgid(p) in groups]
    assert not leftovers, [_command(p) for p in leftovers]


def test_launcher_gives_up_with_a_clear_message_when_a_process_keeps_crashing(tmp_path: Path) -> None:
    stack = start_stack(tmp_path / "data")
    try:
        deadline = time.monotonic() + 120
        while stack.proc.poll() is None and time.monotonic() < deadline:
            if _alive(stack, "redis"):
                main_process(stack, "redis").send_signal(signal.SIGKILL)
            time.sleep(0.2)
        assert stack.proc.wait(timeout=60) == 1
    finally:
        if stack.proc.poll() is None:
            stack.proc.kill()
    terminal = stack.terminal_text()
    assert "redis keeps exiting" in terminal
    assert "redis keeps crashing; stopping the platform" in terminal
    assert str(stack.logs_dir / "redis.log") in terminal


def test_make_run_terminal_is_readable_and_full_logs_are_in_files(stack: RunningStack) -> None:
    terminal = stack.terminal_text().splitlines()
    assert not [line for line in terminal if line.lstrip().startswith("{")], "JSON log lines on the terminal"
    started = [line.split("started ", 1)[1] for line in terminal if " started " in line]
    for service in ("postgresql", "redis", "backend-core", "ai-worker", "beat", "ai-worker-media", "media-server"):
        assert started.count(service) == 1, (service, started)
    url = next(i for i, line in enumerate(terminal) if "is running: open http://localhost:" in line)
    assert all(i < url for i, line in enumerate(terminal) if " started " in line), "the URL is not the last line"
    for service in ("backend-core", "ai-worker", "media-server"):
        # JSON Lines: records end at "\n" only (str.splitlines would also split inside a logged value that
        # holds U+2028 or U+0085, which the fuzz tests send); a last line without its "\n" is still being written.
        lines = (stack.logs_dir / f"{service}.log").read_text().split("\n")[:-1]
        entries = [json.loads(line) for line in lines if line.startswith("{")]  # Celery's banner is plain text
        assert entries, f"{service}.log has no JSON log lines"
        assert {e["service"] for e in entries} == {"ai-worker" if "worker" in service else service}
    assert httpx.get(f"{stack.web_url}/healthz").status_code == 200


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _pgid(process: psutil.Process) -> int | None:
    try:
        return os.getpgid(process.pid)
    except (ProcessLookupError, PermissionError):
        return None


def test_terminal_shows_warnings_not_info() -> None:
    from interview_launcher.processes import terminal_line

    info = '{"level": "INFO", "message": "answer stored", "request_id": "abc"}'
    warning = '{"level": "WARNING", "message": "event not published\\nmore", "error": "refused", "request_id": "r1"}'
    assert terminal_line("backend-core", info) is None
    assert terminal_line("backend-core", warning) == (
        "WARNING backend-core: event not published (error=refused, request r1)"
    )
    assert terminal_line("postgresql", "2026-12-03 FATAL:  the database system is starting up").startswith(
        "postgresql: "
    )
    assert terminal_line("ai-worker", " -------------- celery@host v5") is None
