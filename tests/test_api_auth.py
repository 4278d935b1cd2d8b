"""Registration, login and tokens, against the running stack."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import httpx
from jose import jwt
from sqlalchemy import Engine, text

from interview_common.settings import DEFAULT_SECRET_KEY
from tests.conftest import PASSWORD, Account, RunningStack, make_client, unique_username


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_register_with_hashed_password_alias_stores_only_a_hash(api: httpx.Client, db: Engine) -> None:
    username = unique_username()
    response = api.post("/register", json={"username": username, "hashed_password": "test1234", "full_name": "테스터"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["username"] == username
    assert body["role"] == "candidate"
    assert isinstance(body["id"], int)
    assert "password" not in response.text
    assert "hash" not in response.text
    with db.connect() as conn:
        stored = conn.execute(text('SELECT hashed_password FROM "user" WHERE username = :u'), {"u": username}).scalar()
    assert stored.startswith("$argon2")
    assert "test1234" not in stored
    assert api.post("/token", data={"username": username, "password": "test1234"}).status_code == 200


def test_register_duplicate_username_conflicts(api: httpx.Client, candidate: Account) -> None:
    response = api.post("/register", json={"username": candidate.username, "password": PASSWORD, "full_name": "x"})
    assert response.status_code == 409
    assert candidate.username in response.json()["detail"]


def test_register_password_length_bounds(api: httpx.Client) -> None:
    for bad, word in (("short7!", "at least 8"), ("x" * 25, "at most 24")):
        response = api.post("/register", json={"username": unique_username(), "password": bad, "full_name": "x"})
        assert response.status_code == 422
        body = response.json()
        assert word in body["detail"]
        assert body["errors"][0]["field"] == "password"
    korean_24 = "가" * 24  # 72 bytes of UTF-8: must not be truncated by the hash
    response = api.post("/register", json={"username": unique_username(), "password": korean_24, "full_name": "x"})
    assert response.status_code == 201


def test_register_cannot_choose_recruiter_role(api: httpx.Client) -> None:
    response = api.post(
        "/register", json={"username": unique_username(), "password": PASSWORD, "full_name": "x", "role": "recruiter"}
    )
    assert response.status_code == 201
    assert response.json()["role"] == "candidate"


def test_register_bad_inputs_get_clear_errors(api: httpx.Client) -> None:
    malformed = api.post("/register", content=b'{"username": "a",', headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400
    assert "not valid JSON" in malformed.json()["detail"]

    missing = api.post("/register", json={"username": unique_username()})
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"password", "full_name"}

    wrong_type = api.post("/register", json={"username": 12345, "password": PASSWORD, "full_name": "x"})
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0] == {"field": "username", "message": "must be a string"}

    bad_name = api.post("/register", json={"username": "no spaces!", "password": PASSWORD, "full_name": "x"})
    assert bad_name.status_code == 422
    assert "letters, digits" in bad_name.json()["detail"]

    not_object = api.post("/register", json=["a", "b"])
    assert not_object.status_code == 422


def test_oversized_body_is_refused_before_reading(api: httpx.Client) -> None:
    big = {"username": unique_username(), "password": PASSWORD, "full_name": "x" * 100_000}
    response = api.post("/register", json=big)
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


def test_oversized_chunked_body_is_refused(api: httpx.Client) -> None:
    def chunks():  # no Content-Length: the limit must hold while streaming too
        yield b'{"username": "chunky", "full_name": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'", "password": "abcdefgh1"}'

    response = api.post("/register", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_token_wrong_user_and_wrong_password_look_the_same(api: httpx.Client, candidate: Account) -> None:
    wrong_password = api.post("/token", data={"username": candidate.username, "password": "wrong-pass"})
    wrong_user = api.post("/token", data={"username": unique_username(), "password": PASSWORD})
    assert wrong_password.status_code == wrong_user.status_code == 401
    assert wrong_password.json()["detail"] == wrong_user.json()["detail"] == "Incorrect username or password."


def test_token_requires_form_fields(api: httpx.Client) -> None:
    response = api.post("/token", data={"username": "only-a-name"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "password"


def test_users_me_returns_the_token_owner(api: httpx.Client, candidate: Account) -> None:
    response = api.get("/users/me", headers=candidate.headers)
    assert response.status_code == 200
    assert response.json()["username"] == candidate.username
    assert "hashed_password" not in response.json()


def test_invalid_tokens_are_rejected(api: httpx.Client, candidate: Account) -> None:
    now = datetime.now(UTC)
    claims = {"sub": str(candidate.id), "iat": now, "type": "access"}
    expired = jwt.encode({**claims, "exp": now - timedelta(minutes=1)}, DEFAULT_SECRET_KEY, algorithm="HS256")
    forged = jwt.encode({**claims, "exp": now + timedelta(hours=1)}, "another-key-" * 4, algorithm="HS256")
    header, payload, signature = candidate.token.split(".")
    other_user = _b64({**json.loads(base64.urlsafe_b64decode(payload + "==")), "sub": "1"})
    tampered = f"{header}.{other_user}.{signature}"
    alg_none = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{payload}."
    cases = {
        "expired": (expired, "expired"),
        "forged": (forged, "not valid"),
        "tampered": (tampered, "not valid"),
        "alg none": (alg_none, "not valid"),
        "garbage": ("not-a-jwt", "not valid"),
    }
    for name, (token, phrase) in cases.items():
        response = api.get("/users/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, name
        assert phrase in response.json()["detail"], name
        assert response.headers["WWW-Authenticate"] == "Bearer"
    missing = api.get("/users/me")
    assert missing.status_code == 401
    assert "bearer token" in missing.json()["detail"]


def test_login_rate_limit_answers_429_with_retry_after(stack: RunningStack) -> None:
    with make_client(stack.backend_url) as client:  # its own client address
        statuses = [
            client.post("/token", data={"username": "nobody", "password": "whatever1"}).status_code for _ in range(31)
        ]
        assert statuses[:30] == [401] * 30
        assert statuses[30] == 429
        limited = client.post("/token", data={"username": "nobody", "password": "whatever1"})
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["Retry-After"]) <= 61
        assert "Try again in" in limited.json()["detail"]
    with make_client(stack.backend_url) as other:  # another address is not affected
        assert other.post("/token", data={"username": "nobody", "password": "whatever1"}).status_code == 401


def test_request_id_is_echoed_and_logged(stack: RunningStack, api: httpx.Client) -> None:
    response = api.get("/users/me", headers={"X-Request-ID": "trace-me-42"})
    assert response.headers["X-Request-ID"] == "trace-me-42"
    assert response.json()["request_id"] == "trace-me-42"
    generated = api.get("/health/live").headers["X-Request-ID"]
    assert len(generated) == 32
    lines = [json.loads(line) for line in stack.log_text().splitlines() if "trace-me-42" in line]
    assert any(line["path"] == "/users/me" and line["status"] == 401 for line in lines if "path" in line)
    assert all(line["request_id"] == "trace-me-42" for line in lines)


def test_a_hash_with_outdated_parameters_still_logs_in_and_is_upgraded(
    api: httpx.Client, candidate: Account, db: Engine
) -> None:
    from passlib.context import CryptContext

    # passlib's default argon2 parameters, which the platform used before (64 MiB, 3 passes, 4 lanes).
    old_hash = CryptContext(schemes=["argon2"]).hash(candidate.password)
    assert "m=65536,t=3,p=4" in old_hash
    with db.begin() as conn:
        conn.execute(text('UPDATE "user" SET hashed_password = :h WHERE id = :i'), {"h": old_hash, "i": candidate.id})
    response = api.post("/token", data={"username": candidate.username, "password": candidate.password})
    assert response.status_code == 200, response.text
    with db.connect() as conn:
        stored = conn.execute(text('SELECT hashed_password FROM "user" WHERE id = :i'), {"i": candidate.id}).scalar()
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert api.post("/token", data={"username": candidate.username, "password": candidate.password}).status_code == 200
    wrong = api.post("/token", data={"username": candidate.username, "password": "wrong-password"})
    assert wrong.status_code == 401
