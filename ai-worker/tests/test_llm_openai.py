"""The OpenAI-compatible client against a real HTTP server on localhost that follows a script."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from ai_worker.llm.base import LLMClient, LLMError
from ai_worker.llm.factory import LLMConfigError, get_llm_client
from ai_worker.llm.openai_compat import OpenAIChatClient
from ai_worker.llm.prompts import question_messages
from ai_worker.questions import service
from ai_worker.questions.context import QA, QuestionContext
from interview_common.positions.families import Family
from interview_common.settings import Settings

QUESTION = "Redis 캐시를 도입한 뒤 데이터 정합성은 어떻게 보장하셨나요?"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


def chat_reply(content: str) -> Reply:
    payload = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    }
    return json_reply(200, payload)


def json_reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(payload, ensure_ascii=False).encode(), headers or {})


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any


class ChatServer:
    """Answers each POST with the next scripted reply (the last one repeats) and records the requests."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.received: list[Received] = []
        self.released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    body: Any = json.loads(raw)
                except ValueError:
                    body = raw
                server.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                index = min(len(server.received), len(server.script)) - 1
                reply = server.script[index]
                if reply.delay_s and server.released.wait(reply.delay_s):
                    return  # the test is over
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(reply.body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # A short poll interval keeps shutdown() in the teardown quick.
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def client(self, **overrides: Any) -> OpenAIChatClient:
        options: dict[str, Any] = {
            "base_url": self.base_url,
            "model": "test-model",
            "api_key": "",
            "timeout_s": 2.0,
            "max_retries": 2,
            "backoff_s": 0.01,
            "max_backoff_s": 0.05,
        }
        options.update(overrides)
        return OpenAIChatClient(**options)


@pytest.fixture
def server() -> Iterator[ChatServer]:
    chat = ChatServer()
    chat.thread.start()
    yield chat
    chat.released.set()
    chat.httpd.shutdown()
    chat.httpd.server_close()
    chat.thread.join(timeout=5)


def complete(client: OpenAIChatClient) -> str:
    with client:
        return client.complete("시스템 지시", "사용자 메시지", max_tokens=64, temperature=0.3)


def timed(action: Callable[[], object]) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def test_complete_sends_chat_request_and_returns_content(server: ChatServer) -> None:
    server.script = [chat_reply(f"  {QUESTION}\n")]
    ctx = QuestionContext(
        position="백엔드 개발자",
        order=2,
        total=5,
        history=(QA(1, "자기소개를 해 주시겠어요?", "Redis 캐시로 응답 시간을 줄였습니다."),),
    )
    system, user = question_messages(ctx)
    with server.client(api_key="sk-test", base_url=server.base_url + "/") as client:
        text = client.complete(system, user, max_tokens=128, temperature=0.5)

    assert text == QUESTION
    [request] = server.received
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.headers["content-type"] == "application/json"
    assert request.body["model"] == "test-model"
    assert request.body["max_tokens"] == 128
    assert request.body["temperature"] == 0.5
    assert request.body["messages"] == [{"role": "system", "content": system}, {"role": "user", "content": user}]
    assert "한국어로만" in request.body["messages"][0]["content"]
    assert "백엔드 개발자" in request.body["messages"][1]["content"]


def test_complete_omits_authorization_without_key(server: ChatServer) -> None:
    server.script = [chat_reply(QUESTION)]
    assert complete(server.client(api_key="")) == QUESTION
    assert "authorization" not in server.received[0].headers


def test_complete_joins_content_parts(server: ChatServer) -> None:
    parts = [{"type": "text", "text": "Redis 캐시를 "}, {"type": "text", "text": "어떻게 쓰셨나요?"}]
    server.script = [json_reply(200, {"choices": [{"message": {"role": "assistant", "content": parts}}]})]
    assert complete(server.client()) == "Redis 캐시를 어떻게 쓰셨나요?"


def test_complete_retries_after_server_error(server: ChatServer) -> None:
    server.script = [json_reply(500, {"error": {"message": "engine restarting"}}), chat_reply(QUESTION)]
    assert complete(server.client()) == QUESTION
    assert len(server.received) == 2


def test_complete_fails_after_retries_exhausted(server: ChatServer) -> None:
    server.script = [json_reply(503, {"message": "model is loading"})]
    with pytest.raises(LLMError, match=r"after 3 attempt\(s\).*503.*model is loading"):
        complete(server.client(max_retries=2))
    assert len(server.received) == 3


def test_complete_honours_retry_after_on_429(server: ChatServer) -> None:
    limited = json_reply(429, {"error": {"message": "rate limited"}}, headers={"Retry-After": "1"})
    server.script = [limited, chat_reply(QUESTION)]
    elapsed = timed(lambda: complete(server.client(retry_after_cap_s=5.0)))
    assert len(server.received) == 2
    assert 0.9 <= elapsed < 4.0


def test_complete_caps_retry_after(server: ChatServer) -> None:
    limited = json_reply(429, {"error": {"message": "rate limited"}}, headers={"Retry-After": "120"})
    server.script = [limited, chat_reply(QUESTION)]
    elapsed = timed(lambda: complete(server.client(retry_after_cap_s=0.2)))
    assert len(server.received) == 2
    assert 0.2 <= elapsed < 2.0


@pytest.mark.parametrize(
    ("status", "payload", "message"),
    [
        (
            400,
            {"error": {"message": "max_tokens is too large", "type": "invalid_request_error"}},
            "max_tokens is too large",
        ),
        (401, {"error": {"message": "Incorrect API key provided"}}, "Incorrect API key provided"),
        (404, {"error": 'model "llama3" not found, try pulling it first'}, 'model "llama3" not found'),
        (422, {"detail": "messages: field required"}, "messages: field required"),
    ],
)
def test_complete_does_not_retry_client_errors(
    server: ChatServer, status: int, payload: dict[str, Any], message: str
) -> None:
    server.script = [json_reply(status, payload)]
    with pytest.raises(LLMError) as caught:
        complete(server.client(max_retries=3))
    assert f"HTTP {status}" in str(caught.value)
    assert message in str(caught.value)
    assert len(server.received) == 1


def test_complete_gives_up_on_hanging_server(server: ChatServer) -> None:
    server.script = [Reply(delay_s=30.0, body=b"{}")]
    client = server.client(timeout_s=0.3, max_retries=1)
    started = time.monotonic()
    with pytest.raises(LLMError, match=r"after 2 attempt\(s\).*Timeout"):
        complete(client)
    elapsed = time.monotonic() - started
    assert len(server.received) == 2
    assert elapsed < 3.0


def test_complete_rejects_malformed_json(server: ChatServer) -> None:
    server.script = [Reply(200, b'{"choices": [{"message": ')]
    with pytest.raises(LLMError, match="not JSON"):
        complete(server.client())
    assert len(server.received) == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"choices": []},
        {"object": "chat.completion"},
        {"choices": [{"message": {"role": "assistant", "content": None}, "finish_reason": "length"}]},
        {"choices": [{"message": {"role": "assistant", "content": "   "}}]},
        ["not", "an", "object"],
    ],
)
def test_complete_rejects_reply_without_text(server: ChatServer, payload: Any) -> None:
    server.script = [json_reply(200, payload)]
    with pytest.raises(LLMError):
        complete(server.client())


