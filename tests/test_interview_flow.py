"""A whole interview through the HTTP API with a real worker: questions, answers, evaluations, report."""

from __future__ import annotations

import json
import re
import threading
from typing import Any

import httpx

from tests.conftest import Account, RunningStack, create_session, register, session_body
from tests.interview_script import (
    BACKEND_ANSWERS,
    answer,
    questions,
    results,
    wait_for_question,
    wait_for_results,
)

HANGUL = re.compile(r"[가-힣]")


def test_five_question_interview_from_first_question_to_ready_report(api: httpx.Client, candidate: Account) -> None:
    started = api.post("/sessions", json=session_body(api), headers=candidate.headers)
    assert started.status_code == 201, started.text
    session = started.json()
    sid = session["id"]
    assert session["total_questions"] == 5
    assert session["first_question"] is not None, "the first question exists right after POST /sessions"
    assert session["first_question"]["order"] == 1
    assert results(api, candidate, sid)["status"] == "pending"

    asked: list[dict[str, Any]] = []
    for order, text in enumerate(BACKEND_ANSWERS, start=1):
        question = wait_for_question(api, candidate, sid, order)
        asked.append(question)
        stored = answer(api, candidate, sid, question["id"], text)
        assert stored["answer_text"] == text
        if order < 5:
            assert results(api, candidate, sid)["status"] == "pending"

    texts = [q["question_text"] for q in asked]
    assert len(set(texts)) == 5, texts
    assert all(len(HANGUL.findall(t)) >= 10 for t in texts), texts
    follow_ups = [q for q in asked if q["kind"] == "follow_up"]
    assert follow_ups, [q["kind"] for q in asked]
    for q in follow_ups:
        previous_answer = BACKEND_ANSWERS[q["order"] - 2]
        assert q["key_terms"], q
        assert any(term in q["question_text"] and term in previous_answer for term in q["key_terms"]), q

    ready = wait_for_results(api, candidate, sid, "ready")
    assert ready["progress"] == {"total": 5, "asked": 5, "answered": 5, "evaluated": 5}
    report = ready["report"]
    assert 0 <= report["overall_score"] <= 100
    assert [item["order"] for item in report["items"]] == [1, 2, 3, 4, 5]
    assert report["recommendation"] in {"strong_hire", "hire", "hold", "no_hire"}
    assert HANGUL.search(report["recommendation_reason"])
    final = questions(api, candidate, sid)
    assert all(q["evaluation"] is not None and 0 <= q["score"] <= 100 for q in final)
    assert all(HANGUL.search(q["evaluation"]["strengths"][0]) for q in final)
    detail = api.get(f"/sessions/{sid}", headers=candidate.headers).json()
    assert detail["status"] == "finished"
    assert detail["overall_score"] == report["overall_score"]


def test_finishing_without_answers_fails_with_a_reason(api: httpx.Client, candidate: Account) -> None:
    sid = create_session(api, candidate)["id"]
    finished = api.post(f"/sessions/{sid}/finish", headers=candidate.headers)
    assert finished.status_code == 200
    assert finished.json()["status"] == "finished"
    failed = results(api, candidate, sid)
    assert failed["status"] == "failed"
    assert "before any question was answered" in failed["reason"]
    assert failed["report"] is None
    assert api.post(f"/sessions/{sid}/finish", headers=candidate.headers).status_code == 200  # idempotent


def test_finishing_early_reports_on_the_answers_given(api: httpx.Client, candidate: Account) -> None:
    sid = create_session(api, candidate)["id"]
    first = wait_for_question(api, candidate, sid, 1)
    answer(api, candidate, sid, first["id"], BACKEND_ANSWERS[0])
    wait_for_question(api, candidate, sid, 2)
    assert api.post(f"/sessions/{sid}/finish", headers=candidate.headers).status_code == 200
    report = wait_for_results(api, candidate, sid, "ready")["report"]
    assert report["answered"] == 1
    assert report["asked"] == 2


