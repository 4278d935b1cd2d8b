"""The `whisper` backend: a Whisper model from a local directory, run by transformers on the CPU.

Chosen with STT_BACKEND=whisper and STT_MODEL=<directory> (e.g. a saved `openai/whisper-small`).
Weights are never downloaded. Korean is forced: left to detect the language, Whisper sometimes
answers a short or accented Korean clip in Japanese or English.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from ai_worker.speech.audio import TARGET_RATE
from ai_worker.speech.base import GuardedSpeechBackend
from ai_worker.speech.types import SpeechError, Transcript

logger = logging.getLogger(__name__)

GENERATE_KWARGS = {"language": "korean", "task": "transcribe"}
# Whisper hears 30 s windows. A longer answer goes whole to generate(), whose sequential long-form decoding
# (the paper's, rather than the pipeline's experimental chunk_length_s) moves window by window on the
# timestamps it predicts, so it needs them.
WINDOW_S = 30.0

_PIPELINES: dict[str, Any] = {}
_LOAD_LOCK = threading.Lock()
# One transcription at a time per process: parallel runs on the CPU only compete for the same cores.
_RUN_LOCK = threading.Lock()


def model_dir(model_path: str | os.PathLike[str]) -> Path:
    """`model_path` resolved, or a `SpeechError` saying why it cannot hold a Whisper model."""
    raw = os.fspath(model_path).strip()
    if not raw:
        raise SpeechError(
            "STT_BACKEND=whisper needs STT_MODEL: the directory of a Whisper model saved with its processor "
            "(weights are never downloaded)"
        )
    path = Path(raw).expanduser().resolve()
    if not path.is_dir():
        raise SpeechError(f"STT_MODEL={raw!r}: no such directory; it must be a local Whisper model directory")
    if not (path / "config.json").is_file():
        raise SpeechError(f"STT_MODEL={raw!r}: {path} has no config.json, so it holds no transformers model")
    return path


def load_pipeline(model_path: str | os.PathLike[str]) -> Any:
    """The process's one speech-recognition pipeline for `model_path`, loaded on first use."""
    path = model_dir(model_path)
    key = str(path)
    asr = _PIPELINES.get(key)
    if asr is not None:
        return asr
    with _LOAD_LOCK:
        # Another thread may have finished loading while this one waited for the lock.
        asr = _PIPELINES.get(key)
        if asr is not None:
            return asr
        started = time.perf_counter()
        try:
            # Imported here so a worker on the default backend never pays for importing torch.
            import torch
            from transformers import AutoModelForSpeechSeq2Seq, AutoProcessor, pipeline

            # Loaded here rather than by pipeline(): its `local_files_only` would also reach generate() and fail.
            processor = AutoProcessor.from_pretrained(key, local_files_only=True)
            # float32: half-precision matmuls are slow or unsupported on most CPUs.
            model = AutoModelForSpeechSeq2Seq.from_pretrained(key, local_files_only=True, dtype=torch.float32)
            model.eval()
            asr = pipeline(
                "automatic-speech-recognition",
                model=model,
                tokenizer=processor.tokenizer,
                feature_extractor=processor.feature_extractor,
                device="cpu",
            )
        except Exception as exc:
            raise SpeechError(
                f"cannot load the Whisper model from {key} (local files only): {type(exc).__name__}: {exc}"
            ) from exc
        _PIPELINES[key] = asr
        logger.info("loaded the Whisper model %s in %.1f s", key, time.perf_counter() - started)
        return asr


class WhisperBackend(GuardedSpeechBackend):
    """Transcribes with a local Whisper model; construction checks the path, the model loads on first use."""

    name = "whisper"

    def __init__(self, model_path: str | os.PathLike[str]) -> None:
        # Checked now so a misconfigured worker says so when the backend is built, not on the first answer.
        self.model_path = model_dir(model_path)

    def load(self) -> None:
        load_pipeline(self.model_path)

    def _transcribe(self, pcm: np.ndarray, seconds: float) -> Transcript:
        asr = load_pipeline(self.model_path)
        audio = {"raw": pcm.astype(np.float32) / 32_768.0, "sampling_rate": TARGET_RATE}
        try:
            with _RUN_LOCK:
                output = asr(audio, return_timestamps=seconds > WINDOW_S, generate_kwargs=dict(GENERATE_KWARGS))
        except Exception as exc:
            raise SpeechError(f"Whisper transcription failed: {type(exc).__name__}: {exc}") from exc
        text = " ".join(str(output.get("text", "")).split())
        return Transcript(text=text, confidence=None, duration_s=seconds, backend=self.name, words=len(text.split()))
