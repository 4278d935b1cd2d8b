"""One emotion-analysis process of the emotion benchmark, driven over stdin/stdout by bench/emotion.py.

    python -m bench.emotion_worker --pipeline ours     --frames DIR [--cores 1] [--torch-threads N]
    bench/.venv/bin/python -m bench.emotion_worker --pipeline deepface --engine tensorflow|pytorch --frames DIR ...

Each pipeline runs in its own process, like a worker process: `--cores 1` pins it to one CPU *before*
torch, TensorFlow or OpenCV are imported, so their thread pools size themselves to that one core.
`ours` is ai_worker.emotion as the worker runs it (services' .venv); `deepface` is
`DeepFace.analyze(actions=["emotion"], detector_backend="opencv")` (bench/.venv, which has TensorFlow).

DeepFace's weights cannot be downloaded here: a weights file of the right shapes with *random* values
is written where DeepFace looks for it (DEEPFACE_HOME, a folder of the benchmark's own). Speed does
not depend on the values; the emotions DeepFace reports here are meaningless, and are not compared.

Protocol: the parent writes one JSON command per line; the child answers with one line starting
with "@@BENCH " (anything else on stdout is library noise and is ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

MARK = "@@BENCH "


def reply(message: dict[str, Any]) -> None:
    sys.stdout.write(MARK + json.dumps(message, default=str) + "\n")
    sys.stdout.flush()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


class Ours:
    """The worker's analysis: decode_jpeg + the minixception backend (Haar cascade + mini-Xception on torch).

    Face tracking as the worker does it (ai_worker.media.service): each test frame stands for a session of its
    own with a still camera, so the box found in a frame's previous analysis is searched around first, and every
    `full_frame_every`-th frame of that session is searched whole (faces.search_around, the worker's schedule).
    The state lives in this process instead of Redis (the task variant below goes through Redis).
    """

    def __init__(self, torch_threads: int | None, full_frame_every: int | None) -> None:
        from ai_worker.emotion import factory
        from ai_worker.emotion.faces import search_around
        from interview_common.settings import get_settings

        if torch_threads:
            import torch

            torch.set_num_threads(torch_threads)
        self.factory = factory
        self.search_around = search_around
        self.backend = factory.warm_up("minixception")
        self.full_frame_every = full_frame_every or get_settings().EMOTION_FULL_FRAME_EVERY
        self.sessions: dict[str, tuple[Any, int]] = {}  # frame name → (last face box, frames analysed)
        self.name = "ours (minixception)"

    def analyze(self, jpeg: bytes, session: str = "") -> tuple[dict[str, Any], dict[str, float]]:
        from ai_worker.emotion.decode import decode_jpeg

        last_box, count = self.sessions.get(session, (None, 0))
        previous = self.search_around(last_box, count + 1, self.full_frame_every)
        started = time.perf_counter()
        image = decode_jpeg(jpeg)
        decode_ms = (time.perf_counter() - started) * 1000
        analysis = self.backend.analyze(image, previous)
        face = analysis.face
        self.sessions[session] = (face.box if face else None, count + 1)
        t = analysis.timings_ms
        stages = {"decode": decode_ms, "detect": t.get("detect", 0.0), "classify": t.get("classify", 0.0)}
        result = {
            "faces_found": analysis.faces_found,
            "box": list(face.box) if face else None,
            "dominant": face.dominant if face else None,
            "full_frame": analysis.full_frame,
        }
        return result, stages

    def info(self) -> dict[str, Any]:
        import cv2
        import torch

        return {
            "torch_threads": torch.get_num_threads(),
            "cv2_threads": cv2.getNumThreads(),
            "tensorflow_loaded": "tensorflow" in sys.modules,
            "keras_loaded": "keras" in sys.modules,
            "full_frame_every": self.full_frame_every,
        }


DETECTOR_WHAT_IFS: list[tuple[str, dict[str, float]]] = [
    ("whole frame, as configured (detect_faces)", {}),
    ("scaleFactor 1.15", {"SCALE_FACTOR": 1.15}),
    ("scaleFactor 1.2", {"SCALE_FACTOR": 1.2}),
    ("min face 20 % of the shorter side", {"MIN_FACE_FRACTION": 0.20}),
    ("detect at 240 px", {"DETECT_MAX_SIDE": 240}),
]


def detector_what_if(frames: list[Any], repeats: int) -> list[dict[str, Any]]:
    """The worker's own detect_faces with other parameter values (module constants swapped in this process).

    "track": the worker's find_faces around the face found in the frame before (here: the same frame's
    face, as a still camera at 1 fps gives), the whole frame when there was none; "window empty": the
    previous box is somewhere the face is not (the candidate moved away), so the window is searched in
    vain and then the whole frame — the worst case of tracking.
    """
    from ai_worker.emotion import faces
    from ai_worker.emotion.decode import decode_jpeg

    images = {f.name: decode_jpeg(f.jpeg) for f in frames}
    out = []
    baseline = {f.name: faces.detect_faces(images[f.name]) for f in frames}

    def measure(label: str, detect: Any) -> None:
        found = {name: len(detect(name)) for name in images}
        cpu0 = cpu_seconds()
        for _ in range(repeats):
            for name in images:
                detect(name)
        ms = (cpu_seconds() - cpu0) * 1000 / (repeats * len(images))
        out.append({"variant": label, "cpu_ms_per_frame": round(ms, 2), "faces_found": found})

    for label, overrides in DETECTOR_WHAT_IFS:
        saved = {k: getattr(faces, k) for k in overrides if hasattr(faces, k)}
        if len(saved) != len(overrides):
            continue
        for key, value in overrides.items():
            setattr(faces, key, value)
        try:
            measure(label, lambda name: faces.detect_faces(images[name]))
        finally:
            for key, value in saved.items():
                setattr(faces, key, value)

    def track(name: str) -> list[Any]:
        previous = baseline[name]
        return faces.find_faces(images[name], previous[0] if previous else None).boxes

    def window_empty(name: str) -> list[Any]:
        image = images[name]
        height, width = image.shape[:2]
        # A 60 px box in the bottom-right corner: no test frame has a face there.
        return faces.find_faces(image, (width - 60, height - 60, 60, 60)).boxes

    measure("track: search 2× the last face box (find_faces)", track)
    measure("track, window empty: window, then whole frame", window_empty)
    return out


class TaskRunner:
    """The whole `analyze_emotion` task body (ai_worker.media.service), timed per stage.

    The service's own decode and backend are wrapped by timers (in this process only), so the split is
    decode / detect / classify / database write, where "database write" is everything after the
    analysis returned: the question lookup, the INSERT and COMMIT, and releasing the in-flight slot in Redis.
    """

    def __init__(self, ours: Ours) -> None:
        from ai_worker.media import service

        self.service = service
        self.record: dict[str, float] = {}
        self.split = hasattr(service, "decode_jpeg") and hasattr(service, "get_emotion_backend")
        self.tracked = 0
        self.frames = 0
        if not self.split:
            return
        real_decode = service.decode_jpeg
        backend = ours.backend
        record = self.record

        def timed_decode(data: bytes) -> Any:
            started = time.perf_counter()
            image = real_decode(data)
            record["decode"] = (time.perf_counter() - started) * 1000
            return image

        runner = self

        class TimedBackend:
            name = backend.name
            tracks_faces = getattr(backend, "tracks_faces", False)

            def analyze(self, image: Any, previous_box: Any = None) -> Any:
                # The Redis read (service.previous_face) ran before this call; its time lands in "other".
                analysis = backend.analyze(image, previous_box)
                runner.frames += 1
                runner.tracked += 0 if analysis.full_frame else 1
                record["detect"] = analysis.timings_ms.get("detect", 0.0)
                record["classify"] = analysis.timings_ms.get("classify", 0.0)
                record["analyzed_at"] = time.perf_counter()
                return analysis

            def warm_up(self) -> None:
                pass

        service.decode_jpeg = timed_decode
        service.get_emotion_backend = lambda *args, **kwargs: TimedBackend()

    def run(self, jpeg_b64: str, session_id: int, question_id: int | None) -> tuple[dict[str, Any], dict[str, float]]:
        from datetime import UTC, datetime

        from interview_common.tasks import AnalyzeEmotionPayload

        payload = AnalyzeEmotionPayload(
            session_id=session_id, question_id=question_id, captured_at=datetime.now(UTC), image_b64=jpeg_b64
        )
        self.record.clear()
        started = time.perf_counter()
        outcome = self.service.analyze_emotion(payload)
        ended = time.perf_counter()
        total = (ended - started) * 1000
        stages = {"total": total}
        if self.split and "analyzed_at" in self.record:
            db = (ended - self.record["analyzed_at"]) * 1000
            stages |= {
                "decode": self.record.get("decode", 0.0),
                "detect": self.record["detect"],
                "classify": self.record["classify"],
                "db_write": db,
            }
            stages["other"] = max(0.0, total - sum(stages[k] for k in ("decode", "detect", "classify", "db_write")))
        return outcome, stages


class DeepFaceRunner:
    """DeepFace.analyze(actions=["emotion"], detector_backend="opencv") on the decoded frame."""

    def __init__(self, engine: str, home: Path) -> None:
        os.environ["DEEPFACE_HOME"] = str(home)
        os.environ["DEEPFACE_BACKEND_ENGINE"] = engine
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        self.engine = engine
        self.weights = ensure_random_weights(engine, home)
        import cv2
        import numpy as np
        from deepface import DeepFace
        from deepface.modules import detection

        from ai_worker.emotion.deepface_backend import to_frame_analysis

        self.cv2, self.np, self.deepface = cv2, np, DeepFace
        self.to_frame_analysis = to_frame_analysis
        self.name = f"DeepFace ({engine})"
        self.timer: dict[str, float] = {}
        # Split DeepFace's one call: time spent in face extraction (detect + align + crop) and in the
        # emotion model's predict; the rest of analyze() is "other". Wrappers only add a clock read.
        real_extract = detection.extract_faces
        timer = self.timer

        def timed_extract(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return real_extract(*args, **kwargs)
            finally:
                timer["detect"] = timer.get("detect", 0.0) + (time.perf_counter() - started) * 1000

        detection.extract_faces = timed_extract
        from deepface.modules import modeling

        client = modeling.build_model(task="facial_attribute", model_name="Emotion")
        real_predict = client.predict

        def timed_predict(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return real_predict(*args, **kwargs)
            finally:
                timer["classify"] = timer.get("classify", 0.0) + (time.perf_counter() - started) * 1000

        client.predict = timed_predict

    def decode(self, jpeg: bytes) -> Any:
        # The same decoder our worker uses (cv2.imdecode); DeepFace takes the BGR array.
        return self.cv2.imdecode(self.np.frombuffer(jpeg, dtype=self.np.uint8), self.cv2.IMREAD_COLOR)

    def analyze(self, jpeg: bytes, session: str = "") -> tuple[dict[str, Any], dict[str, float]]:
        started = time.perf_counter()
        image = self.decode(jpeg)
        decoded = time.perf_counter()
        self.timer.clear()
        results = self.deepface.analyze(
            img_path=image, actions=["emotion"], detector_backend="opencv", enforce_detection=False, silent=True
        )
        ended = time.perf_counter()
        analysis = self.to_frame_analysis(results, image.shape[1], image.shape[0])
        detect = self.timer.get("detect", 0.0)
        classify = self.timer.get("classify", 0.0)
        stages = {
            "decode": (decoded - started) * 1000,
            "detect": detect,
            "classify": classify,
            "other": max(0.0, (ended - decoded) * 1000 - detect - classify),
        }
        face = analysis.face
        result = {
            "faces_found": analysis.faces_found,
            "box": list(face.box) if face else None,
            "dominant": face.dominant if face else None,
        }
        return result, stages

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"cv2_threads": self.cv2.getNumThreads(), "weights": self.weights}
        if self.engine == "pytorch":
            import torch

            info["torch_threads"] = torch.get_num_threads()
        if self.engine == "tensorflow":
            import tensorflow as tf

            info["tf_intra_op_threads"] = tf.config.threading.get_intra_op_parallelism_threads()
        return info


def ensure_random_weights(engine: str, home: Path) -> str:
    """DeepFace's emotion-model weights file with random values, written once where DeepFace reads it."""
    # deepface's own import first: it sets TF_USE_LEGACY_KERAS, so tensorflow.keras is tf-keras (Keras 2),
    # as when DeepFace builds the model itself.
    from deepface import DeepFace  # noqa: F401

    weights = home / ".deepface" / "weights"
    weights.mkdir(parents=True, exist_ok=True)
    (home / "RANDOM_WEIGHTS_README.txt").write_text(
        "Random weights written by bench/emotion_worker.py for the emotion speed benchmark.\n"
        "They have the shapes of DeepFace's facial_expression_model but no training: never use them for analysis.\n"
    )
    if engine == "tensorflow":
        target = weights / "facial_expression_model_weights.h5"
        if not target.exists():
            # DeepFace builds the network in code and then loads the file; here its own builder runs with
            # the download and load replaced by a save, so the file matches its architecture exactly.
            from deepface.commons import weight_utils
            from deepface.models.demography.tf import Emotion

            real_download, real_load = weight_utils.download_weights_if_necessary, weight_utils.load_model_weights

            def save(model: Any, weight_file: str) -> Any:
                model.save_weights(weight_file)
                return model

            weight_utils.download_weights_if_necessary = lambda file_name, source_url, compress_type=None: str(target)
            weight_utils.load_model_weights = save
            try:
                Emotion.load_model()
            finally:
                weight_utils.download_weights_if_necessary, weight_utils.load_model_weights = real_download, real_load
    elif engine == "pytorch":
        target = weights / "facial_expression_model_weights.pth"
        if not target.exists():
            import torch
            from deepface.models.demography.pytorch import Emotion

            torch.save(Emotion.base_model().state_dict(), target)
    else:
        raise SystemExit(f"unsupported DeepFace engine {engine!r} (tensorflow or pytorch)")
    return f"random values, shapes of DeepFace's emotion model ({target})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pipeline", choices=["ours", "deepface"], required=True)
    parser.add_argument("--engine", default="tensorflow")
    parser.add_argument("--frames", type=Path, required=True)
    parser.add_argument("--cores", type=int, default=0, help="pin to this many CPUs (0: all)")
    parser.add_argument("--torch-threads", type=int, default=0)
    parser.add_argument(
        "--full-frame-every",
        type=int,
        default=0,
        help="ours: EMOTION_FULL_FRAME_EVERY (0: the setting; 1: no tracking)",
    )
    parser.add_argument("--deepface-home", type=Path)
    args = parser.parse_args()

    if args.cores:
        # Before any numeric library is imported: their thread pools read the affinity mask at start.
        allowed = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, set(allowed[-args.cores :]))

    from bench.frames import read_frames

    frames = read_frames(args.frames)
    started = time.perf_counter()
    if args.pipeline == "ours":
        runner: Any = Ours(args.torch_threads or None, args.full_frame_every or None)
    else:
        runner = DeepFaceRunner(args.engine, args.deepface_home)
    # Warm-up: one pass over every frame (first calls allocate and pick kernels).
    for frame in frames:
        runner.analyze(frame.jpeg, frame.name)
    load_s = time.perf_counter() - started
    task: TaskRunner | None = None
    reply(
        {
            "event": "ready",
            "name": runner.name,
            "pid": os.getpid(),
            "load_and_warm_up_s": round(load_s, 2),
            "rss_mb": rss_mb(),
            "affinity": sorted(os.sched_getaffinity(0)),
            **runner.info(),
        }
    )

    for line in sys.stdin:
        command = json.loads(line)
        name = command["cmd"]
        if name == "quit":
            break
        if name == "detector_what_if":
            reply({"event": name, "variants": detector_what_if(frames, int(command.get("repeats", 5)))})
        elif name == "detect":
            # After the warm-up pass: with tracking, each frame's second analysis, searched around its first.
            reply({"event": "detect", "frames": {f.name: runner.analyze(f.jpeg, f.name)[0] for f in frames}})
        elif name in ("run", "task"):
            if name == "task" and task is None:
                task = TaskRunner(runner)
            import base64

            encoded = {f.name: base64.b64encode(f.jpeg).decode("ascii") for f in frames}
            deadline = time.perf_counter() + float(command["seconds"])
            limit = int(command.get("max_frames", 100_000))
            samples: list[dict[str, float]] = []
            cpu0, wall0 = cpu_seconds(), time.perf_counter()
            i = 0
            while i < limit and time.perf_counter() < deadline:
                frame = frames[i % len(frames)]
                if task is not None and name == "task":
                    # One interview session per test frame (a still camera each), as tracking assumes.
                    session = command.get("sessions", {}).get(frame.name) or command
                    _, stages = task.run(encoded[frame.name], session["session_id"], session.get("question_id"))
                else:
                    _, stages = runner.analyze(frame.jpeg, frame.name)
                samples.append(stages)
                i += 1
            wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
            extra = {"window_only_frames": task.tracked, "task_frames": task.frames} if name == "task" and task else {}
            reply(
                {
                    "event": name,
                    "frames": i,
                    "wall_s": wall,
                    "cpu_s": cpu,
                    "samples": samples,
                    "rss_mb": rss_mb(),
                    **extra,
                }
            )
        else:
            reply({"event": "error", "error": f"unknown command {name!r}"})


if __name__ == "__main__":
    main()
