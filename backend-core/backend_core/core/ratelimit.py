"""Per-client-IP rate limits counted in Redis (sliding windows), shared by every backend process."""

from __future__ import annotations

import logging
import math
import time
import uuid

import redis
from fastapi import HTTPException, Request, status

from interview_common.redis_client import get_redis
from interview_common.settings import get_settings

logger = logging.getLogger(__name__)


def hit(bucket: str, client: str, *, limit: int, window_s: int) -> int | None:
    """Count one request in a sliding window; return the seconds to wait when over the limit, else None.

    A sliding window (a sorted set of request times) has no boundary where a client could send
    twice the limit, as fixed windows allow.
    """
    key = f"ratelimit:{bucket}:{client}"
    now = time.time()
    member = f"{now:.6f}:{uuid.uuid4().hex[:8]}"
    pipe = get_redis().pipeline()
    pipe.zremrangebyscore(key, 0, now - window_s)
    pipe.zadd(key, {member: now})
    pipe.zcard(key)
    pipe.zrange(key, 0, 0, withscores=True)
    pipe.expire(key, window_s + 1)
    _, _, count, oldest, _ = pipe.execute()
    if count > limit:
        get_redis().zrem(key, member)  # a refused request does not extend the wait
        return max(1, math.ceil(oldest[0][1] + window_s - now))
    return None


class RateLimit:
    """A route dependency: `dependencies=[Depends(RateLimit("token"))]`."""

    def __init__(self, bucket: str) -> None:
        self.bucket = bucket

    def __call__(self, request: Request) -> None:
        settings = get_settings()
        client = request.client.host if request.client else "unknown"
        try:
            retry_after = hit(
                self.bucket, client, limit=settings.AUTH_RATE_LIMIT, window_s=settings.AUTH_RATE_WINDOW_SECONDS
            )
        except redis.RedisError as exc:
            # Refusing every login while Redis is down would turn a cache outage into a full outage.
            logger.warning("rate limit not enforced: redis unavailable", extra={"error": str(exc)})
            return
        if retry_after is not None:
            logger.warning("rate limit exceeded", extra={"bucket": self.bucket, "client": client})
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"Too many attempts. Try again in {retry_after} seconds.",
                headers={"Retry-After": str(retry_after)},
            )
