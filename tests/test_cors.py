"""CORS comes from settings: allowed origins get credentials, others get nothing."""

from __future__ import annotations

import httpx


def _preflight(api: httpx.Client, origin: str) -> httpx.Response:
    return api.options(
        "/sessions",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )


def test_configured_origin_is_allowed_with_credentials(api: httpx.Client) -> None:
    response = _preflight(api, "http://localhost:3000")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert response.headers["access-control-allow-credentials"] == "true"


def test_foreign_origin_is_refused(api: httpx.Client) -> None:
    response = _preflight(api, "https://evil.example")
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    simple = api.get("/health/live", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers
