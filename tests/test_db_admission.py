"""More concurrent requests than database connections: they queue for a slot instead of deadlocking.

Before admission control, a request kept its connection across separate thread-pool steps while
other requests blocked threads in `pool.connect()`; past pool + 40 threads in flight everything
waited for the pool timeout and answered 500 (bench/README.md, API benchmark at 64 users).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from fastapi import HTTPException

from tests.conftest import RunningStack, create_session, make_client, register, start_stack

CONCURRENT = 64


@pytest.fixture(scope="module")
def small_pool_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    # Two connections for 64 requests; a request that waited the full timeout would fail the test.
    stack = start_stack(
        tmp_path_factory.mktemp("small-pool"),
        DB_POOL_SIZE="2",
        DB_MAX_OVERFLOW="0",
        DB_POOL_TIMEOUT_SECONDS="30",
        AUTH_RATE_LIMIT="1000",
    )
    yield stack
    stack.stop()


def test_many_more_requests_than_connections_all_succeed(small_pool_stack: RunningStack) -> None:
    with make_client(small_pool_stack.backend_url) as api:
        candidate = register(api)
        sid = create_session(api, candidate)["id"]

    async def hammer() -> list[int]:
        async with httpx.AsyncClient(base_url=small_pool_stack.backend_url, timeout=120) as client:
            paths = ["/results", "/questions", "", "/emotions"]
            calls = [
                client.get(f"/sessions/{sid}{paths[i % len(paths)]}", headers=candidate.headers)
                for i in range(CONCURRENT)
            ]
            return [r.status_code for r in await asyncio.gather(*calls)]

    statuses = asyncio.run(hammer())
    assert statuses == [200] * CONCURRENT
    assert "QueuePool limit" not in small_pool_stack.log_text()


def test_a_request_that_cannot_get_a_slot_in_time_gets_503(monkeypatch: pytest.MonkeyPatch) -> None:
    from backend_core.api import deps
    from interview_common.settings import Settings

    monkeypatch.setattr(deps, "get_settings", lambda: Settings(_env_file=None, DB_POOL_TIMEOUT_SECONDS=0.2))
    monkeypatch.setattr(deps, "_slots", None)
    monkeypatch.setattr(deps, "pool_capacity", lambda: 1)

    async def scenario() -> HTTPException:
        async with deps.admitted():
            try:
                async with deps.admitted():
                    pass
            except HTTPException as exc:
                return exc
        raise AssertionError("a second slot was granted beyond the capacity")

    refused = asyncio.run(scenario())
    assert refused.status_code == 503
    assert "busy" in refused.detail
    assert refused.headers == {"Retry-After": "2"}
    # The slot is given back: the next request gets in.
    asyncio.run(_enter(deps))


async def _enter(deps: object) -> None:
    async with deps.admitted():  # type: ignore[attr-defined]
        pass
