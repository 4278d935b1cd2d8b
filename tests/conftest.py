"""Fixtures for the cross-service tests: the whole platform started as `make run` starts it.

One stack per test session: `python -m interview_launcher` in a temporary data directory on
free ports, with embedded PostgreSQL + pgvector, Redis, backend-core, a real Celery worker
process, the media server and the gateway. Every test talks to it over HTTP.
"""

from __future__ import annotations

import email
import ipaddress
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from sqlalchemy import Engine, create_engine

from interview_common.queue import make_celery

REPO = Path(__file__).resolve().parents[1]
T = TypeVar("T")
PASSWORD = "s3cret-pass"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--compose",
        action="store_true",
        help="run tests/compose: the platform built and started with Docker Compose (`make test-compose`)",
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # The Compose suite needs a Docker engine and builds images: `make test-compose` runs it, `make test` doesn't.
    if collection_path == Path(__file__).parent / "compose" and not config.getoption("--compose"):
        return True
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningStack:
    proc: subprocess.Popen[bytes]
    data_dir: Path
    log_path: Path
    web_url: str
    backend_url: str
    media_url: str
    database_url: str
    redis_url: str

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    def terminal_text(self) -> str:
        """What `make run` printed: the launcher's own lines and the services' warnings and errors."""
        return self.log_path.read_text(errors="replace")

    def log_text(self) -> str:
        """Every service's full log (`<DATA_DIR>/logs/*.log`): JSON lines, and what a process printed itself."""
        services = sorted(self.logs_dir.glob("*.log")) if self.logs_dir.is_dir() else []
        return "\n".join(p.read_text(errors="replace") for p in services)

    def stop(self, timeout: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=timeout)


def start_stack(data_dir: Path, **extra_env: str) -> RunningStack:
    """Start the platform exactly as `make run` does, on free ports, and wait until it is ready."""
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "stack.log"
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "WEB_PORT": str(free_port()),
        "BACKEND_PORT": str(free_port()),
        "MEDIA_PORT": str(free_port()),
        "REDIS_PORT": str(free_port()),
        "ENV": "test",
        "LOG_FORMAT": "json",
        "AUTH_RATE_LIMIT": "30",
        "MAX_BODY_BYTES": "65536",
        **extra_env,
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "interview_launcher"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    state_file = data_dir / "stack.json"
    deadline = time.monotonic() + 180
    while not state_file.is_file():
        code = proc.poll()
        if code is not None or time.monotonic() > deadline:
            if code is None:
                proc.kill()
            raise RuntimeError(f"the launcher did not start (exit {code}); its log:\n{log_path.read_text()[-5000:]}")
        time.sleep(0.2)
    state = json.loads(state_file.read_text())
    return RunningStack(
        proc=proc,
        data_dir=data_dir,
        log_path=log_path,
        web_url=state["web_url"],
        backend_url=state["backend_url"],
        media_url=state["media_url"],
        database_url=state["database_url"],
        redis_url=state["redis_url"],
    )


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    running = start_stack(tmp_path_factory.mktemp("stack"))
    yield running
    assert running.stop() == 0, running.log_text()[-3000:]


@pytest.fixture(scope="session")
def db(stack: RunningStack) -> Iterator[Engine]:
    engine = create_engine(stack.database_url)
    yield engine
    engine.dispose()


# Each client gets its own (documentation-range) address in X-Forwarded-For, which the backend
# trusts from loopback only, so per-IP rate limits of one test never bleed into another.
_addresses = (str(ipaddress.ip_address("198.18.0.0") + i) for i in itertools.count(1))


def make_client(base_url: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"X-Forwarded-For": next(_addresses)}, timeout=30)


@pytest.fixture
def api(stack: RunningStack) -> Iterator[httpx.Client]:
    with make_client(stack.backend_url) as client:
        yield client


