"""One shape for every error response: `{"detail": "<for people>", "request_id": ..., "errors": [...]}`."""

from __future__ import annotations

import logging
from typing import Any

import redis
from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from kombu.exceptions import OperationalError as BrokerOperationalError
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from interview_common.logging import request_id_var
from interview_common.text import NUL_MESSAGE, contains_nul

logger = logging.getLogger("interview.errors")

_LOCATION_NAMES = {"body": "body", "query": "query parameter", "path": "path parameter", "header": "header"}


def error_body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail, "request_id": request_id_var.get()}
    if errors:
        body["errors"] = errors
    return body


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc[1:]] if loc and loc[0] in _LOCATION_NAMES else [str(p) for p in loc]
    return ".".join(parts) or "body"


def _readable(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "string_too_short":
        return f"must be at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return "may contain only letters, digits, '.', '_' and '-'"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    if kind in {"int_parsing", "int_type"}:
        return "must be a whole number"
    if kind == "string_type":
        return "must be a string"
    if kind == "string_unicode":
        return "must be valid Unicode text (it holds an unpaired surrogate)"
    if kind == "extra_forbidden":
        return "is not an accepted field"
    if kind == "model_attributes_type" or kind == "dict_type":
        return "must be a JSON object"
    return str(err.get("msg", "is invalid"))


def validation_errors(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        if err.get("type") == "json_invalid":
            where = (err.get("ctx") or {}).get("error", "")
            return f"The request body is not valid JSON ({where}).", []
        errors.append({"field": _field_name(loc), "message": _readable(err)})
    summary = "; ".join(f"{e['field']} {e['message']}" for e in errors)
    return f"Invalid request: {summary}.", errors


async def _on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    detail, errors = validation_errors(exc)
    code = status.HTTP_400_BAD_REQUEST if not errors else status.HTTP_422_UNPROCESSABLE_CONTENT
    logger.info("rejected request", extra={"path": request.url.path, "status": code, "detail": detail})
    return JSONResponse(error_body(detail, errors), status_code=code)


async def _on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else "Request failed."
    return JSONResponse(error_body(detail), status_code=exc.status_code, headers=getattr(exc, "headers", None))


# A dependency that is down or restarting: the request may succeed if repeated, so 503, not 500.
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError)
BROKER_UNAVAILABLE = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, BrokerOperationalError)
RETRY_AFTER_SECONDS = 5


def unavailable_response(dependency: str) -> JSONResponse:
    return JSONResponse(
        error_body(f"The {dependency} is unavailable right now; try again in a few seconds."),
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def _on_dependency_down(request: Request, exc: Exception) -> JSONResponse:
    dependency = "database" if isinstance(exc, DATABASE_UNAVAILABLE) else "message broker"
    logger.warning(
        "%s unavailable",
        dependency,
        extra={"path": request.url.path, "method": request.method, "error": f"{type(exc).__name__}: {exc}"[:500]},
    )
    return unavailable_response(dependency)


def unexpected_error_response(path: str, method: str) -> JSONResponse:
    """The 500 answer; call it inside an `except` block so the traceback is logged with the request id."""
    logger.exception("unhandled error", extra={"path": path, "method": method})
    return JSONResponse(
        error_body("Something went wrong on our side. Quote the request id if you contact support."),
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


async def _on_value_error(request: Request, exc: ValueError) -> JSONResponse:
    # The net behind the request models' text rule: a NUL that reached the database driver is still
    # the client's input, not our failure. Any other ValueError is a bug, answered as one.
    if contains_nul(exc):
        logger.info("rejected request", extra={"path": request.url.path, "status": 422, "detail": NUL_MESSAGE})
        return JSONResponse(
            error_body(f"Invalid request: text {NUL_MESSAGE}.", [{"field": "body", "message": NUL_MESSAGE}]),
            status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        )
    try:
        raise exc
    except ValueError:
        return unexpected_error_response(request.url.path, request.method)


async def _on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # Reached only without RequestContextMiddleware, which answers unhandled errors itself (with the request id).
    return unexpected_error_response(request.url.path, request.method)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http_error)  # type: ignore[arg-type]
    for exc_type in (*DATABASE_UNAVAILABLE, *BROKER_UNAVAILABLE):
        app.add_exception_handler(exc_type, _on_dependency_down)
    app.add_exception_handler(ValueError, _on_value_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected_error)
