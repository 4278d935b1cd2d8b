"""The HTTP skeleton's error answers: a request id on every one (500 included), 503 for a dependency that is down."""

from __future__ import annotations

import json
import logging

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from interview_common.settings import Settings
from interview_common.web.app import configure_service


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    @app.get("/db-down")
    def db_down() -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    @app.get("/broker-down")
    def broker_down() -> None:
        raise redis.ConnectionError("Connection refused")

    @app.get("/nul")
    def nul() -> None:
        raise ValueError("A string literal cannot contain NUL (0x00) characters.")

    configure_service(app, service="test", settings=Settings(LOG_FORMAT="json"))
    return app


@pytest.fixture
def client() -> TestClient:
    return TestClient(_app(), raise_server_exceptions=False)


def test_unhandled_error_keeps_the_request_id_in_body_header_and_log(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="interview.errors"):
        response = client.get("/boom", headers={"X-Request-ID": "trace-me-42"})
    assert response.status_code == 500
    assert response.json()["request_id"] == "trace-me-42"
    assert response.headers["X-Request-ID"] == "trace-me-42"
    records = [r for r in caplog.records if r.getMessage() == "unhandled error"]
    assert records, "no log line for the 500"
    assert records[0].request_id == "trace-me-42"  # type: ignore[attr-defined]
    assert records[0].exc_info is not None


def test_generated_request_id_is_the_same_in_body_and_header(client: TestClient) -> None:
    response = client.get("/boom")
    assert response.json()["request_id"] == response.headers["X-Request-ID"] != "-"


@pytest.mark.parametrize(("path", "word"), [("/db-down", "database"), ("/broker-down", "message broker")])
def test_dependency_down_is_503_with_retry_after(client: TestClient, path: str, word: str) -> None:
    response = client.get(path)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert word in response.json()["detail"]
    assert response.json()["request_id"] == response.headers["X-Request-ID"]


def test_nul_that_reaches_the_driver_is_the_client_s_error(client: TestClient) -> None:
    response = client.get("/nul")
    assert response.status_code == 422
    assert "NUL" in json.dumps(response.json())
