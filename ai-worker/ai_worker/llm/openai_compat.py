"""The `openai` backend: any server that speaks OpenAI's chat-completions protocol.

Ollama (`http://localhost:11434/v1`), vLLM, llama.cpp's server and OpenAI itself all accept the
same request; only the error bodies differ, so error messages are read from each known shape.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import httpx

from ai_worker.llm.base import LLMError

logger = logging.getLogger(__name__)

# Rate limits and overloaded or restarting servers pass; every other 4xx is the request's own fault.
_RETRY_STATUSES = frozenset({429}) | frozenset(range(500, 600))
# Network failures that a second attempt can cure; a malformed URL or protocol cannot.
_RETRY_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
_MAX_MESSAGE_CHARS = 300


class OpenAIChatClient:
    """A chat-completions client with bounded retries; one connection pool per instance, reused."""

    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout_s: float = 30.0,
        max_retries: int = 2,
        *,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
        retry_after_cap_s: float = 5.0,
    ) -> None:
        if not model:
            raise LLMError("an OpenAI-compatible backend needs a model name (LLM_MODEL)")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_retries = max(0, max_retries)
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        # A server may ask for minutes; waiting that long would outlive the task's time limit.
        self.retry_after_cap_s = retry_after_cap_s
        headers = {"Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        # httpx's timeout bounds each connect/read/write, so a server that hangs is cut off after timeout_s.
        self._http = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout_s))

    @property
    def url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def complete(self, system: str, user: str, *, max_tokens: int, temperature: float = 0.7) -> str:
        body = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        attempts = self.max_retries + 1
        for attempt in range(attempts):
            is_last = attempt == attempts - 1
            try:
                response = self._http.post(self.url, json=body)
            except _RETRY_ERRORS as exc:
                reason = f"{type(exc).__name__}: {exc or 'no detail'}"
                if is_last:
                    raise LLMError(f"{self.url} failed after {attempts} attempt(s): {reason}") from exc
                self._pause(attempt, reason, retry_after=None)
                continue
            except httpx.HTTPError as exc:
                raise LLMError(f"{self.url} cannot be called: {type(exc).__name__}: {exc}") from exc

            if response.status_code in _RETRY_STATUSES:
                reason = f"HTTP {response.status_code}: {_error_message(response)}"
                if is_last:
                    raise LLMError(f"{self.url} failed after {attempts} attempt(s): {reason}")
                self._pause(attempt, reason, retry_after=_retry_after_seconds(response))
                continue
            if response.status_code >= 400:
                raise LLMError(f"{self.url} answered HTTP {response.status_code}: {_error_message(response)}")
            return _content_of(response)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _pause(self, attempt: int, reason: str, *, retry_after: float | None) -> None:
        # Exponential backoff with jitter, so workers that failed together do not retry together.
        delay = min(self.max_backoff_s, self.backoff_s * 2**attempt) * random.uniform(0.5, 1.0)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.retry_after_cap_s))
        logger.warning(
            "LLM request to %s failed (%s); retry %d of %d in %.2fs",
            self.url,
            reason,
            attempt + 1,
            self.max_retries,
            delay,
        )
        time.sleep(delay)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _retry_after_seconds(response: httpx.Response) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_message(response: httpx.Response) -> str:
    """The server's own explanation, from whichever error shape it uses."""
    try:
        payload: Any = response.json()
    except ValueError:
        text = response.text.strip()
        return _shorten(text) if text else response.reason_phrase or "no error message"
    message = _message_in(payload)
    return _shorten(message if message else json.dumps(payload, ensure_ascii=False))


def _message_in(payload: Any) -> str | None:
    # OpenAI and llama.cpp: {"error": {"message": ...}}; Ollama: {"error": "..."};
    # vLLM: {"message": ...}; FastAPI-style proxies: {"detail": ...}.
    if isinstance(payload, dict):
        error = payload.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return error["message"]
        for key in ("error", "message", "detail"):
            if isinstance(payload.get(key), str):
                return payload[key]
    return None


def _content_of(response: httpx.Response) -> str:
    try:
        payload: Any = response.json()
    except ValueError as exc:
        raise LLMError(f"the reply from {response.url} is not JSON: {_shorten(response.text)!r}") from exc
    if not isinstance(payload, dict):
        raise LLMError(f"the reply from {response.url} is not a JSON object")
    choices = payload.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        message = _message_in(payload)
        detail = f": {_shorten(message)}" if message else ""
        raise LLMError(f"the reply from {response.url} has no choices{detail}")
    first = choices[0]
    message = first.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if content is None:
        # Completion-style servers put the text beside the message instead.
        content = first.get("text")
    if isinstance(content, list):
        # Content given as parts: keep the text parts in order.
        content = "".join(
            part.get("text", "") for part in content if isinstance(part, dict) and isinstance(part.get("text"), str)
        )
    if not isinstance(content, str) or not content.strip():
        raise LLMError(
            f"the reply from {response.url} has no text content (finish_reason={first.get('finish_reason')!r})"
        )
    return content.strip()


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE_CHARS else text[: _MAX_MESSAGE_CHARS - 1] + "…"
