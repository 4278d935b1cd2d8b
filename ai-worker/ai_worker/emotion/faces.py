"""Face detection with OpenCV's Haar cascade, on a small grayscale copy of the frame.

A false "second face" would be reported to recruiters as a proctoring signal, while a missed face at
one frame a second is covered by the next frame: the parameters favour precision. They were tuned on
`skimage.data` images only (no network, no face data set), so treat them as a sane default:

- positives: 45 synthetic 320×240 webcam frames from the astronaut (face 40–140 px wide, brightness
  ×0.5–1.3, rotated ±12°, sensor noise), 60 random crops of it resized to 160–480 px wide, and test-like
  frames (full size, grayscale, 320 px, two or three copies side by side or stacked);
- negatives: 20 other `skimage.data` images (coffee, cat, rocket, moon, coins, textures, text...) at 320
  and 640 px wide.

Chosen: longest side ≤ 320 px (the media server's frame width), scaleFactor 1.1, minNeighbors 5,
minSize 10 % of the shorter side (≥ 20 px), then a last-stage confidence (level weight) of at least 3.0.
That gives exactly the right face on 58/60 crops and 35/45 synthetic frames (the nine 40 px faces
missed, one 80 px frame with a second "face"), no false positive on the negatives, and every test-like
frame right except a 0.6× copy beside a full-size one (about 23 px once downscaled). Without the confidence floor, minNeighbors 5
reports a second "face" on the astronaut's suit in 10/60 crops; minNeighbors 7 alone fixes the crops too
but loses more synthetic faces (33/45); scaleFactor 1.12 loses one of two side-by-side faces; detecting
at 480 or 640 px adds false positives (moon, coins) without finding more faces in 320 px frames.

Tracking (`find_faces` with the session's previous box): a webcam interview is one face that barely moves
between frames a second apart, so the cascade first searches a window TRACK_WINDOW (2×) the previous face
box and scans the whole frame only when that window holds no face. On the benchmark's frames that cuts
detection from ~60 ms to ~6 ms per frame on one core (bench/README.md, section 1) without losing a face.

Counting (`faces_counted`, the proctoring signal): the window only sees the candidate, so every tracked frame
also gets a cheap whole-picture pass at COUNT_MAX_SIDE (160 px; same cascade, same confidence floor), and a
face it finds away from the tracked ones is counted: a second person is counted on the frame they appear,
not at the next whole-frame pass. At 160 px the smallest face it sees is ~48 px of a 320 px frame. The
whole frame is still searched at full size every EMOTION_FULL_FRAME_EVERY-th frame, whenever the window is
empty, and whenever the session has no recent box (first frame, no face last time, 30 s without frames).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

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
# Tracking: the window searched first, as a multiple of the session's previous face box (about its centre).
TRACK_WINDOW = 2.0
# Counting on tracked frames: the whole picture at this longest side, to count faces outside the window.
# At 160 px the cascade's own 24 px window is the smallest face: ~48 px in a 320 px frame. A plain cascade
# with fewer neighbours (a face spans few positions at that size) and no confidence floor: it must still find
# a second face on the slightly blurred frames a video stream sends after a change of picture (scaleFactor
# 1.15 missed it on most of them), and it found no face on 17 images without one (skimage.data).
COUNT_MAX_SIDE = 160
COUNT_MIN_NEIGHBORS = 2
COUNT_SCALE_FACTOR = 1.1
COUNT_MIN_FACE_PIXELS = 24
# The window pass looks for the tracked face at about its last size: a face 0.6–1.6× as wide. A candidate
# who leans in or away further than that is found by the whole-frame pass the empty window leads to.
TRACK_SIZE_RANGE = (0.6, 1.6)


@dataclass(frozen=True, slots=True)
class FaceSearch:
    # Confident face boxes (x, y, w, h) in the frame's own pixels, most confident first.
    boxes: list[Box]
    # True: the whole frame was searched at full size. False: the window around the previous face (where a
    # face was found) at full size, and the whole picture only at COUNT_MAX_SIDE, for counting.
    full_frame: bool
    # Faces in the whole picture: `boxes` plus those the counting pass found elsewhere.
    faces_counted: int = -1

    def __post_init__(self) -> None:
        if self.faces_counted < 0:
            object.__setattr__(self, "faces_counted", len(self.boxes))


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
    """Confident face boxes (x, y, w, h) in the frame's own pixels, most confident first: the whole frame."""
    return find_faces(image_bgr).boxes


def find_faces(image_bgr: np.ndarray, previous: Box | None = None) -> FaceSearch:
    """Faces in the frame, searched around `previous` (the session's last face box) first.

    With a previous box, only the window `track_window` gives is searched; when nothing is found there, the
    whole frame is. Without one, the whole frame. The window sees the same pixels as a whole-frame pass (same
    downscaling and histogram equalisation of the whole frame, same minimum face size and confidence floor),
    so it finds the faces a whole-frame pass finds there (boxes may differ by a few pixels: the cascade's scan
    grid starts at the window's corner); faces *outside* the window are not looked for, which is why the
    caller asks for a whole-frame pass every few frames (EMOTION_FULL_FRAME_EVERY).
    """
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
    window = track_window(previous, width, height) if previous is not None else None
    if window is not None:
        # The window in the downscaled image's pixels, rounded outwards.
        left, top = int(window[0] * scale), int(window[1] * scale)
        right = min(gray.shape[1], math.ceil(window[2] * scale))
        bottom = min(gray.shape[0], math.ceil(window[3] * scale))
        if min(right - left, bottom - top) >= min_side:
            side = previous[2] * scale
            sizes = (max(min_side, int(side * TRACK_SIZE_RANGE[0])), max(min_side, int(side * TRACK_SIZE_RANGE[1])))
            crop = gray[top:bottom, left:right]
            boxes = _cascade_boxes(crop, sizes[0], (left, top), scale, width, height, max_side=sizes[1])
            if boxes:
                elsewhere = [b for b in count_faces(gray, scale) if not any(_centre_in(b, t) for t in boxes)]
                return FaceSearch(boxes, full_frame=False, faces_counted=len(boxes) + len(elsewhere))
    return FaceSearch(_cascade_boxes(gray, min_side, (0, 0), scale, width, height), full_frame=True)


