"""Request context for every HTTP request: a request id, an access log line, and a body size cap.

Written as plain ASGI middleware so streamed responses (server-sent events) pass through untouched.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interview_common.logging import new_request_id, request_id_var
from interview_common.web.errors import error_body, unexpected_error_response

logger = logging.getLogger("interview.access")

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


class RequestContextMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, body_limits: Mapping[str, tuple[int, str]] | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Paths that take bigger bodies (uploads), with their own limit and refusal message.
        self.body_limits = dict(body_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _VALID_REQUEST_ID.match(incoming) else new_request_id()
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status_code = 500
        limit = self.max_body_bytes
        too_large_msg = f"The request body is larger than the {limit // 1024} KiB this service accepts."
        if scope["path"] in self.body_limits:
            limit, too_large_msg = self.body_limits[scope["path"]]

        declared = _header(scope, b"content-length")

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, too_large_msg)
            return message

        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status_code, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status_code = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            if declared is not None and declared.isdigit() and int(declared) > limit:
                # Refuse before reading a byte of it.
                await JSONResponse(error_body(too_large_msg), status_code=413)(scope, receive, send_with_id)
            else:
                await self.app(scope, limited_receive, send_with_id)
        except Exception:
            # Answered here, not by Starlette's outermost handler: there the request id is already gone.
            if response_started:
                raise
            status_code = 500
            response = unexpected_error_response(scope["path"], scope["method"])
            await response(scope, receive, send_with_id)
        finally:
            client = scope.get("client")
            logger.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status_code,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": client[0] if client else None,
                },
            )
            request_id_var.reset(token)
