"""Session events from Redis pub/sub: waiting for one, and relaying them as server-sent events."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from interview_common.events import EventType, channel
from interview_common.redis_client import get_async_redis

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
# After these the session produces no more events, so the stream can end.
FINAL_EVENTS = {EventType.REPORT_READY.value, EventType.REPORT_FAILED.value}


async def wait_for_event(
    session_id: int, wanted: EventType, wait_seconds: float, start: Callable[[], Awaitable[None]]
) -> dict[str, Any] | None:
    """Subscribe, then run `start` (so the event cannot slip by in between), then wait for `wanted`."""
    pubsub = get_async_redis().pubsub()
    await pubsub.subscribe(channel(session_id))
    try:
        await start()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_seconds
        while (remaining := deadline - loop.time()) > 0:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=min(remaining, 1.0))
            if message is None:
                continue
            data = json.loads(message["data"])
            if data.get("type") == wanted.value:
                return data
        return None
    finally:
        await pubsub.unsubscribe()
        await pubsub.aclose()


def format_sse(event: str, data: str, event_id: str | None = None) -> str:
    lines = [f"event: {event}"]
    if event_id:
        lines.append(f"id: {event_id}")
    lines.extend(f"data: {line}" for line in data.splitlines() or [""])
    return "\n".join(lines) + "\n\n"


async def stream_events(
    session_id: int, is_disconnected: Callable[[], Awaitable[bool]], snapshot: dict[str, Any]
) -> AsyncIterator[str]:
    """`snapshot` first (what is already true), then every event until the report is settled."""
    pubsub = get_async_redis().pubsub()
    await pubsub.subscribe(channel(session_id))
    try:
        yield "retry: 3000\n\n"
        yield format_sse("snapshot", json.dumps(snapshot, ensure_ascii=False, default=str))
        if snapshot.get("results_status") in {"ready", "failed"}:
            return
        loop = asyncio.get_running_loop()
        last_beat = loop.time()
        while not await is_disconnected():
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is None:
                if loop.time() - last_beat >= HEARTBEAT_SECONDS:
                    last_beat = loop.time()
                    yield ": keep-alive\n\n"
                continue
            data = json.loads(message["data"])
            yield format_sse(data["type"], message["data"])
            if data["type"] in FINAL_EVENTS:
                return
    finally:
        await pubsub.unsubscribe()
        await pubsub.aclose()
