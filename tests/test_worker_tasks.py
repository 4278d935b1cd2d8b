"""The real Celery worker process: payload validation at the boundary, and idempotent tasks."""

from __future__ import annotations

import json

import httpx
from celery import Celery
from sqlalchemy import Engine, text

from interview_common.tasks import TaskName
from tests.conftest import Account, RunningStack, create_session

TIMEOUT = 30


def _send(client: Celery, kwargs: dict[str, object] | None = None, args: tuple[object, ...] = ()) -> object:
    result = client.send_task(TaskName.GENERATE_QUESTION.value, args=args, kwargs=kwargs, queue="interview")
    return result.get(timeout=TIMEOUT)


def _rejections(db: Engine, marker: str) -> list[dict[str, object]]:
    with db.connect() as conn:
        rows = conn.execute(
            text("SELECT task_name, payload, errors, request_id FROM rejectedtask WHERE request_id = :m"), {"m": marker}
        ).mappings()
        return [dict(r) for r in rows]


def test_unknown_session_id_is_rejected_logged_and_recorded(
    stack: RunningStack, celery_client: Celery, db: Engine
) -> None:
    marker = "reject-unknown-1"
    outcome = _send(celery_client, {"payload": {"session_id": "unknown", "order": 1, "request_id": marker}})
    assert outcome["status"] == "rejected"
    assert outcome["errors"][0]["field"] == "session_id"
    assert outcome["errors"][0]["value"] == "unknown"

    [row] = _rejections(db, marker)
    assert row["task_name"] == "ai.generate_question"
    assert row["payload"]["session_id"] == "unknown"
    assert row["errors"][0]["field"] == "session_id"

    lines = [json.loads(line) for line in stack.log_text().splitlines() if marker in line]
    logged = [line for line in lines if line["message"] == "task payload rejected"]
    assert len(logged) == 1
    assert logged[0]["level"] == "ERROR"
    assert logged[0]["service"] == "ai-worker"
    assert logged[0]["task"] == "ai.generate_question"
    assert logged[0]["errors"][0]["value"] == "unknown"


def test_numeric_string_and_malformed_calls_are_rejected_too(celery_client: Celery, db: Engine) -> None:
    # "12" is exactly the original bug: a string where an integer id belongs; it is refused, not coerced.
    assert _send(celery_client, {"payload": {"session_id": "12", "order": 1, "request_id": "reject-str"}})[
        "status"
    ] == ("rejected")
    assert _send(celery_client, {"payload": {"session_id": 0, "order": 1, "request_id": "reject-zero"}})["status"] == (
        "rejected"
    )
    assert _send(celery_client, {"payload": {"session_id": 5, "request_id": "reject-missing"}})["status"] == "rejected"
    assert _send(celery_client, args=(5, 1))["status"] == "rejected"
    for marker in ("reject-str", "reject-zero", "reject-missing"):
        assert len(_rejections(db, marker)) == 1, marker


def test_worker_survives_rejections_and_generates_idempotently(
    api: httpx.Client, candidate: Account, celery_client: Celery, db: Engine
) -> None:
    _send(celery_client, {"payload": {"session_id": "unknown", "order": 1}})
    session = create_session(api, candidate, position="백엔드 개발자")
    payload = {"session_id": session["id"], "order": 2}
    first = _send(celery_client, {"payload": payload})
    again = _send(celery_client, {"payload": payload})  # a re-delivered task must not add a row
    assert first["status"] == "created"
    assert again["status"] == "exists"
    with db.connect() as conn:
        rows = conn.execute(
            text('SELECT question_text FROM interviewquestion WHERE session_id = :s AND "order" = 2'),
            {"s": session["id"]},
        ).all()
    assert len(rows) == 1
    assert rows[0].question_text.endswith("?")
    beyond = _send(celery_client, {"payload": {"session_id": session["id"], "order": 6}})
    assert beyond["status"] == "not_needed"  # past the interview's length: nothing is generated


def test_task_for_a_deleted_session_reports_it(celery_client: Celery) -> None:
    outcome = _send(celery_client, {"payload": {"session_id": 2_000_000_000, "order": 1}})
    assert outcome == {"status": "missing_session", "session_id": 2_000_000_000}
