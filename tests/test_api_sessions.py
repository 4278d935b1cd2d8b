"""Interview sessions: the original client's scenario, ownership, and bad ids."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import Engine, text

from tests.conftest import Account, RunningStack, create_session, make_client, register, session_body


def _create(api: httpx.Client, account: Account, position: str = "Frontend 개발자") -> dict[str, object]:
    return create_session(api, account, position)


def test_original_client_scenario_through_the_gateway(stack: RunningStack, db: Engine) -> None:
    """register with hashed_password → token via form → POST /sessions with the bearer token, via /api."""
    with make_client(stack.web_url + "/api") as web:
        account = register(web)
        response = web.post("/sessions", json=session_body(web, "Frontend 개발자"), headers=account.headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert isinstance(created["id"], int)
    assert created["status"] == "created"
    assert created["user_id"] == account.id
    assert created["created_at"].endswith("Z") or "+" in created["created_at"]
    with db.connect() as conn:
        user_row = conn.execute(text('SELECT full_name FROM "user" WHERE id = :i'), {"i": account.id}).one()
        session_row = conn.execute(
            text("SELECT user_id, user_name, position FROM interviewsession WHERE id = :i"), {"i": created["id"]}
        ).one()
    assert user_row.full_name == "테스트 지원자"
    assert tuple(session_row) == (account.id, "테스터", "Frontend 개발자")
    logged = [
        json.loads(line)
        for line in stack.log_text().splitlines()
        if '"session created"' in line and f'"session_id": {created["id"]},' in line
    ]
    assert len(logged) == 1
    assert logged[0]["user_id"] == account.id
    assert logged[0]["position"] == "Frontend 개발자"


def test_create_session_validates_body(api: httpx.Client, candidate: Account) -> None:
    blank = api.post("/sessions", json=session_body(api, user_name="   "), headers=candidate.headers)
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "user_name"
    wrong_type = api.post("/sessions", json=session_body(api, 3), headers=candidate.headers)  # type: ignore[arg-type]
    assert wrong_type.status_code == 422
    missing = api.post("/sessions", json={}, headers=candidate.headers)
    assert {e["field"] for e in missing.json()["errors"]} == {"user_name", "position", "consent"}


def test_create_session_requires_a_token(api: httpx.Client) -> None:
    response = api.post("/sessions", json={"user_name": "a", "position": "b"})
    assert response.status_code == 401


def test_candidates_see_only_their_own_sessions(api: httpx.Client, candidate: Account, recruiter: Account) -> None:
    other = register(api)
    mine = _create(api, candidate)
    theirs = _create(api, other, position="백엔드 개발자")

    listed = api.get("/sessions", headers=candidate.headers).json()
    assert [s["id"] for s in listed] == [mine["id"]]
    assert api.get(f"/sessions/{mine['id']}", headers=candidate.headers).status_code == 200

    foreign = api.get(f"/sessions/{theirs['id']}", headers=candidate.headers)
    assert foreign.status_code == 404
    assert foreign.json()["detail"] == f"Interview session {theirs['id']} was not found."

    recruiter_view = {s["id"] for s in api.get("/sessions", headers=recruiter.headers, params={"limit": 200}).json()}
    assert {mine["id"], theirs["id"]} <= recruiter_view
    assert api.get(f"/sessions/{theirs['id']}", headers=recruiter.headers).status_code == 200


def test_unknown_and_malformed_session_ids(api: httpx.Client, candidate: Account) -> None:
    assert api.get("/sessions/2000000000", headers=candidate.headers).status_code == 404
    for bad, message in (("unknown", "whole number"), ("0", "at least 1"), ("99999999999", "at most")):
        response = api.get(f"/sessions/{bad}", headers=candidate.headers)
        assert response.status_code == 422, bad
        assert message in response.json()["detail"], bad


def test_session_list_paging_is_bounded(api: httpx.Client, candidate: Account) -> None:
    assert api.get("/sessions", params={"limit": 0}, headers=candidate.headers).status_code == 422
    assert api.get("/sessions", params={"limit": 500}, headers=candidate.headers).status_code == 422
