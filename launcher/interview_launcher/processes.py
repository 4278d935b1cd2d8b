"""Child processes that die with the launcher, come back when they crash, and log to files.

Each service runs in a process group of its own, so a crash or a stop takes its children too (Celery's
pool processes, PostgreSQL's backends): nothing outlives the service it belongs to, and nothing
outlives the launcher (`PR_SET_PDEATHSIG` on every child it starts). Everything a service prints goes
to `<DATA_DIR>/logs/<service>.log`; the terminal gets warnings and errors only, as plain text.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

logger = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
_LOUD_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
# Lines of programs that do not log JSON (PostgreSQL, Redis, a Python traceback before logging is set up)
# that the terminal should show.
_LOUD_WORDS = ("Traceback", "Error:", "ERROR", "FATAL", "PANIC", "# WARNING")


def _die_with_parent(death_signal: int) -> Callable[[], None]:
    def preexec() -> None:
        # Linux: if the launcher dies (even by SIGKILL), the kernel sends this signal to the child.
        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, death_signal)

    return preexec


def popen_child(
    args: Sequence[str],
    env: dict[str, str] | None = None,
    *,
    user: str | None = None,
    death_signal: int = signal.SIGTERM,
    stdout: int | IO[bytes] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a child in its own process group (Ctrl-C reaches only the launcher, which stops them in order)."""
    return subprocess.Popen(
        list(args),
        env=env,
        user=user,
        start_new_session=True,
        preexec_fn=_die_with_parent(death_signal),
        stdout=stdout,
        stderr=subprocess.STDOUT if stdout is not None else None,
    )


def terminal_line(service: str, line: str) -> str | None:
    """What the terminal shows of one log line of a service: warnings and errors, in plain text; else None."""
    text = line.rstrip()
    if not text:
        return None
    if text.startswith("{"):
        try:
            entry = json.loads(text)
        except ValueError:
            entry = None
        if isinstance(entry, dict):
            level = str(entry.get("level", ""))
            if level not in _LOUD_LEVELS:
                return None
            message = str(entry.get("message", "")).strip().splitlines()[0][:240] if entry.get("message") else ""
            details = [f"{k}={entry[k]}" for k in ("error", "session_id", "path") if entry.get(k) not in (None, "")]
            request = entry.get("request_id")
            if request and request != "-":
                details.append(f"request {request}")
            suffix = f" ({', '.join(details)})" if details else ""
            return f"{level} {service}: {message}{suffix}"
    return f"{service}: {text}" if any(word in text for word in _LOUD_WORDS) else None


class ServiceLog:
    """Copies a service's output to its log file, echoing warnings and errors to the terminal."""

    def __init__(self, service: str, path: Path, echo: Callable[[str], None]) -> None:
        self.service = service
        self.path = path
        self.echo = echo

    def follow(self, stream: IO[bytes]) -> threading.Thread:
        thread = threading.Thread(target=self._copy, args=(stream,), name=f"log-{self.service}", daemon=True)
        thread.start()
        return thread

    def _copy(self, stream: IO[bytes]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with stream, self.path.open("ab") as out:
            for raw in iter(stream.readline, b""):
                out.write(raw)
                out.flush()
                shown = terminal_line(self.service, raw.decode("utf-8", errors="replace"))
                if shown:
                    self.echo(shown)


def echo_to_terminal(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stdout, flush=True)


@dataclass
class Service:
    """One supervised process, restarted like Compose's `restart: unless-stopped` when it exits."""

    name: str
    args: list[str]
    ready: Callable[[], bool]
    user: str | None = None
    # PostgreSQL: SIGINT is its fast shutdown (SIGTERM would wait for every client to leave).
    stop_signal: int = signal.SIGTERM
    stop_timeout: float = 15.0
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    env: dict[str, str] = field(default_factory=dict, repr=False)
    restarts: list[float] = field(default_factory=list, repr=False)
    log: ServiceLog | None = field(default=None, repr=False)
    restart_at: float | None = field(default=None, repr=False)

    def start(self, env: dict[str, str], log: ServiceLog | None = None) -> None:
        self.env = env
        self.log = log or self.log
        self.proc = popen_child(
            self.args,
            env=env,
            user=self.user,
            death_signal=self.stop_signal,
            stdout=subprocess.PIPE if self.log else None,
        )
        if self.log is not None and self.proc.stdout is not None:
            self.log.follow(self.proc.stdout)
        logger.info("started %s", self.name, extra={"service_name": self.name, "pid": self.proc.pid})

    def restart_if_crashed(self, *, max_restarts: int = 5, window_s: float = 120.0) -> bool:
        """Restart an exited service after a growing pause; False when it keeps crashing (give up)."""
        code = self.exited()
        if code is None:
            return True
        now = time.monotonic()
        if self.restart_at is None:  # a new exit: clean up, then decide
            self._kill_group()
            self.restarts = [t for t in self.restarts if now - t < window_s]
            if len(self.restarts) >= max_restarts:
                logger.error(
                    "%s keeps exiting (code %s, %d times in %.0fs); not restarting it again",
                    self.name, code, len(self.restarts) + 1, window_s,
                )  # fmt: skip
                return False
            pause = min(2.0 ** len(self.restarts) - 1, 8.0)  # 0, 1, 3, 7, 8 s
            logger.warning("%s exited with code %s; restarting it in %.0fs", self.name, code, pause)
            self.restart_at = now + pause
        if now >= self.restart_at:
            self.restart_at = None
            self.restarts.append(now)
            self.start(self.env)
        return True

    def exited(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def _kill_group(self) -> None:
        # Whatever the service left behind (pool processes whose parent was killed) goes with it.
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(self.stop_signal)
            try:
                self.proc.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                logger.warning("%s did not stop in %.0fs; killing it", self.name, self.stop_timeout)
        self._kill_group()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        logger.info("stopped %s", self.name, extra={"service_name": self.name})


def http_ok(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return httpx.get(url, timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    return check


def wait_ready(service: Service, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not service.ready():
        code = service.exited()
        if code is not None:
            where = f"; see {service.log.path}" if service.log else "; see its log lines above"
            raise RuntimeError(f"{service.name} exited with code {code} while starting{where}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{service.name} was not ready after {timeout:.0f}s")
        time.sleep(0.25)
