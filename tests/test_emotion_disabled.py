"""EMOTION_ANALYSIS=disabled: the feature is gone end to end, whatever a client sends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import RunningStack, make_client, register, session_body, start_stack
from tests.interview_script import answer as reply
from tests.interview_script import wait_for_question
from tests.test_emotion_consent import _emotion_pushes, broker_pushes
from tests.test_emotion_consent import _stream as stream


@pytest.fixture(scope="module")
def disabled_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    stack = start_stack(tmp_path_factory.mktemp("no-emotion"), EMOTION_ANALYSIS="disabled")
    yield stack
    stack.stop()


def test_disabled_deployment_offers_stores_and_shows_no_emotion_analysis(disabled_stack: RunningStack) -> None:
    with make_client(disabled_stack.backend_url) as api:
        notice = api.get("/consent/notice").json()
        assert notice["emotion_analysis_enabled"] is False
        assert [item["key"] for item in notice["items"]] == ["interview"]

        candidate = register(api)
        # A client that ticks it anyway gets no emotion analysis.
        created = api.post("/sessions", json=session_body(api, emotion_analysis=True), headers=candidate.headers)
        assert created.status_code == 201, created.text
        session = created.json()
        assert (session["emotion_consent"], session["emotion_analysis"]) == (False, "disabled")
        sid = session["id"]

        question = wait_for_question(api, candidate, sid, 1)
        with broker_pushes(disabled_stack.redis_url) as pushes:
            answer = stream(disabled_stack, candidate, sid)
            # Control: a task queued meanwhile is seen, so MONITOR was listening.
            reply(api, candidate, sid, question["id"], "저는 백엔드 개발자로 Redis 캐시를 도입했습니다.")
        assert answer["video_analysed"] is False
        assert _emotion_pushes(pushes, sid) == 0
        assert any("ai.evaluate_answer" in p for p in pushes)

        emotions = api.get(f"/sessions/{sid}/emotions", headers=candidate.headers).json()
        assert (emotions["status"], emotions["frames"], emotions["timeline"]) == ("disabled", 0, [])
