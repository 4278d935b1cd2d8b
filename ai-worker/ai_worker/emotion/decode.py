"""JPEG frames in and out: the media server sends JPEG bytes, the backends take BGR arrays."""

from __future__ import annotations

import cv2
import numpy as np

# A 20 MP frame is far beyond any webcam; anything larger is refused before it is decompressed.
MAX_PIXELS = 20_000_000
# Bounds memory before the bytes are even looked at; a 20 MP JPEG at high quality stays well below it.
MAX_BYTES = 16 * 1024 * 1024

_JPEG_MAGIC = b"\xff\xd8\xff"
# Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers that stand alone, without a length field.
_STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xD9)})


class InvalidFrame(ValueError):
    """The bytes or the array are not an image the analysis can use."""


def decode_jpeg(data: bytes | bytearray | memoryview) -> np.ndarray:
    """The JPEG as a BGR uint8 array; raises `InvalidFrame` for empty, non-JPEG, corrupt or oversized input."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidFrame(f"expected JPEG bytes, got {type(data).__name__}")
    raw = bytes(data)
    if not raw:
        raise InvalidFrame("empty frame: no bytes")
    if len(raw) > MAX_BYTES:
        raise InvalidFrame(f"frame of {len(raw)} bytes is larger than the {MAX_BYTES}-byte limit")
    # Only JPEG is accepted: other formats (PNG, TIFF) can hide huge images in a few bytes.
    if not raw.startswith(_JPEG_MAGIC):
        raise InvalidFrame(f"not a JPEG: starts with {raw[:4].hex()} instead of ffd8ff")
    size = _jpeg_size(raw)
    # The header's height may legally be 0 (given later by a DNL marker), so only the upper bound is checked here.
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        _check_pixels(*size)
    image = cv2.imdecode(np.frombuffer(raw, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise InvalidFrame(f"corrupt JPEG: OpenCV could not decode {len(raw)} bytes")
    height, width = image.shape[:2]
    _check_pixels(width, height)
    return image


def encode_jpeg(image_bgr: np.ndarray, quality: int = 80) -> bytes:
    """A BGR (or grayscale) uint8 array as JPEG bytes."""
    if not 1 <= quality <= 100:
        raise ValueError(f"JPEG quality must be within 1..100, got {quality}")
    if not isinstance(image_bgr, np.ndarray) or image_bgr.dtype != np.uint8 or image_bgr.size == 0:
        raise InvalidFrame("expected a non-empty uint8 numpy array")
    if not (image_bgr.ndim == 2 or (image_bgr.ndim == 3 and image_bgr.shape[2] in (1, 3))):
        raise InvalidFrame(f"expected an H×W or H×W×3 array, got shape {image_bgr.shape}")
    ok, buffer = cv2.imencode(".jpg", image_bgr, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise InvalidFrame(f"OpenCV could not encode an array of shape {image_bgr.shape} as JPEG")
    return buffer.tobytes()


def _check_pixels(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise InvalidFrame(f"JPEG declares an empty image ({width}×{height})")
    if width * height > MAX_PIXELS:
        raise InvalidFrame(f"frame of {width}×{height} pixels is larger than the {MAX_PIXELS // 1_000_000} MP limit")


def _jpeg_size(raw: bytes) -> tuple[int, int] | None:
    """(width, height) from the start-of-frame header, or None when the header cannot be read."""
    i = 2
    while i + 4 <= len(raw):
        if raw[i] != 0xFF:
            return None
        marker = raw[i + 1]
        if marker == 0xFF:  # fill byte before a marker
            i += 1
            continue
        if marker in _STANDALONE_MARKERS:
            i += 2
            continue
        length = int.from_bytes(raw[i + 2 : i + 4], "big")
        if marker in _SOF_MARKERS:
            if i + 9 > len(raw):
                return None
            height = int.from_bytes(raw[i + 5 : i + 7], "big")
            width = int.from_bytes(raw[i + 7 : i + 9], "big")
            return width, height
        if length < 2:
            return None
        i += 2 + length
    return None