def test_answer_errors_are_clear(
    stack: RunningStack, api: httpx.Client, candidate: Account, recruiter: Account
) -> None:
    sid = create_session(api, candidate)["id"]
    q1 = wait_for_question(api, candidate, sid, 1)
    other = register(api)
    other_sid = create_session(api, other)["id"]
    other_q = wait_for_question(api, other, other_sid, 1)

    def post(account: Account, session_id: int, body: object) -> httpx.Response:
        return api.post(f"/sessions/{session_id}/answers", json=body, headers=account.headers)

    wrong_question = post(candidate, sid, {"question_id": other_q["id"], "answer_text": "답변입니다"})
    assert wrong_question.status_code == 404
    assert f"is not part of interview session {sid}" in wrong_question.json()["detail"]
    assert post(other, sid, {"question_id": q1["id"], "answer_text": "남의 면접"}).status_code == 404
    assert post(recruiter, sid, {"question_id": q1["id"], "answer_text": "대리 답변"}).status_code == 403
    empty = post(candidate, sid, {"question_id": q1["id"], "answer_text": "   "})
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "answer_text"
    assert post(candidate, sid, {"question_id": "first", "answer_text": "x"}).status_code == 422
    assert post(candidate, sid, {"question_id": q1["id"], "answer_text": "첫 답변입니다"}).status_code == 201
    twice = post(candidate, sid, {"question_id": q1["id"], "answer_text": "다시 답변"})
    assert twice.status_code == 409
    assert "already been answered" in twice.json()["detail"]
    api.post(f"/sessions/{sid}/finish", headers=candidate.headers)
    q2 = wait_for_question(api, candidate, sid, 2) if len(questions(api, candidate, sid)) > 1 else q1
    late = post(candidate, sid, {"question_id": q2["id"], "answer_text": "늦은 답변"})
    assert late.status_code == 409
    assert api.get(f"/sessions/{sid}/results", headers=other.headers).status_code == 404
    assert api.get(f"/sessions/{sid}/results", headers=recruiter.headers).status_code == 200


def test_server_sent_events_announce_evaluation_and_next_question(
    stack: RunningStack, api: httpx.Client, candidate: Account
) -> None:
    sid = create_session(api, candidate)["id"]
    q1 = wait_for_question(api, candidate, sid, 1)
    events: list[dict[str, Any]] = []
    connected = threading.Event()

    def listen() -> None:
        url = f"{stack.web_url}/api/sessions/{sid}/events"
        with httpx.stream("GET", url, params={"access_token": candidate.token}, timeout=30) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            event_name = None
            for line in response.iter_lines():
                if line.startswith("event: "):
                    event_name = line.removeprefix("event: ")
                elif line.startswith("data: ") and event_name:
                    events.append({"event": event_name, **json.loads(line.removeprefix("data: "))})
                    if event_name == "snapshot":
                        connected.set()
                    if {"question_ready", "evaluation_ready"} <= {e["event"] for e in events}:
                        return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert connected.wait(10), "the event stream did not open"
    assert events[0]["event"] == "snapshot"
    assert events[0]["asked"] == 1
    answer(api, candidate, sid, q1["id"], BACKEND_ANSWERS[1])
    listener.join(30)
    kinds = {e["event"]: e for e in events}
    assert kinds["evaluation_ready"]["question_id"] == q1["id"]
    assert kinds["question_ready"]["order"] == 2
    unauthenticated = api.get(f"/sessions/{sid}/events")
    assert unauthenticated.status_code == 401


def test_search_ranks_the_matching_answer_first(api: httpx.Client, candidate: Account, recruiter: Account) -> None:
    topical = "쿠버네티스 오토스케일링을 설정해서 트래픽 급증 때 파드 수를 자동으로 늘렸고 비용도 30% 줄였습니다."
    unrelated = "디자이너와 협업하면서 색상 팔레트와 타이포그래피 가이드를 함께 정리했습니다."
    sessions = []
    for text in (unrelated, topical):
        sid = create_session(api, candidate, position="DevOps 엔지니어")["id"]
        q = wait_for_question(api, candidate, sid, 1)
        answer(api, candidate, sid, q["id"], text)
        sessions.append(sid)
        api.post(f"/sessions/{sid}/finish", headers=candidate.headers)
    for sid in sessions:
        wait_for_results(api, candidate, sid, "ready")

    hits = api.get("/search", params={"q": "쿠버네티스 오토스케일링", "limit": 50}, headers=recruiter.headers)
    assert hits.status_code == 200, hits.text
    ranked = [h["session_id"] for h in hits.json() if h["session_id"] in sessions]
    assert ranked[0] == sessions[1], hits.json()[:3]
    top = next(h for h in hits.json() if h["session_id"] == sessions[1])
    assert "쿠버네티스" in top["snippet"]
    assert top["candidate"] == "테스터"
    assert hits.json()[0]["score"] >= top["score"]
    assert api.get("/search", params={"q": "쿠버네티스"}, headers=candidate.headers).status_code == 403
    assert api.get("/search", params={"q": ""}, headers=recruiter.headers).status_code == 422
