"""media-server: receives the browser's WebRTC tracks, samples frames for emotion analysis, records voice answers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from interview_common.db import wait_for_database
from interview_common.redis_client import wait_for_redis
from interview_common.settings import Settings, get_settings
from interview_common.web.app import configure_service
from media_server.peers import PeerRegistry
from media_server.routes import router

logger = logging.getLogger("media_server")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await run_in_threadpool(wait_for_redis)
    await run_in_threadpool(wait_for_database)
    app.state.peers = PeerRegistry(get_settings())
    logger.info("media-server ready")
    yield
    await app.state.peers.close_all("server shutting down")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="AI Interview — media-server", version="0.1.0", lifespan=lifespan)
    configure_service(app, service="media-server", settings=settings)
    app.include_router(router)
    return app


app = create_app()
