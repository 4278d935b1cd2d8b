"""backend-core: auth, interview sessions and questions over HTTP."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from backend_core.api.main import api_router
from interview_common.db import wait_for_database
from interview_common.redis_client import wait_for_redis
from interview_common.resume import MAX_RESUME_BODY_BYTES, MAX_RESUME_BYTES
from interview_common.settings import Settings, get_settings
from interview_common.web.app import configure_service

logger = logging.getLogger("backend_core")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await run_in_threadpool(wait_for_database)
    await run_in_threadpool(wait_for_redis)
    settings = get_settings()
    logger.info("backend-core ready", extra={"env": settings.ENV.value, "origins": settings.cors_origins})
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="AI Interview — backend-core", version="0.1.0", lifespan=lifespan)
    # A résumé upload is the one body bigger than MAX_BODY_BYTES this service takes.
    resume_limit = (
        MAX_RESUME_BODY_BYTES,
        f"A résumé may be at most {MAX_RESUME_BYTES // 1_048_576} MB; this upload is larger.",
    )
    configure_service(app, service="backend-core", settings=settings, body_limits={"/resume": resume_limit})
    app.include_router(api_router)
    return app


app = create_app()
