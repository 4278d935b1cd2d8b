"""The OpenAPI document says what the services really answer: our error shape, on every operation.

FastAPI documents its own validation error body (`{"detail": [...]}`) for 422 and nothing for the
other refusals; every error here has one shape (`interview_common.web.errors.error_body`). The
document therefore declares `ErrorResponse` for 422, for any other 4xx and for 503 (a database or
broker briefly unavailable, with `Retry-After`), so clients generated from it, and the Schemathesis
run in the tests, see what actually comes back.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field


class FieldError(BaseModel):
    field: str = Field(description="The field, query parameter or header at fault (dotted path)")
    message: str = Field(description="What is wrong with it, for people")


class ErrorResponse(BaseModel):
    detail: str = Field(description="What went wrong, for people")
    request_id: str = Field(description="Quote it to find the request in the logs")
    errors: list[FieldError] | None = Field(default=None, description="One entry per invalid field (422)")


_REF = {"$ref": "#/components/schemas/ErrorResponse"}
_ERRORS = {
    "422": "The request is invalid; `errors` names each field",
    "4XX": "The request was refused (unauthenticated, forbidden, not found, conflict, too large, rate-limited…)",
    "503": "Busy, or the database or broker is briefly unavailable: try again after `Retry-After` seconds",
}


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _REF}}}


def document_errors(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (FieldError, ErrorResponse):
            components[model.__name__] = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for code, description in _ERRORS.items():
                    if code == "422" or code not in responses:  # an operation's own 503 (health) stays
                        responses[code] = _error_response(description)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
