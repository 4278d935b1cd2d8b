"""The common skeleton of an HTTP service: logging, CORS, request context, error shape, health routes."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from interview_common.logging import configure_logging
from interview_common.settings import Settings
from interview_common.web.errors import install_error_handlers
from interview_common.web.health import router as health_router
from interview_common.web.middleware import RequestContextMiddleware
from interview_common.web.openapi import document_errors


def configure_service(
    app: FastAPI, *, service: str, settings: Settings, body_limits: Mapping[str, tuple[int, str]] | None = None
) -> None:
    configure_logging(service, level=settings.LOG_LEVEL, fmt=settings.LOG_FORMAT)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_origin_regex=settings.cors_origin_regex,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After"],
    )
    # Added last so it runs first: every response, CORS preflights included, gets a request id.
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.MAX_BODY_BYTES, body_limits=body_limits)
    install_error_handlers(app)
    app.include_router(health_router)
    document_errors(app)
