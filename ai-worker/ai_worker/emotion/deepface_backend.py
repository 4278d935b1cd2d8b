"""The `deepface` backend: DeepFace's emotion model with its OpenCV detector (installed in the Docker image).

DeepFace pulls TensorFlow, so it is imported only when this backend is chosen; DeepFace caches its
models per process, and `warm_up` runs one analysis so that cache is filled before the first task.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np

from ai_worker.emotion.faces import to_bgr
from ai_worker.emotion.types import EMOTIONS, Box, EmotionBackendError, FaceEmotion, FrameAnalysis

_deepface: Any = None
_import_lock = threading.Lock()


def import_deepface() -> Any:
    """The `DeepFace` class, imported once; a clear `EmotionBackendError` when the package is missing."""
    global _deepface
    with _import_lock:
        if _deepface is None:
            try:
                from deepface import DeepFace
            except ImportError as exc:
                raise EmotionBackendError(
                    "EMOTION_BACKEND=deepface needs the `deepface` package (and TensorFlow, which it pulls): "
                    "pip install deepface, or use EMOTION_BACKEND=minixception, the offline default "
                    f"({type(exc).__name__}: {exc})"
                ) from exc
            _deepface = DeepFace
        return _deepface


class DeepFaceBackend:
    name = "deepface"
    # DeepFace detects on the whole frame every time; the worker keeps no face box for it.
    tracks_faces = False

    def __init__(self) -> None:
        # Imported here so a misconfigured worker fails at start-up (factory, warm_up), not on its first frame.
        self._deepface = import_deepface()

    def warm_up(self) -> None:
        self.analyze(np.full((96, 96, 3), 128, dtype=np.uint8))

    def analyze(self, image_bgr: np.ndarray, previous_box: Box | None = None) -> FrameAnalysis:
        # DeepFace always searches the whole frame: previous_box is accepted for the interface and ignored.
        image_bgr = to_bgr(image_bgr)
        started = time.perf_counter()
        results = self._deepface.analyze(
            img_path=image_bgr,
            actions=["emotion"],
            detector_backend="opencv",
            enforce_detection=False,
            silent=True,
        )
        elapsed = (time.perf_counter() - started) * 1000
        analysis = to_frame_analysis(results, image_bgr.shape[1], image_bgr.shape[0])
        # DeepFace detects and classifies in one call; the whole of it is reported as "classify".
        analysis.timings_ms.update({"detect": 0.0, "classify": round(elapsed, 3)})
        return analysis


def to_frame_analysis(results: Any, width: int, height: int) -> FrameAnalysis:
    """DeepFace's result (one dict, or a list with one per face) as a FrameAnalysis, best face reported."""
    items = results if isinstance(results, list) else [results]
    faces = [item for item in items if isinstance(item, dict) and _is_face(item, width, height)]
    if not faces:
        return FrameAnalysis(faces_found=0, face=None)
    # As the Haar path does: the most confident face, the largest among equals.
    best = max(faces, key=lambda item: (float(item.get("face_confidence") or 0), _box(item)[2] * _box(item)[3]))
    return FrameAnalysis(faces_found=len(faces), face=_face(best))


def _is_face(item: dict[str, Any], width: int, height: int) -> bool:
    # With enforce_detection=False and no face, DeepFace analyses the whole frame and says so with
    # face_confidence 0 and a region covering the frame.
    confidence = item.get("face_confidence")
    if confidence is not None and float(confidence) <= 0:
        return False
    x, y, w, h = _box(item)
    if w <= 0 or h <= 0:
        return False
    return not (confidence is None and x == 0 and y == 0 and w >= width and h >= height)


def _box(item: dict[str, Any]) -> tuple[int, int, int, int]:
    region = item.get("region") or {}
    return tuple(int(region.get(key, 0) or 0) for key in ("x", "y", "w", "h"))  # type: ignore[return-value]


def _face(item: dict[str, Any]) -> FaceEmotion:
    raw = item.get("emotion") or {}
    percent = {label: max(0.0, float(raw.get(label, 0.0) or 0.0)) for label in EMOTIONS}
    total = sum(percent.values())
    # DeepFace reports percentages; dividing by their sum (≈100) gives 0..1 that sum to 1 despite rounding.
    probabilities = {label: round(value / total, 4) if total > 0 else 0.0 for label, value in percent.items()}
    dominant = str(item.get("dominant_emotion") or "")
    if dominant not in EMOTIONS:
        dominant = max(percent, key=percent.__getitem__)
    return FaceEmotion(box=_box(item), probabilities=probabilities, dominant=dominant)
