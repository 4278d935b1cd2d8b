"""One Redis client per process, and the start-up wait for it."""

from __future__ import annotations

from functools import lru_cache

import redis
import redis.asyncio

from interview_common.settings import get_settings
from interview_common.startup import wait_until_ready


@lru_cache
def get_redis() -> redis.Redis:
    return redis.Redis.from_url(
        get_settings().REDIS_URL, decode_responses=True, socket_connect_timeout=3, socket_timeout=5
    )


@lru_cache
def get_async_redis() -> redis.asyncio.Redis:
    """For the event loop of an HTTP service (one loop per process)."""
    return redis.asyncio.Redis.from_url(get_settings().REDIS_URL, decode_responses=True, socket_connect_timeout=3)


def redis_reachable() -> bool:
    try:
        return bool(get_redis().ping())
    except redis.RedisError:
        return False


def wait_for_redis(timeout: float | None = None) -> None:
    wait_until_ready("redis", get_redis().ping, timeout or get_settings().STARTUP_TIMEOUT_SECONDS)
