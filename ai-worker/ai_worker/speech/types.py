"""What every speech backend offers the worker: 16 kHz mono 16-bit PCM in, a `Transcript` out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np


class SpeechError(Exception):
    """A backend cannot be built or loaded as configured, or could not recognise the audio."""


@dataclass(frozen=True)
class Transcript:
    text: str
    # Mean per-word confidence, 0..1; None when the backend gives none or nothing was said.
    confidence: float | None
    duration_s: float
    # The backend's `name`, recorded with the transcript.
    backend: str
    words: int


@runtime_checkable
class SpeechBackend(Protocol):
    # "vosk" or "whisper".
    name: str

    def load(self) -> None:
        """Loads the model now rather than on the first transcription, e.g. when a worker process starts."""
        ...

    def transcribe(self, pcm16_mono_16k: np.ndarray) -> Transcript:
        """The text spoken in 16 kHz mono int16 PCM; silence gives empty text, failures `SpeechError`."""
        ...
