"""The configured LLM backend, built once per process from the settings."""

from __future__ import annotations

import threading

from ai_worker.llm.base import LLMClient, LLMError
from interview_common.settings import LLMBackend, Settings, get_settings


class LLMConfigError(LLMError):
    """The settings name a backend that cannot be built as configured."""


_clients: dict[tuple[object, ...], LLMClient] = {}
_lock = threading.Lock()


def get_llm_client(settings: Settings | None = None) -> LLMClient | None:
    """The client for LLM_BACKEND, or None for `local` (the offline generator and scorer).

    Raises `LLMConfigError` when LLM_MODEL is missing for a backend that needs it.
    """
    settings = settings or get_settings()
    if settings.LLM_BACKEND is LLMBackend.LOCAL:
        return None
    if not settings.LLM_MODEL.strip():
        raise LLMConfigError(
            f"LLM_BACKEND={settings.LLM_BACKEND.value} needs LLM_MODEL: "
            + (
                "the model name the server knows (e.g. `ollama list`)"
                if settings.LLM_BACKEND is LLMBackend.OPENAI
                else "a local model directory or a model id already in the Hugging Face cache"
            )
        )
    # Keyed by the settings that shape the client, so changed settings (tests) get a fresh one.
    key = (
        settings.LLM_BACKEND,
        settings.LLM_BASE_URL,
        settings.LLM_MODEL,
        settings.LLM_API_KEY,
        settings.LLM_TIMEOUT_SECONDS,
        settings.LLM_MAX_RETRIES,
    )
    with _lock:
        client = _clients.get(key)
        if client is None:
            client = _build(settings)
            _clients[key] = client
        return client


def _build(settings: Settings) -> LLMClient:
    model = settings.LLM_MODEL.strip()
    if settings.LLM_BACKEND is LLMBackend.OPENAI:
        from ai_worker.llm.openai_compat import OpenAIChatClient

        return OpenAIChatClient(
            base_url=settings.LLM_BASE_URL,
            model=model,
            api_key=settings.LLM_API_KEY,
            timeout_s=settings.LLM_TIMEOUT_SECONDS,
            max_retries=settings.LLM_MAX_RETRIES,
        )
    if settings.LLM_BACKEND is LLMBackend.TRANSFORMERS:
        # Imported here so a worker on another backend never pays for importing torch.
        from ai_worker.llm.hf_transformers import TransformersClient

        return TransformersClient(model)
    raise LLMConfigError(f"unknown LLM_BACKEND {settings.LLM_BACKEND!r}")
