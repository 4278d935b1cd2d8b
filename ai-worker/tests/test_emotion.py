"""Emotion analysis with the real mini-Xception weights and OpenCV's Haar cascade (no mocks, no network)."""

from __future__ import annotations

import importlib.util

import cv2
import numpy as np
import pytest
from skimage import data

from ai_worker.emotion import minixception
from ai_worker.emotion.decode import MAX_PIXELS, InvalidFrame, decode_jpeg, encode_jpeg
from ai_worker.emotion.deepface_backend import to_frame_analysis
from ai_worker.emotion.factory import BACKENDS, analyze_jpeg, get_emotion_backend, warm_up
from ai_worker.emotion.minixception import INPUT_SIDE, MiniXceptionBackend, face_input, load_model
from ai_worker.emotion.types import EMOTIONS, EmotionBackend, EmotionBackendError, FrameAnalysis

# Eileen Collins's face in skimage's 512×512 astronaut, as (x, y, w, h), measured once by eye and cascade.
ASTRONAUT_FACE = (174, 66, 98, 97)


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


@pytest.fixture(scope="module")
def backend() -> EmotionBackend:
    return warm_up("minixception")


def _centre(box: tuple[int, int, int, int]) -> tuple[float, float]:
    x, y, w, h = box
    return x + w / 2, y + h / 2


def _assert_happy_astronaut(analysis: FrameAnalysis, scale: float = 1.0) -> None:
    assert analysis.faces_found == 1
    assert analysis.face is not None
    assert analysis.face.dominant == "happy"
    assert analysis.face.probabilities["happy"] >= 0.9
    cx, cy = _centre(analysis.face.box)
    ex, ey = _centre(ASTRONAUT_FACE)
    assert abs(cx - ex * scale) <= 20 * scale
    assert abs(cy - ey * scale) <= 20 * scale
    assert 0.6 * ASTRONAUT_FACE[2] * scale <= analysis.face.box[2] <= 1.6 * ASTRONAUT_FACE[2] * scale


def test_analyze_astronaut_finds_one_happy_face(backend: EmotionBackend, astronaut: np.ndarray) -> None:
    analysis = backend.analyze(astronaut)

    _assert_happy_astronaut(analysis)
    assert analysis.face is not None
    x, y, w, h = analysis.face.box
    assert min(x, y) >= 0
    assert x + w <= astronaut.shape[1]
    assert y + h <= astronaut.shape[0]
    assert set(analysis.timings_ms) == {"detect", "classify"}


def test_analyze_probabilities_have_seven_keys_summing_to_one(backend: EmotionBackend, astronaut: np.ndarray) -> None:
    face = backend.analyze(astronaut).face

    assert face is not None
    assert tuple(face.probabilities) == EMOTIONS
    assert all(isinstance(p, float) and 0.0 <= p <= 1.0 for p in face.probabilities.values())
    assert sum(face.probabilities.values()) == pytest.approx(1.0, abs=0.01)
    assert face.dominant == max(face.probabilities, key=face.probabilities.__getitem__)


def test_analyze_jpeg_round_trip_still_happy(backend: EmotionBackend, astronaut: np.ndarray) -> None:
    analysis = analyze_jpeg(encode_jpeg(astronaut, quality=80), backend)

    _assert_happy_astronaut(analysis)
    assert set(analysis.timings_ms) == {"decode", "detect", "classify"}


def test_analyze_320_wide_frame_finds_face(backend: EmotionBackend, astronaut: np.ndarray) -> None:
    # The media server sends frames resized to 320 px wide, JPEG-compressed.
    small = cv2.resize(astronaut, (320, 320), interpolation=cv2.INTER_AREA)

    analysis = analyze_jpeg(encode_jpeg(small), backend)

    _assert_happy_astronaut(analysis, scale=320 / astronaut.shape[1])


def test_analyze_webcam_shaped_frame_finds_face(backend: EmotionBackend, astronaut: np.ndarray) -> None:
    frame = cv2.resize(astronaut[64:448], (320, 240), interpolation=cv2.INTER_AREA)

    analysis = backend.analyze(frame)

    assert analysis.faces_found == 1
    assert analysis.face is not None
    assert analysis.face.dominant == "happy"


def test_analyze_grayscale_frame_finds_face(backend: EmotionBackend, astronaut: np.ndarray) -> None:
    _assert_happy_astronaut(backend.analyze(cv2.cvtColor(astronaut, cv2.COLOR_BGR2GRAY)))


@pytest.mark.parametrize("value", [0, 128, 255])
def test_analyze_blank_frame_finds_no_face(backend: EmotionBackend, value: int) -> None:
    analysis = backend.analyze(np.full((240, 320, 3), value, dtype=np.uint8))

    assert analysis.faces_found == 0
    assert analysis.face is None


def test_analyze_two_faces_counts_both_and_reports_one(backend: EmotionBackend, astronaut: np.ndarray) -> None:
    frame = np.hstack([astronaut, astronaut])

    analysis = backend.analyze(frame)

    assert analysis.faces_found == 2
    assert analysis.multiple_faces
    assert analysis.face is not None
    assert analysis.face.dominant == "happy"
    x, _, w, _ = analysis.face.box
    assert x + w <= frame.shape[1]


