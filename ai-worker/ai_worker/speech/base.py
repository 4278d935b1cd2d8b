"""What every speech backend does before its model sees the audio."""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from ai_worker.speech.audio import duration_s, is_silent, require_pcm16_mono
from ai_worker.speech.types import Transcript


class GuardedSpeechBackend(ABC):
    """Checks the audio's format and answers silence itself: silence is an answer with no words, and a
    decoder would only guess at the noise (Whisper invents "감사합니다" and the like)."""

    name: str

    def transcribe(self, pcm16_mono_16k: np.ndarray) -> Transcript:
        pcm = require_pcm16_mono(pcm16_mono_16k)
        seconds = duration_s(pcm)
        if is_silent(pcm):
            return Transcript(text="", confidence=None, duration_s=seconds, backend=self.name, words=0)
        return self._transcribe(pcm, seconds)

    @abstractmethod
    def _transcribe(self, pcm: np.ndarray, seconds: float) -> Transcript:
        """Transcribe 16 kHz mono int16 audio that is not silent, `seconds` long."""
