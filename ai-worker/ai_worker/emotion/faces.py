"""Face detection with OpenCV's Haar cascade, on a small grayscale copy of the frame.

Parameters were tuned on `skimage.data` (astronaut as the positive; 18 face-free images at 320 and
640 px wide as negatives) and on 45 synthetic 320×240 webcam frames built from the astronaut
(face 40–140 px wide, brightness ×0.5–1.3, rotated ±12°, sensor noise):

- detecting on a copy whose longest side is at most 320 px (the media server's frame width) found the
  same faces as 400 or 480 px, with no false positives, where 480 px gave a second "face" on the
  astronaut's suit and false positives on textures, and took longer;
- scaleFactor 1.1 with minNeighbors 5: exactly one face on 39 of the 45 synthetic frames (the misses
  are the 40 px faces), none on the negatives. 1.15 and 1.2 lost the 140 px face and one of two side by
  side faces; minNeighbors 4 doubled the astronaut's face, 6 bought nothing;
- minSize 10 % of the shorter side (at least 20 px): removes the small false positives on textures
  that a fixed 20–24 px minimum let through, and still keeps a face a third of the frame wide away.
"""

from __future__ import annotations

import threading

import cv2
import numpy as np

from ai_worker.emotion.decode import InvalidFrame
from ai_worker.emotion.types import Box

CASCADE_PATH = cv2.data.haarcascades + "haarcascade_frontalface_default.xml"
DETECT_MAX_SIDE = 320
SCALE_FACTOR = 1.1
MIN_NEIGHBORS = 5
MIN_FACE_FRACTION = 0.10
MIN_FACE_PIXELS = 20
# The cascade's confidence in its last stage. Over WebRTC (VP8, then JPEG) the astronaut's suit
# intermittently yields a second, larger "face" at about 2.1–2.5 while the real face scores about 5.5:
# below 3.0 a detection is dropped, and the most confident face (not the largest) is the one analysed.
MIN_LEVEL_WEIGHT = 3.0

_cascade: cv2.CascadeClassifier | None = None
# detectMultiScale is not documented as thread-safe on a shared classifier; detection takes a few ms.
_lock = threading.Lock()


def load_cascade() -> cv2.CascadeClassifier:
    """The process's classifier, read from OpenCV's data directory on first use."""
    global _cascade
    with _lock:
        if _cascade is None:
            cascade = cv2.CascadeClassifier(CASCADE_PATH)
            if cascade.empty():
                raise RuntimeError(f"OpenCV could not load the Haar cascade from {CASCADE_PATH}")
            _cascade = cascade
        return _cascade


def to_bgr(image: np.ndarray) -> np.ndarray:
    """The frame as 3-channel BGR uint8; grayscale and BGRA frames are converted, anything else refused."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.size == 0:
        raise InvalidFrame("expected a non-empty uint8 numpy array")
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.ndim == 3 and image.shape[2] == 3:
        return image
    if image.ndim == 3 and image.shape[2] == 1:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    raise InvalidFrame(f"expected an H×W, H×W×3 or H×W×4 array, got shape {image.shape}")


def detect_faces(image_bgr: np.ndarray) -> list[Box]:
    """Confident face boxes (x, y, w, h) in the frame's own pixels, most confident first."""
    image_bgr = to_bgr(image_bgr)
    height, width = image_bgr.shape[:2]
    scale = min(1.0, DETECT_MAX_SIDE / max(height, width))
    small = image_bgr
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = cv2.resize(image_bgr, size, interpolation=cv2.INTER_AREA)
    # Equalising evens out dim or backlit webcams, which the cascade's fixed thresholds handle badly.
    gray = cv2.equalizeHist(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
    min_side = max(MIN_FACE_PIXELS, int(MIN_FACE_FRACTION * min(gray.shape[:2])))
    cascade = load_cascade()
    with _lock:
        found, _levels, weights = cascade.detectMultiScale3(
            gray,
            scaleFactor=SCALE_FACTOR,
            minNeighbors=MIN_NEIGHBORS,
            minSize=(min_side, min_side),
            outputRejectLevels=True,
        )
    scored = [
        (float(weight), _to_frame(tuple(int(v) for v in box), scale, width, height))
        for box, weight in zip(found, np.ravel(weights), strict=True)
        if float(weight) >= MIN_LEVEL_WEIGHT
    ]
    scored = [(w, box) for w, box in scored if box[2] > 0 and box[3] > 0]
    return [box for _, box in sorted(scored, key=lambda item: (item[0], item[1][2] * item[1][3]), reverse=True)]


def _to_frame(box: tuple[int, ...], scale: float, width: int, height: int) -> Box:
    x, y, w, h = (v / scale for v in box)
    left, top = max(0, round(x)), max(0, round(y))
    right, bottom = min(width, round(x + w)), min(height, round(y + h))
    return left, top, right - left, bottom - top