def test_complete_fails_when_nothing_listens() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = OpenAIChatClient(f"http://127.0.0.1:{port}/v1", "test-model", timeout_s=1.0, max_retries=2, backoff_s=0.01)
    with pytest.raises(LLMError, match=r"after 3 attempt\(s\).*ConnectError"):
        complete(client)


def test_get_llm_client_returns_none_for_local() -> None:
    assert get_llm_client(Settings(LLM_BACKEND="local")) is None


@pytest.mark.parametrize("backend", ["openai", "transformers"])
def test_get_llm_client_requires_model(backend: str) -> None:
    with pytest.raises(LLMConfigError, match="LLM_MODEL"):
        get_llm_client(Settings(LLM_BACKEND=backend, LLM_MODEL=" "))


def test_get_llm_client_builds_openai_client_once(server: ChatServer) -> None:
    settings = Settings(LLM_BACKEND="openai", LLM_BASE_URL=server.base_url, LLM_MODEL="qwen2.5:3b", LLM_API_KEY="k")
    client = get_llm_client(settings)
    assert isinstance(client, OpenAIChatClient)
    assert isinstance(client, LLMClient)
    assert client.name == "openai"
    assert get_llm_client(settings) is client

    server.script = [chat_reply(QUESTION)]
    assert client.complete("시스템", "사용자", max_tokens=16) == QUESTION
    assert server.received[0].body["model"] == "qwen2.5:3b"
    assert server.received[0].headers["authorization"] == "Bearer k"


def test_the_question_service_sends_the_posting_requirement_of_the_next_competency(
    server: ChatServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    posting = (
        "우리 팀은 결제와 예약 서비스를 만듭니다.\n"
        "자격 요건:\n"
        "- 느린 데이터베이스 쿼리의 실행 계획을 분석하고 인덱스를 개선한 경험\n"
        "- 인증과 권한 처리에 대한 이해\n"
    )
    ctx = QuestionContext(
        position="백엔드 개발자",
        order=2,
        total=5,
        history=(QA(1, "자기소개를 해 주시겠어요?", "네."),),
        job_family=Family.BACKEND,
        competencies=("보안", "성능"),
        job_description=posting,
    )
    asked = "인증 토큰이 탈취되었을 때 피해를 줄이기 위해 어떤 장치를 두셨나요?"
    server.script = [chat_reply(asked)]
    client = server.client()
    monkeypatch.setattr(service, "get_llm_client", lambda: client)
    with client:
        planned = service.choose_question(ctx)

    assert planned.text == asked
    assert planned.source == "openai"
    user = server.received[0].body["messages"][1]["content"]
    requirement = next(line for line in user.split("\n") if line.startswith("채용 공고 중"))
    # The recruiter's first competency is next; of the posting, the model is shown the line about it.
    assert "(보안)" in requirement
    assert "인증과 권한 처리에 대한 이해" in requirement
    assert "실행 계획" not in requirement
