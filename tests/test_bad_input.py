"""Bad input gets a clear 4xx and never a 5xx: text PostgreSQL cannot store, malformed SDP, missing tokens."""

from __future__ import annotations

import httpx

from tests.conftest import Account, RunningStack, create_session, make_client, register
from tests.interview_script import wait_for_question

NUL = "\x00"


def _field_errors(response: httpx.Response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json().get("errors", [])}


def test_nul_in_an_answer_is_refused_and_the_connection_stays_usable(api: httpx.Client, candidate: Account) -> None:
    sid = create_session(api, candidate)["id"]
    q1 = wait_for_question(api, candidate, sid, 1)
    refused = api.post(
        f"/sessions/{sid}/answers",
        json={"question_id": q1["id"], "answer_text": f"Redis{NUL}캐시를 도입했습니다."},
        headers=candidate.headers,
    )
    assert refused.status_code == 422, refused.text
    assert "NUL" in _field_errors(refused)["answer_text"]
    assert refused.json()["request_id"] == refused.headers["X-Request-ID"]
    # Same keep-alive connection: the next request is served, and nothing was stored.
    stored = api.get(f"/sessions/{sid}/questions", headers=candidate.headers)
    assert stored.status_code == 200
    assert stored.json()[0]["answer_text"] is None


def test_nul_is_refused_in_every_kind_of_text(api: httpx.Client, candidate: Account, recruiter: Account) -> None:
    registration = api.post("/register", json={"username": "nul_user", "password": "s3cret-pass", "full_name": NUL})
    assert registration.status_code == 422
    assert "NUL" in _field_errors(registration)["full_name"]
    body = {
        "user_name": "테스터",
        "position": f"백엔드{NUL}",
        "consent": {"interview": True, "notice_version": api.get("/consent/notice").json()["version"]},
    }
    session = api.post("/sessions", json=body, headers=candidate.headers)
    assert session.status_code == 422
    assert "position" in _field_errors(session)
    login = api.post("/token", data={"username": f"a{NUL}b", "password": "whatever-pass"})
    assert login.status_code == 422, login.text
    assert "username" in _field_errors(login)
    search = api.get("/search", params={"q": f"Redis{NUL}"}, headers=recruiter.headers)
    assert search.status_code == 422
    assert "q" in _field_errors(search)


def test_unpaired_surrogate_is_refused(api: httpx.Client, candidate: Account) -> None:
    sid = create_session(api, candidate)["id"]
    raw = '{"question_id": 1, "answer_text": "bad \\ud800 text"}'
    response = api.post(
        f"/sessions/{sid}/answers",
        content=raw.encode(),
        headers={**candidate.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert "Unicode" in _field_errors(response)["answer_text"]


def test_search_without_a_word_is_refused_not_scored_null(api: httpx.Client, recruiter: Account) -> None:
    response = api.get("/search", params={"q": "\x01!!"}, headers=recruiter.headers)
    assert response.status_code == 422
    assert "letter or digit" in response.json()["detail"]


def test_huge_offset_is_refused(api: httpx.Client, candidate: Account) -> None:
    response = api.get("/sessions", params={"offset": 10**30}, headers=candidate.headers)
    assert response.status_code == 422
    assert "offset" in _field_errors(response)


def test_malformed_sdp_is_refused_with_its_reason(stack: RunningStack, api: httpx.Client, candidate: Account) -> None:
    sid = create_session(api, candidate)["id"]
    with make_client(stack.media_url) as media:
        for sdp in ("v=0\r\nm=video x y z\r\n", "v=0\r\nm=audio 9\r\n", "m=video 9 UDP/TLS/RTP/SAVPF x\r\n"):
            response = media.post(
                "/offer", json={"sdp": sdp, "type": "offer", "session_id": sid}, headers=candidate.headers
            )
            assert response.status_code == 422, (sdp, response.text)
            assert "could not be used" in response.json()["detail"]


def test_media_endpoints_answer_401_before_looking_at_the_body(stack: RunningStack, api: httpx.Client) -> None:
    other = register(api)
    with make_client(stack.media_url) as media:
        for path, body in (("/offer", {"sdp": ""}), ("/voice-answers", {"session_id": "x"})):
            missing = media.post(path, json=body)
            assert missing.status_code == 401, (path, missing.text)
            assert missing.headers["WWW-Authenticate"] == "Bearer"
            forged = media.post(path, json=body, headers={"Authorization": "Bearer not-a-token"})
            assert forged.status_code == 401
        assert media.get("/stats").status_code == 401
        assert media.get("/stats", headers=other.headers).status_code == 403
