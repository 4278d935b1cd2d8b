"""A patient client: drives an interview through faults the way the browser app does.

It retries on 503 (honouring Retry-After) and on refused connections while a process restarts, and
treats a 409 "already answered" after a cut connection as success when the stored answer is its own.
Any other answer (a 500 above all) is returned to the test, which fails on it. Shared by the embedded
resilience tests and the Compose suite.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.conftest import Account, session_body, wait_until
from tests.interview_script import BACKEND_ANSWERS


def retrying(send: Any, *, timeout: float = 120) -> httpx.Response:
    """Send a request again while the platform says it is briefly unavailable, as a patient client would.

    Retries on 503 (with its Retry-After, capped) and on connection errors while a container restarts;
    any other answer is returned, so a 500 still fails the test that asserts on it.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            response: httpx.Response = send()
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
            continue
        if response.status_code != 503 or time.monotonic() > deadline:
            return response
        time.sleep(min(float(response.headers.get("Retry-After", "1")), 3.0))


class PatientInterview:
    """One candidate's interview, answered question by question through faults."""

    def __init__(self, web: httpx.Client, account: Account) -> None:
        self.web = web
        self.account = account
        body = session_body(web, "백엔드 개발자")
        created = retrying(lambda: web.post("/sessions", json=body, headers=account.headers))
        assert created.status_code == 201, created.text
        self.id: int = created.json()["id"]
        self.answered = 0

    def questions(self) -> list[dict[str, Any]]:
        response = retrying(lambda: self.web.get(f"/sessions/{self.id}/questions", headers=self.account.headers))
        assert response.status_code == 200, response.text
        return response.json()

    def answer_next(self) -> None:
        order = self.answered + 1
        question = wait_until(
            lambda: next((q for q in self.questions() if q["order"] == order), None),
            timeout=120,
            what=f"question {order} of session {self.id}",
        )
        text = BACKEND_ANSWERS[self.answered]
        body = {"question_id": question["id"], "answer_text": text}
        response = retrying(
            lambda: self.web.post(f"/sessions/{self.id}/answers", json=body, headers=self.account.headers)
        )
        # A retry after a connection cut mid-request may find the answer already stored: that is success.
        if response.status_code == 409:
            stored = next(q for q in self.questions() if q["id"] == question["id"])
            assert stored["answer_text"] == text, response.text
        else:
            assert response.status_code == 201, response.text
        self.answered += 1

    def finish_all(self) -> dict[str, Any]:
        while self.answered < len(BACKEND_ANSWERS):
            self.answer_next()
        report = wait_until(self._ready_report, timeout=180, what=f"the report of session {self.id}")
        stored = self.questions()
        assert [q["answer_text"] for q in stored] == BACKEND_ANSWERS, "an answer was lost or changed"
        assert all(q["evaluation"] for q in stored), "an answer was never evaluated"
        assert report["answered"] == len(BACKEND_ANSWERS)
        return report

    def _ready_report(self) -> dict[str, Any] | None:
        response = retrying(lambda: self.web.get(f"/sessions/{self.id}/results", headers=self.account.headers))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] != "failed", body
        return body["report"] if body["status"] == "ready" else None
