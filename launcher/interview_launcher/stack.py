"""The whole platform on one machine: start in dependency order, watch, stop in reverse."""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from collections.abc import Callable

from celery import Celery

from ai_worker.healthcheck import beat_alive
from interview_launcher.config import LauncherSettings
from interview_launcher.embedded_postgres import EmbeddedPostgres
from interview_launcher.embedded_redis import EmbeddedRedis
from interview_launcher.processes import Service, ServiceLog, echo_to_terminal, http_ok, wait_ready

logger = logging.getLogger("interview_launcher")

WORKER_NAME = f"embedded-worker@{socket.gethostname()}"
MEDIA_WORKER_NAME = f"embedded-media-worker@{socket.gethostname()}"


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


class Stack:
    def __init__(self, settings: LauncherSettings, echo: Callable[[str], None] = echo_to_terminal) -> None:
        self.settings = settings
        self.echo = echo
        self.logs_dir = settings.DATA_DIR / "logs"
        # Embedded PostgreSQL and Redis first, then the platform's own services; stopped in reverse.
        self.infrastructure: list[Service] = []
        self.services: list[Service] = []
        self.state_file = settings.DATA_DIR / "stack.json"

    def _log(self, name: str) -> ServiceLog:
        return ServiceLog(name, self.logs_dir / f"{name}.log", self.echo)

    def _launch(self, service: Service, env: dict[str, str] | None) -> None:
        service.start(env if env is not None else dict(os.environ), self._log(service.name))

    # ------------------------------------------------------------------ start

    def start(self) -> None:
        s = self.settings
        s.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self._check_ports()
        database_url = s.DATABASE_URL
        if database_url is None:
            postgres = EmbeddedPostgres(s.DATA_DIR / "postgres", s.POSTGRES_DB)
            service = postgres.prepare()
            self.infrastructure.append(service)
            self._launch(service, None)
            wait_ready(service, s.STARTUP_TIMEOUT_SECONDS)
            postgres.create_database()
            database_url = postgres.url()
        else:
            logger.info("using the PostgreSQL server from DATABASE_URL")
        redis_url = s.REDIS_URL
        if redis_url is None:
            redis = EmbeddedRedis(s.DATA_DIR / "redis", s.HOST, s.REDIS_PORT)
            service = redis.prepare()
            self.infrastructure.append(service)
            self._launch(service, None)
            wait_ready(service, s.STARTUP_TIMEOUT_SECONDS)
            redis_url = redis.url
        else:
            logger.info("using the Redis server from REDIS_URL")

        env = self._child_env(database_url, redis_url)
        self._migrate(env)
        py = sys.executable
        base = f"http://{s.HOST}"
        backend = f"{base}:{s.BACKEND_PORT}"
        media = f"{base}:{s.MEDIA_PORT}"
        web = f"{base}:{s.WEB_PORT}"
        schedule = s.DATA_DIR / "celerybeat-schedule"
        celery = [py, "-m", "celery", "-A", "ai_worker.celery_app", "worker", "--loglevel", "INFO",
                  "--without-gossip", "--without-mingle"]  # fmt: skip
        uvicorn = [py, "-m", "uvicorn", "--host", s.HOST, "--proxy-headers", "--timeout-graceful-shutdown", "5"]
        self.services = [
            Service("backend-core", [*uvicorn, "--port", str(s.BACKEND_PORT), "--workers", str(s.BACKEND_WORKERS),
                                     "backend_core.main:app"],
                    http_ok(f"{backend}/health/ready")),
            # Interview work and media work in separate workers: a stream of frames never delays a question.
            Service("ai-worker", [*celery, "--concurrency", str(s.WORKER_CONCURRENCY), "--hostname", WORKER_NAME,
                                  "--queues", "interview"],
                    self._worker_ready(redis_url, WORKER_NAME)),
            # The one scheduler, a process of its own as in Compose: killing a worker never stops it.
            Service("beat", [py, "-m", "celery", "-A", "ai_worker.celery_app", "beat", "--loglevel", "INFO",
                             "--schedule", str(schedule)],
                    lambda: beat_alive(str(schedule)) is None),
            Service("ai-worker-media", [*celery, "--concurrency", str(s.MEDIA_WORKER_CONCURRENCY),
                                        "--hostname", MEDIA_WORKER_NAME, "--queues", "media"],
                    self._worker_ready(redis_url, MEDIA_WORKER_NAME)),
            Service("media-server", [*uvicorn, "--port", str(s.MEDIA_PORT), "media_server.main:app"],
                    http_ok(f"{media}/health/ready")),
            Service("gateway", [*uvicorn, "--port", str(s.WEB_PORT), "interview_launcher.gateway:app"],
                    http_ok(f"{web}/healthz")),
        ]  # fmt: skip
        env |= {"GATEWAY_BACKEND_URL": backend, "GATEWAY_MEDIA_URL": media, "FRONTEND_DIST": str(s.FRONTEND_DIST)}
        for service in self.services:
            self._launch(service, env)
        for service in self.services:
            wait_ready(service, s.STARTUP_TIMEOUT_SECONDS)
            logger.debug("%s is ready", service.name)
        state = {
            "pid": os.getpid(),
            "web_url": web,
            "backend_url": backend,
            "media_url": media,
            "database_url": database_url,
            "redis_url": redis_url,
            "logs_dir": str(self.logs_dir),
        }
        self.state_file.write_text(json.dumps(state, indent=2))

    def _check_ports(self) -> None:
        s = self.settings
        wanted = {"WEB_PORT": s.WEB_PORT, "BACKEND_PORT": s.BACKEND_PORT, "MEDIA_PORT": s.MEDIA_PORT}
        if s.REDIS_URL is None:
            wanted["REDIS_PORT"] = s.REDIS_PORT
        taken = [f"{name}={port}" for name, port in wanted.items() if not _port_free(s.HOST, port)]
        if taken:
            raise RuntimeError(
                f"port(s) already in use on {s.HOST}: {', '.join(taken)}. "
                "Stop whatever holds them or choose other ports with those variables."
            )

    def _child_env(self, database_url: str, redis_url: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            PYTHONUNBUFFERED="1",
            STARTUP_TIMEOUT_SECONDS=str(self.settings.STARTUP_TIMEOUT_SECONDS),
        )
        # uvicorn trusts X-Forwarded-For only from these addresses (the gateway runs on loopback).
        env.setdefault("FORWARDED_ALLOW_IPS", "127.0.0.1")
        return env

    def _migrate(self, env: dict[str, str]) -> None:
        migrations = Service("prestart", [sys.executable, "-m", "interview_common.prestart"], lambda: True)
        self._launch(migrations, env)
        assert migrations.proc is not None
        if migrations.proc.wait() != 0:
            raise RuntimeError(f"database migrations failed; see {self.logs_dir / 'prestart.log'}")

    @staticmethod
    def _worker_ready(redis_url: str, name: str) -> Callable[[], bool]:
        client = Celery(broker=redis_url)

        def check() -> bool:
            try:
                return bool(client.control.ping(destination=[name], timeout=1.0))
            except Exception:  # broker not up yet counts as "not ready"
                return False

        return check

    # ------------------------------------------------------------------ run and stop

    def supervise(self) -> str | None:
        """Restart crashed processes (PostgreSQL and Redis included); the name of one that cannot be kept running."""
        for service in (*self.infrastructure, *self.services):
            if not service.restart_if_crashed():
                return service.name
        return None

    def stop(self) -> None:
        for service in reversed([*self.infrastructure, *self.services]):
            service.stop()
        self.state_file.unlink(missing_ok=True)
