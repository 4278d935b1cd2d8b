"""The platform as Docker users get it: every image built, `docker compose up --build --wait`.

`make test-compose` runs this suite (`pytest tests/compose --compose`); `make test` skips it.
The stack runs as its own Compose project with its own volumes, container names and free
published ports, so it never touches a developer's own `docker compose up`. Tests reach the
platform only through the published ports (the web gateway, backend and media server), as a
user would; faults are made with the Docker CLI (restart, stop, SIGKILL of a container's main
process from the host). Build times, image sizes and the time from `up` to healthy go to
`test-artifacts/compose/report.json` and the end of the pytest output; every service's log
goes to `test-artifacts/compose/logs.txt`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "compose"
PROJECT = "interview-compose-test"
# Compose service -> the image it builds (services sharing an image are built once).
IMAGES = {
    "backend": "interview-platform/backend-core:latest",
    "ai-worker": "interview-platform/ai-worker:latest",
    "media-server": "interview-platform/media-server:latest",
    "frontend": "interview-platform/frontend:latest",
}
# How often beat queues the recovery sweep in this suite (60 s by default): short enough that
# counting sweeps over half a minute tells one scheduler from two.
RECOVERY_INTERVAL_SECONDS = 5
_REPORT: dict[str, Any] = {}


class ComposeError(AssertionError):
    pass


@dataclass
class ComposeStack:
    project: str
    env_file: Path
    web_url: str
    backend_url: str
    media_url: str
    report: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ the CLI

    def compose(self, *args: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        cmd = ["docker", "compose", "--project-name", self.project, "--env-file", str(self.env_file), *args]
        result = subprocess.run(
            cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False, env=os.environ.copy()
        )
        if check and result.returncode != 0:
            output = result.stdout + result.stderr
            raise ComposeError(f"`docker compose {' '.join(args)}` exited {result.returncode}:\n{output[-6000:]}")
        return result

    def container_ids(self, service: str) -> list[str]:
        return self.compose("ps", "--quiet", "--all", service).stdout.split()

    def container(self, service: str) -> str:
        ids = self.container_ids(service)
        assert len(ids) == 1, f"expected one {service} container, found {len(ids)}"
        return ids[0]

    @staticmethod
    def inspect(container: str, template: str) -> str:
        return subprocess.run(
            ["docker", "inspect", "--format", template, container], capture_output=True, text=True, check=True
        ).stdout.strip()

    def ip_address(self, service: str) -> str:
        return self.inspect(self.container(service), "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}")

    def network(self) -> str:
        return f"{self.project}_default"

    def logs(self, *services: str, since: str | None = None) -> str:
        args = ["logs", "--no-color", "--no-log-prefix"]
        if since:
            args += ["--since", since]
        return self.compose(*args, *services).stdout

    # ------------------------------------------------------------------ faults

    def kill_main_process(self, service: str) -> tuple[str, int]:
        """SIGKILL the container's PID 1 from the host: a crash, which the restart policy must undo.

        (`docker kill` would not do: Docker treats it as a deliberate stop and does not restart.)
        Returns the container and its restart count before the kill.
        """
        container = self.container(service)
        before = int(self.inspect(container, "{{.RestartCount}}"))
        pid = int(self.inspect(container, "{{.State.Pid}}"))
        assert pid > 0, f"{service} is not running"
        os.kill(pid, signal.SIGKILL)
        return container, before

    def wait_restarted(self, container: str, restarts_before: int, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if int(self.inspect(container, "{{.RestartCount}}")) > restarts_before:
                self.wait_healthy_container(container, deadline - time.monotonic())
                return
            time.sleep(0.5)
        raise AssertionError(f"container {container[:12]} was not restarted within {timeout}s")

    def wait_healthy_container(self, container: str, timeout: float) -> None:
        deadline = time.monotonic() + max(timeout, 1)
        state = ""
        while time.monotonic() < deadline:
            state = self.inspect(container, "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}")
            if state == "running healthy":
                return
            time.sleep(1)
        raise AssertionError(f"container {container[:12]} not healthy within {timeout:.0f}s (last: {state})")

    def wait_healthy(self, *services: str, timeout: float = 180) -> None:
        for service in services:
            for container in self.container_ids(service):
                self.wait_healthy_container(container, timeout)


# ---------------------------------------------------------------------- set-up


def _docker_available() -> None:
    try:
        info = subprocess.run(["docker", "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True)
    except FileNotFoundError:
        pytest.fail("`make test-compose` needs Docker: the `docker` command is not installed", pytrace=False)
    if info.returncode != 0:
        pytest.fail(f"`make test-compose` needs a running Docker engine: {info.stderr.strip()}", pytrace=False)
    version = subprocess.run(["docker", "compose", "version", "--short"], capture_output=True, text=True)
    if version.returncode != 0:
        pytest.fail("`make test-compose` needs Docker Compose v2 (`docker compose`)", pytrace=False)
    _REPORT["docker"] = {"engine": info.stdout.strip(), "compose": version.stdout.strip()}


def _set(text: str, name: str, value: str) -> str:
    line = f"{name}={value}"
    pattern = re.compile(rf"^#?\s*{name}=.*$", re.MULTILINE)
    return pattern.sub(line, text) if pattern.search(text) else f"{text.rstrip()}\n{line}\n"


def readme_docker_commands() -> list[str]:
    """The lines of the README's Docker block, as a new user types them."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("With Docker", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.DOTALL)
    assert block, "the README's Docker section has no bash block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def write_env_file(folder: Path, ports: dict[str, int]) -> Path:
    """Make `.env` as the README tells a new user: its commands, run as written, before `docker compose up`.

    Then what keeps this run apart from a developer's own stack (ports, the database container's
    name) and what the suite measures faster (the recovery interval; many logins from one address).
    """
    commands = readme_docker_commands()
    up = [c for c in commands if c.startswith("docker compose up")]
    ending = f"the README's Docker block should end in `docker compose up --build --wait`: {commands}"
    assert up == [commands[-1]], ending
    assert "--build" in up[0], ending
    assert "--wait" in up[0], ending
    (folder / ".env.example").write_bytes((REPO / ".env.example").read_bytes())
    for command in commands[:-1]:
        done = subprocess.run(["bash", "-c", command], cwd=folder, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"README command failed: {command}\n{done.stderr}"
    path = folder / ".env"
    text = path.read_text(encoding="utf-8")
    for secret, placeholder in (("SECRET_KEY", "changethis"), ("POSTGRES_PASSWORD", "change-this")):
        value = re.search(rf"^{secret}=(.*)$", text, flags=re.MULTILINE)
        assert value, f"the README's commands removed {secret}"
        assert len(value[1]) >= 32, f"the README's commands left {secret} short"
        assert placeholder not in value[1], f"the README's commands left {secret} at its placeholder"
    values = {
        "DB_CONTAINER_NAME": f"{PROJECT}-db",
        "RECOVERY_INTERVAL_SECONDS": str(RECOVERY_INTERVAL_SECONDS),
        "AUTH_RATE_LIMIT": "1000",
        **{name: str(port) for name, port in ports.items()},
    }
    for name, value in values.items():
        text = _set(text, name, value)
    path.write_text(text, encoding="utf-8")
    return path


def _missing_imports(output: str) -> str:
    lines = [line for line in output.splitlines() if re.search(r"image \S+: cannot import", line)]
    return "\n".join(lines)


def build_images(stack: ComposeStack) -> None:
    """Build each image on its own, timed; a missing dependency fails here, naming module and image."""
    timings: dict[str, float] = {}
    for service, image in IMAGES.items():
        started = time.monotonic()
        result = stack.compose("build", service, check=False, timeout=1800)
        if result.returncode != 0:
            output = result.stdout + result.stderr
            missing = _missing_imports(output)
            raise ComposeError(
                f"building {image} (service {service}) failed"
                + (f"; its import check says:\n{missing}" if missing else f":\n{output[-6000:]}")
            )
        timings[image] = round(time.monotonic() - started, 1)
    sizes = {}
    for image in IMAGES.values():
        size = subprocess.run(
            ["docker", "image", "inspect", "--format", "{{.Size}}", image], capture_output=True, text=True, check=True
        ).stdout.strip()
        sizes[image] = round(int(size) / 1e6)
    stack.report["build_seconds"] = timings
    stack.report["image_size_mb"] = sizes


def save_logs(stack: ComposeStack) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result = stack.compose("logs", "--no-color", "--timestamps", check=False, timeout=120)
    (ARTIFACTS / "logs.txt").write_text(result.stdout + result.stderr, encoding="utf-8")


@pytest.fixture(scope="session")
def compose_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ComposeStack]:
    _docker_available()
    ports = {"WEB_PORT": free_port(), "BACKEND_PORT": free_port(), "MEDIA_PORT": free_port()}
    env_file = write_env_file(tmp_path_factory.mktemp("compose"), ports)
    stack = ComposeStack(
        project=PROJECT,
        env_file=env_file,
        web_url=f"http://127.0.0.1:{ports['WEB_PORT']}",
        backend_url=f"http://127.0.0.1:{ports['BACKEND_PORT']}",
        media_url=f"http://127.0.0.1:{ports['MEDIA_PORT']}",
        report=_REPORT,
    )
    stack.compose("down", "--volumes", "--remove-orphans", timeout=300)  # leftovers of an interrupted run
    try:
        build_images(stack)
        started = time.monotonic()
        stack.compose("up", "--build", "--detach", "--wait", "--wait-timeout", "600", timeout=1200)
        stack.report["up_to_healthy_seconds"] = round(time.monotonic() - started, 1)
        yield stack
    finally:
        save_logs(stack)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "report.json").write_text(json.dumps(stack.report, indent=2, ensure_ascii=False))
        if os.environ.get("KEEP_COMPOSE_STACK") != "1":
            stack.compose("down", "--volumes", "--remove-orphans", check=False, timeout=300)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _REPORT:
        terminalreporter.section("Docker Compose stack")
        terminalreporter.write_line(json.dumps(_REPORT, indent=2, ensure_ascii=False))


# ---------------------------------------------------------------------- clients


@pytest.fixture
def web(compose_stack: ComposeStack) -> Iterator[httpx.Client]:
    """The API as the browser reaches it: through the frontend's nginx, under /api."""
    with httpx.Client(base_url=f"{compose_stack.web_url}/api", timeout=30) as client:
        yield client


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"