def test_analyze_bad_array_raises_invalid_frame(backend: EmotionBackend) -> None:
    with pytest.raises(InvalidFrame):
        backend.analyze(np.zeros((10, 10, 3), dtype=np.float32))
    with pytest.raises(InvalidFrame):
        backend.analyze(np.zeros((0, 0, 3), dtype=np.uint8))


def test_face_input_at_frame_edge_is_padded_not_stretched(astronaut: np.ndarray) -> None:
    x = face_input(astronaut, (0, 0, 100, 120))

    assert x.shape == (1, INPUT_SIDE, INPUT_SIDE, 1)
    assert x.dtype == np.float32
    assert float(x.min()) >= -1.0
    assert float(x.max()) <= 1.0


def test_load_model_once_across_analyses(backend: EmotionBackend, astronaut: np.ndarray) -> None:
    model = load_model()
    for _ in range(3):
        backend.analyze(astronaut)

    assert load_model() is model
    assert MiniXceptionBackend().model is model
    assert len(minixception._models) == 1
    assert get_emotion_backend("minixception") is backend
    assert get_emotion_backend() is backend  # EMOTION_BACKEND defaults to minixception


def test_get_emotion_backend_unknown_name_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match="minixception, deepface"):
        get_emotion_backend("openface")
    assert BACKENDS == ("minixception", "deepface")


@pytest.mark.skipif(importlib.util.find_spec("deepface") is not None, reason="deepface is installed here")
def test_get_emotion_backend_deepface_missing_names_package() -> None:
    with pytest.raises(EmotionBackendError, match=r"`deepface` package.*pip install deepface"):
        get_emotion_backend("deepface")


def test_deepface_result_no_face_maps_to_zero() -> None:
    # What DeepFace returns with enforce_detection=False when it finds nothing: the whole frame, confidence 0.
    result = [
        {
            "emotion": dict.fromkeys(EMOTIONS, 100 / 7),
            "dominant_emotion": "neutral",
            "region": {"x": 0, "y": 0, "w": 320, "h": 240},
            "face_confidence": 0,
        }
    ]

    analysis = to_frame_analysis(result, 320, 240)

    assert analysis.faces_found == 0
    assert analysis.face is None


def test_deepface_result_faces_map_percent_and_most_confident() -> None:
    small = {
        "emotion": {**dict.fromkeys(EMOTIONS, 0.0), "sad": 100.0},
        "dominant_emotion": "sad",
        "region": {"x": 10, "y": 10, "w": 30, "h": 30},
        "face_confidence": 0.9,
    }
    large = {
        "emotion": {
            "angry": 1.0,
            "disgust": 0.0,
            "fear": 2.0,
            "happy": 90.0,
            "sad": 1.0,
            "surprise": 3.0,
            "neutral": 3.0,
        },
        "dominant_emotion": "happy",
        "region": {"x": 100, "y": 50, "w": 90, "h": 90, "left_eye": None, "right_eye": None},
        "face_confidence": 0.95,
    }

    analysis = to_frame_analysis([small, large], 320, 240)

    assert analysis.faces_found == 2
    assert analysis.face is not None
    assert analysis.face.box == (100, 50, 90, 90)
    assert analysis.face.dominant == "happy"
    assert analysis.face.probabilities["happy"] == pytest.approx(0.9)
    assert sum(analysis.face.probabilities.values()) == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(
    "payload",
    [b"", b"not an image at all", b"\xff\xd8\xff\xe0" + b"\x00" * 64, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64],
    ids=["empty", "garbage", "truncated-jpeg", "png"],
)
def test_decode_jpeg_bad_bytes_raises_invalid_frame(payload: bytes) -> None:
    with pytest.raises(InvalidFrame):
        decode_jpeg(payload)


def test_decode_jpeg_oversized_raises_before_decoding() -> None:
    jpeg = bytearray(encode_jpeg(np.zeros((8, 8, 3), dtype=np.uint8)))
    # Rewrite the start-of-frame header (FFC0, length, precision, height, width) to claim 6000×4000.
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5 : sof + 9] = (4000).to_bytes(2, "big") + (6000).to_bytes(2, "big")
    assert MAX_PIXELS < 6000 * 4000

    with pytest.raises(InvalidFrame, match="20 MP"):
        decode_jpeg(bytes(jpeg))


def test_encode_jpeg_round_trip_keeps_shape(astronaut: np.ndarray) -> None:
    decoded = decode_jpeg(encode_jpeg(astronaut, quality=90))

    assert decoded.shape == astronaut.shape
    assert decoded.dtype == np.uint8
    assert float(np.abs(decoded.astype(np.int16) - astronaut).mean()) < 8


def test_encode_jpeg_bad_quality_raises_value_error(astronaut: np.ndarray) -> None:
    with pytest.raises(ValueError, match="quality"):
        encode_jpeg(astronaut, quality=0)
