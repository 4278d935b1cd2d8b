"""The configured emotion backend, built once per worker process."""

from __future__ import annotations

import threading
import time

from ai_worker.emotion.decode import decode_jpeg
from ai_worker.emotion.types import EmotionBackend, FrameAnalysis
from interview_common.settings import get_settings

BACKENDS: tuple[str, ...] = ("minixception", "deepface")

_backends: dict[str, EmotionBackend] = {}
_lock = threading.Lock()


def configured_backend_name() -> str:
    return get_settings().EMOTION_BACKEND


def get_emotion_backend(name: str | None = None) -> EmotionBackend:
    """The backend called `name` (EMOTION_BACKEND when None), the same instance for the whole process."""
    key = (name if name is not None else configured_backend_name()).strip().lower()
    if key not in BACKENDS:
        raise ValueError(f"unknown emotion backend {name!r}: choose one of {', '.join(BACKENDS)}")
    with _lock:
        backend = _backends.get(key)
        if backend is None:
            backend = _build(key)
            _backends[key] = backend
        return backend


def warm_up(name: str | None = None) -> EmotionBackend:
    """Load the configured backend's model now; call it in each worker process after the fork."""
    backend = get_emotion_backend(name)
    backend.warm_up()
    return backend


def analyze_jpeg(data: bytes, backend: EmotionBackend | None = None) -> FrameAnalysis:
    """Decode one JPEG frame and analyse it, with the decode time added to the timings."""
    backend = backend or get_emotion_backend()
    started = time.perf_counter()
    image = decode_jpeg(data)
    decode_ms = round((time.perf_counter() - started) * 1000, 3)
    analysis = backend.analyze(image)
    analysis.timings_ms["decode"] = decode_ms
    return analysis


def _build(name: str) -> EmotionBackend:
    # Imported per branch: each backend's heavy imports (TensorFlow for deepface, torch for minixception) load only
    # when it is chosen.
    if name == "deepface":
        from ai_worker.emotion.deepface_backend import DeepFaceBackend

        return DeepFaceBackend()
    from ai_worker.emotion.minixception import MiniXceptionBackend

    return MiniXceptionBackend()
