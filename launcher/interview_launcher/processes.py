"""Child processes that die with the launcher, and waiting for them to become ready."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

logger = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Linux: if the launcher is killed outright, the kernel sends SIGTERM to its children.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def popen_child(args: Sequence[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start a child in its own process group (Ctrl-C reaches only the launcher, which stops them in order)."""
    return subprocess.Popen(list(args), env=env, start_new_session=True, preexec_fn=_die_with_parent)


@dataclass
class Service:
    name: str
    args: list[str]
    ready: Callable[[], bool]
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    env: dict[str, str] = field(default_factory=dict, repr=False)
    restarts: list[float] = field(default_factory=list, repr=False)

    def start(self, env: dict[str, str]) -> None:
        self.env = env
        self.proc = popen_child(self.args, env=env)
        logger.info("started %s", self.name, extra={"service_name": self.name, "pid": self.proc.pid})

    def restart_if_crashed(self, *, max_restarts: int = 5, window_s: float = 60.0) -> bool:
        """Like Compose's `restart: unless-stopped`; False when it keeps crashing (give up)."""
        code = self.exited()
        if code is None:
            return True
        now = time.monotonic()
        self.restarts = [t for t in self.restarts if now - t < window_s]
        if len(self.restarts) >= max_restarts:
            logger.error("%s keeps exiting (code %s); not restarting it again", self.name, code)
            return False
        self.restarts.append(now)
        logger.error("%s exited with code %s; restarting it", self.name, code)
        self.start(self.env)
        return True

    def exited(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def stop(self, timeout: float = 15.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop in %ss; killing it", self.name, timeout)
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
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
            raise RuntimeError(f"{service.name} exited with code {code} while starting; see its log lines above")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{service.name} was not ready after {timeout:.0f}s")
        time.sleep(0.25)
