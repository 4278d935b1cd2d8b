"""What every emotion backend returns, and the interface the worker's task calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

# FER2013's label order: the mini-Xception output columns follow it, and DeepFace uses the same names.
EMOTIONS: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")

Box = tuple[int, int, int, int]


class EmotionBackendError(RuntimeError):
    """A backend cannot be built or loaded as configured (missing package, missing weights)."""


@dataclass(frozen=True, slots=True)
class FaceEmotion:
    # x, y, width, height in the pixels of the frame that was analysed (never the detector's downscaled copy).
    box: Box
    # All seven EMOTIONS as keys, values in 0..1 summing to about 1.
    probabilities: dict[str, float]
    dominant: str


@dataclass(frozen=True, slots=True)
class FrameAnalysis:
    # 0 and >1 are proctoring signals (candidate away, someone else in view), so they are counted, not hidden.
    faces_found: int
    # The most confident face (the largest among equals) when at least one is found, otherwise None.
    face: FaceEmotion | None
    # Stage durations for benchmarks: "decode", "detect", "classify".
    timings_ms: dict[str, float] = field(default_factory=dict)
    # False when the face was found in a window around the session's previous face (faces.find_faces);
    # faces_found still counts the whole picture (a cheaper pass at reduced size outside the window).
    full_frame: bool = True

    @property
    def multiple_faces(self) -> bool:
        return self.faces_found > 1


@runtime_checkable
class EmotionBackend(Protocol):
    # Recorded with each result so stored rows say which model produced them.
    name: str

    def analyze(self, image_bgr: np.ndarray, previous_box: Box | None = None) -> FrameAnalysis:
        """Find faces in one BGR (or grayscale) uint8 frame and classify the most confident one.

        `previous_box`: the session's face in an earlier frame; a backend that tracks faces (`tracks_faces`)
        searches around it first, the others ignore it.
        """
        ...

    def warm_up(self) -> None:
        """Load the model now, so the first task does not pay for it."""
        ...
