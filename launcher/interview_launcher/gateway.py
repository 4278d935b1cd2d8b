"""The embedded run's front door on one origin, as nginx is in Compose.

`/api/*` goes to backend-core and `/media/*` to the media server (prefix stripped, bodies
streamed both ways, so server-sent events flow); everything else is the built frontend,
with `index.html` for client-side routes.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from interview_common.logging import configure_logging
from interview_common.settings import get_settings

# Hop-by-hop headers belong to one connection and are never forwarded.
_HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
}  # fmt: skip
# Set again by the gateway's own server on the way out.
_RESPONSE_DROP = _HOP_BY_HOP | {"date", "server"}

BACKEND_URL = os.environ.get("GATEWAY_BACKEND_URL", "http://127.0.0.1:8000")
MEDIA_URL = os.environ.get("GATEWAY_MEDIA_URL", "http://127.0.0.1:8080")
DIST = Path(os.environ.get("FRONTEND_DIST", Path(__file__).resolve().parents[2] / "frontend" / "dist")).resolve()

_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>Frontend not built</title>
<h1>The frontend has not been built</h1><p>Run <code>make run</code> (it builds it) or
<code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>, then reload.</p>"""


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    settings = get_settings()
    configure_logging("gateway", level=settings.LOG_LEVEL, fmt=settings.LOG_FORMAT)
    # No read timeout: server-sent event streams stay open as long as the client listens.
    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=None)) as client:
        app.state.client = client
        yield


async def _proxy(request: Request, upstream: str, prefix: str) -> Response:
    client: httpx.AsyncClient = request.app.state.client
    path = request.url.path.removeprefix(prefix) or "/"
    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP]
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for")
    headers.append(("x-forwarded-for", f"{forwarded}, {peer}" if forwarded else peer))
    headers.append(("x-forwarded-proto", request.url.scheme))
    upstream_request = client.build_request(
        request.method,
        httpx.URL(upstream + path, query=request.url.query.encode()),
        headers=headers,
        content=request.stream(),
    )
    try:
        upstream_response = await client.send(upstream_request, stream=True)
    except httpx.ConnectError:
        # A service restarting (the launcher brings it back): the same answer nginx gives in Compose.
        name = "API" if prefix == "/api" else "media"
        return JSONResponse(
            {
                "detail": f"The {name} service is restarting; try again in a few seconds.",
                "request_id": request.headers.get("x-request-id", "-"),
            },
            503,
            headers={"Retry-After": "5"},
        )
    response_headers = {k: v for k, v in upstream_response.headers.items() if k.lower() not in _RESPONSE_DROP}
    return StreamingResponse(
        upstream_response.aiter_raw(),
        status_code=upstream_response.status_code,
        headers=response_headers,
        background=BackgroundTask(upstream_response.aclose),
    )


async def api(request: Request) -> Response:
    return await _proxy(request, BACKEND_URL, "/api")


async def media(request: Request) -> Response:
    return await _proxy(request, MEDIA_URL, "/media")


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def frontend(request: Request) -> Response:
    if not (DIST / "index.html").is_file():
        return HTMLResponse(_NOT_BUILT, status_code=503)
    relative = request.path_params.get("path", "")
    candidate = (DIST / relative).resolve()
    if relative and candidate.is_relative_to(DIST) and candidate.is_file():
        return FileResponse(candidate)
    return FileResponse(DIST / "index.html", headers={"Cache-Control": "no-cache"})


_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]

app = Starlette(
    routes=[
        Route("/healthz", healthz),
        Route("/api", api, methods=_METHODS),
        Route("/api/{rest:path}", api, methods=_METHODS),
        Route("/media", media, methods=_METHODS),
        Route("/media/{rest:path}", media, methods=_METHODS),
        Route("/{path:path}", frontend, methods=["GET", "HEAD"]),
    ],
    lifespan=lifespan,
)