def unique_username(prefix: str = "user") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@dataclass
class Account:
    id: int
    username: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def login(client: httpx.Client, username: str, password: str) -> str:
    response = client.post("/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def register(client: httpx.Client, username: str | None = None, password: str = PASSWORD) -> Account:
    username = username or unique_username()
    response = client.post("/register", json={"username": username, "password": password, "full_name": "테스트 지원자"})
    assert response.status_code == 201, response.text
    return Account(response.json()["id"], username, password, login(client, username, password))


@pytest.fixture
def candidate(api: httpx.Client) -> Account:
    return register(api)


def run_cli(stack: RunningStack, *args: str) -> subprocess.CompletedProcess[str]:
    """The operator CLI (`python -m backend_core.cli`) against the stack's database."""
    return subprocess.run(
        [sys.executable, "-m", "backend_core.cli", *args],
        env={**os.environ, "DATABASE_URL": stack.database_url, "RECRUITER_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        check=False,
    )


def create_organisation(stack: RunningStack) -> str:
    """A new organisation (through the operator CLI); its name."""
    name = f"조직 {unique_username('org')}"
    result = run_cli(stack, "create-organisation", "--name", name)
    assert result.returncode == 0, result.stderr
    return name


def create_recruiter(stack: RunningStack, client: httpx.Client, organisation: str | None = None) -> Account:
    """Recruiters exist only through the CLI: create one the way an operator would."""
    username = unique_username("recruiter")
    extra = ["--organisation", organisation] if organisation else []
    result = run_cli(stack, "create-recruiter", "--username", username, "--full-name", "김채용", *extra)
    assert result.returncode == 0, result.stderr
    token = login(client, username, PASSWORD)
    me = client.get("/users/me", headers={"Authorization": f"Bearer {token}"}).json()
    return Account(me["id"], username, PASSWORD, token)


@pytest.fixture
def recruiter(stack: RunningStack, api: httpx.Client) -> Account:
    return create_recruiter(stack, api)


@pytest.fixture(scope="session")
def celery_client(stack: RunningStack) -> Iterator[Celery]:
    """A producer connected to the stack's Redis, configured as the services' own."""
    client = make_celery("tests", redis_url=stack.redis_url)
    yield client
    client.close()


def session_body(
    client: httpx.Client, position: str = "백엔드 개발자", *, user_name: str = "테스터", emotion_analysis: bool = True
) -> dict[str, object]:
    """A `POST /sessions` body agreeing to the notice now in force (emotion analysis opted in unless told)."""
    notice = client.get("/consent/notice")
    assert notice.status_code == 200, notice.text
    consent = {"interview": True, "emotion_analysis": emotion_analysis, "notice_version": notice.json()["version"]}
    return {"user_name": user_name, "position": position, "consent": consent}


def create_session(
    client: httpx.Client, account: Account, position: str = "백엔드 개발자", *, emotion_analysis: bool = True
) -> dict[str, object]:
    body = session_body(client, position, emotion_analysis=emotion_analysis)
    response = client.post("/sessions", json=body, headers=account.headers)
    assert response.status_code == 201, response.text
    return response.json()


def wait_until(check: Callable[[], T | None], timeout: float = 30, what: str = "condition") -> T:
    """Poll `check` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


# ---------------------------------------------------------------- the hiring workflow's stack

# An invitation link in a received email (PUBLIC_BASE_URL/invite/<token>).
LINK = re.compile(r"https?://\S+/invite/([A-Za-z0-9_\-]+)")


class Inbox:
    """aiosmtpd handler: keeps every message received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.port = 0

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    def link_token(self, address: str) -> str:
        message = wait_until(lambda: (found := self.to(address)) and found[-1], timeout=20, what=f"mail to {address}")
        body = message.get_payload(decode=True).decode("utf-8")
        match = LINK.search(body)
        assert match, body
        return match.group(1)


@pytest.fixture(scope="session")
def inbox() -> Iterator[Inbox]:
    handler = Inbox()
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture(scope="session")
def hiring_stack(tmp_path_factory: pytest.TempPathFactory, inbox: Inbox) -> Iterator[RunningStack]:
    running = start_stack(
        tmp_path_factory.mktemp("hiring"),
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(inbox.port),
        SMTP_SECURITY="none",
        MAIL_FROM="채용팀 <jobs@example.com>",
        PUBLIC_BASE_URL="http://interview.example",
        ANSWER_GRACE_SECONDS="1",
        RECOVERY_INTERVAL_SECONDS="2",
        WEBHOOK_RETRY_BASE_SECONDS="0.5",
        # The tests' ATS stand-ins listen on this machine; `stack` keeps the default that refuses them.
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES="true",
    )
    yield running
    assert running.stop() == 0, running.log_text()[-3000:]
