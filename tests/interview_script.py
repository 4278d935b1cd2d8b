"""Driving an interview through the HTTP API as a client would (shared by the engine tests)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Account, wait_until

# Substantive answers a backend candidate might give, each with terms a follow-up can pick up.
BACKEND_ANSWERS = [
    "저는 5년 차 백엔드 개발자로, 결제 시스템의 Kafka 기반 이벤트 파이프라인을 설계하고 운영했습니다. "
    "주문이 몰리는 시간에 메시지 지연이 생겨서 파티션 구조를 다시 잡았습니다.",
    "당시 Redis 캐시를 도입해서 상품 조회 API의 응답 시간을 줄이는 것이 목표였습니다. 제가 캐시 무효화 전략을 "
    "설계했고, 조회 응답 시간이 평균 320ms에서 45ms로 줄었습니다.",
    "장애가 났을 때는 먼저 지표로 범위를 좁히고, 로그에서 요청 ID로 흐름을 따라갔습니다. 데이터베이스 커넥션 풀이 "
    "고갈된 것이 원인이어서 타임아웃과 풀 크기를 조정했고, 재발 방지를 위해 알림을 추가했습니다.",
    "팀에서 코드 리뷰 기준이 달라 갈등이 있었는데, 제가 체크리스트를 제안하고 회고에서 합의했습니다. "
    "그 뒤로 리뷰 시간이 절반 정도로 줄었습니다.",
    "입사하면 먼저 서비스의 병목 지점을 파악하고, 관측 가능성을 높이는 작업부터 기여하고 싶습니다.",
]


def questions(api: httpx.Client, account: Account, session_id: int) -> list[dict[str, Any]]:
    response = api.get(f"/sessions/{session_id}/questions", headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


def wait_for_question(api: httpx.Client, account: Account, session_id: int, order: int) -> dict[str, Any]:
    def check() -> dict[str, Any] | None:
        found = [q for q in questions(api, account, session_id) if q["order"] == order]
        return found[0] if found else None

    return wait_until(check, timeout=60, what=f"question {order} of session {session_id}")


def answer(api: httpx.Client, account: Account, session_id: int, question_id: int, text: str) -> dict[str, Any]:
    response = api.post(
        f"/sessions/{session_id}/answers",
        json={"question_id": question_id, "answer_text": text},
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def results(api: httpx.Client, account: Account, session_id: int) -> dict[str, Any]:
    response = api.get(f"/sessions/{session_id}/results", headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


def wait_for_results(api: httpx.Client, account: Account, session_id: int, status: str) -> dict[str, Any]:
    return wait_until(
        lambda: (r := results(api, account, session_id))["status"] == status and r,
        timeout=90,
        what=f"results of session {session_id} to be {status}",
    )
