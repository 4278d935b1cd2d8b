"""Per-client-IP rate limits counted in Redis (fixed windows), shared by every backend process."""

from __future__ import annotations

import logging
import time

import redis
from fastapi import HTTPException, Request, status

from interview_common.redis_client import get_redis
from interview_common.settings import get_settings

logger = logging.getLogger(__name__)


def hit(bucket: str, client: str, *, limit: int, window_s: int) -> int | None:
    """Count one request; return the seconds to wait when over the limit, else None."""
    window = int(time.time() // window_s)
    key = f"ratelimit:{bucket}:{client}:{window}"
    pipe = get_redis().pipeline()
    pipe.incr(key)
    pipe.expire(key, window_s + 1)
    count, _ = pipe.execute()
    if count > limit:
        return max(1, int((window + 1) * window_s - time.time()) + 1)
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