def count_faces(gray: np.ndarray, scale: float) -> list[Box]:
    """Faces of the whole picture at COUNT_MAX_SIDE, cheaply, for counting people only.

    `gray` is the frame as the window pass saw it (downscaled by `scale`, equalised); boxes come back in
    the frame's own pixels.
    """
    height, width = gray.shape[:2]
    shrink = min(1.0, COUNT_MAX_SIDE / max(height, width))
    small = gray
    if shrink < 1.0:
        small = cv2.resize(
            gray, (max(1, round(width * shrink)), max(1, round(height * shrink))), interpolation=cv2.INTER_AREA
        )
    cascade = load_cascade()
    with _lock:
        found = cascade.detectMultiScale(
            small,
            scaleFactor=COUNT_SCALE_FACTOR,
            minNeighbors=COUNT_MIN_NEIGHBORS,
            minSize=(COUNT_MIN_FACE_PIXELS, COUNT_MIN_FACE_PIXELS),
        )
    frame_width, frame_height = round(width / scale), round(height / scale)
    return [_to_frame(tuple(int(v) for v in box), scale * shrink, frame_width, frame_height) for box in found]


def _centre_in(box: Box, other: Box) -> bool:
    """Whether `box`'s centre lies in `other` grown by half its size: the same face seen by two passes."""
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    x, y, w, h = other
    return x - w / 4 <= cx <= x + w * 1.25 and y - h / 4 <= cy <= y + h * 1.25


def track_window(previous: Box, width: int, height: int) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom): `previous` grown TRACK_WINDOW times about its centre, clipped to the frame.

    None when the box is empty or lies outside the frame (a stale box from a frame of another size).
    """
    x, y, w, h = previous
    if w <= 0 or h <= 0:
        return None
    grow_x, grow_y = w * (TRACK_WINDOW - 1) / 2, h * (TRACK_WINDOW - 1) / 2
    left, top = max(0, math.floor(x - grow_x)), max(0, math.floor(y - grow_y))
    right, bottom = min(width, math.ceil(x + w + grow_x)), min(height, math.ceil(y + h + grow_y))
    if right <= left or bottom <= top:
        return None
    return left, top, right, bottom


def search_around(previous: Box | None, frame_number: int, full_frame_every: int) -> Box | None:
    """The box to search around for a session's `frame_number`-th frame (from 1), or None for a whole-frame pass.

    Every `full_frame_every`-th frame searches the whole frame even when the face was found in the frame
    before, so a second person who enters beside the candidate is counted within that many frames;
    1 turns tracking off.
    """
    if previous is None or full_frame_every <= 1 or frame_number % full_frame_every == 0:
        return None
    return previous


def format_box(box: Box) -> str:
    """A box as the "x,y,w,h" string kept in Redis between a session's frames."""
    return ",".join(str(int(v)) for v in box)


def parse_box(raw: str | bytes | None) -> Box | None:
    """The box `format_box` wrote, or None for a missing or malformed value (never an exception)."""
    if raw is None:
        return None
    text = raw.decode("ascii", "replace") if isinstance(raw, bytes) else str(raw)
    parts = text.split(",")
    if len(parts) != 4:
        return None
    try:
        x, y, w, h = (int(p) for p in parts)
    except ValueError:
        return None
    if x < 0 or y < 0 or w <= 0 or h <= 0:
        return None
    return x, y, w, h


def _cascade_boxes(
    gray: np.ndarray,
    min_side: int,
    offset: tuple[int, int],
    scale: float,
    width: int,
    height: int,
    max_side: int | None = None,
) -> list[Box]:
    """The cascade's confident boxes in `gray` (a crop at `offset` of the downscaled frame), in frame pixels."""
    cascade = load_cascade()
    with _lock:
        found, _levels, weights = cascade.detectMultiScale3(
            gray,
            scaleFactor=SCALE_FACTOR,
            minNeighbors=MIN_NEIGHBORS,
            minSize=(min_side, min_side),
            maxSize=(max_side, max_side) if max_side else (0, 0),
            outputRejectLevels=True,
        )
    ox, oy = offset
    scored = [
        (float(weight), _to_frame((x + ox, y + oy, w, h), scale, width, height))
        for (x, y, w, h), weight in zip((tuple(int(v) for v in box) for box in found), np.ravel(weights), strict=True)
        if float(weight) >= MIN_LEVEL_WEIGHT
    ]
    scored = [(w, box) for w, box in scored if box[2] > 0 and box[3] > 0]
    return [box for _, box in sorted(scored, key=lambda item: (item[0], item[1][2] * item[1][3]), reverse=True)]


def _to_frame(box: tuple[int, ...], scale: float, width: int, height: int) -> Box:
    x, y, w, h = (v / scale for v in box)
    left, top = max(0, round(x)), max(0, round(y))
    right, bottom = min(width, round(x + w)), min(height, round(y + h))
    return left, top, right - left, bottom - top
