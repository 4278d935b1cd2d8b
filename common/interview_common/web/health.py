"""Liveness and readiness routes, identical in every HTTP service."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from interview_common.db import database_reachable
from interview_common.queue import broker_problem

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
def live() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


class Readiness(BaseModel):
    status: Literal["ready", "unavailable"]
    checks: dict[str, Literal["ok", "down"]]


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness, "description": "Not ready"}})
def ready() -> JSONResponse:
    """The service can do its work: the database answers and a task can be published to the broker."""
    checks = {"database": database_reachable(), "broker": broker_problem() is None}
    ok = all(checks.values())
    body = {"status": "ready" if ok else "unavailable", "checks": {k: "ok" if v else "down" for k, v in checks.items()}}
    return JSONResponse(body, status_code=200 if ok else 503)
