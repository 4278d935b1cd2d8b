"""The test frames, made in code: the astronaut at the media server's 320 px width, variants, no-face frames.

Each frame goes through the media server's own `downsize_jpeg` (scale to EMOTION_FRAME_WIDTH, JPEG
quality 80), so the analysis sees exactly the bytes a worker receives. The frames are written to a
folder as JPEG files, so a benchmark process in another environment (bench/.venv) reads the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

WIDTH = 320  # EMOTION_FRAME_WIDTH's default


@dataclass(frozen=True)
class Frame:
    name: str
    description: str
    faces_expected: int
    jpeg: bytes


def _bgr(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _shifted(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = np.float32([[1, 0, dx], [0, 1, dy]])
    return cv2.warpAffine(image, matrix, (w, h), borderMode=cv2.BORDER_REPLICATE)


def _on_canvas(image: np.ndarray, scale: float, size: tuple[int, int], at: tuple[int, int]) -> np.ndarray:
    """The image scaled by `scale` and pasted at `at` on a plain grey canvas of `size` (w, h)."""
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    canvas = np.full((size[1], size[0], 3), 118, dtype=np.uint8)
    x, y = at
    h, w = small.shape[:2]
    canvas[y : y + h, x : x + w] = small[: size[1] - y, : size[0] - x]
    return canvas


def make_frames() -> list[Frame]:
    from skimage import data

    from media_server.frames import downsize_jpeg  # the media server's resize + JPEG step

    astronaut = _bgr(data.astronaut())  # 512×512, one face
    sources = [
        ("astronaut", "astronaut, 512² → 320×320", 1, astronaut),
        ("shifted", "astronaut shifted 64 px right, 40 px down", 1, _shifted(astronaut, 64, 40)),
        ("webcam_4x3", "astronaut cropped to 4:3 (512×384 → 320×240)", 1, astronaut[:384]),
        ("zoomed", "face 1.6× larger: 320×240 crop around the head", 1, astronaut[0:240, 96:416]),
        ("small_face", "astronaut at 70 % on a grey 4:3 canvas (face ≈ 44 px)", 1,
         _on_canvas(astronaut, 0.70, (512, 384), (160, 40))),
        ("tiny_face", "astronaut at 55 % on a grey 4:3 canvas (face ≈ 35 px)", 1,
         _on_canvas(astronaut, 0.55, (512, 384), (160, 40))),
        ("mirrored", "astronaut mirrored (selfie view)", 1, cv2.flip(astronaut, 1)),
        ("dim", "astronaut at 45 % brightness (dim room)", 1, (astronaut * 0.45).astype(np.uint8)),
        ("no_face_coffee", "no face: skimage coffee", 0, _bgr(data.coffee())),
        ("no_face_rocket", "no face: skimage rocket", 0, _bgr(data.rocket())),
    ]  # fmt: skip
    return [Frame(name, text, faces, downsize_jpeg(image, WIDTH)) for name, text, faces, image in sources]


def write_frames(folder: Path) -> list[Frame]:
    """Write the frames as <name>.jpg plus frames.json (name, description, faces expected)."""
    frames = make_frames()
    folder.mkdir(parents=True, exist_ok=True)
    for frame in frames:
        (folder / f"{frame.name}.jpg").write_bytes(frame.jpeg)
    index = [{"name": f.name, "description": f.description, "faces_expected": f.faces_expected} for f in frames]
    (folder / "frames.json").write_text(json.dumps(index, indent=2, ensure_ascii=False))
    return frames


def read_frames(folder: Path) -> list[Frame]:
    index = json.loads((folder / "frames.json").read_text())
    return [
        Frame(item["name"], item["description"], item["faces_expected"], (folder / f"{item['name']}.jpg").read_bytes())
        for item in index
    ]


def client_image_rgb() -> np.ndarray:
    """What the e2e benchmark's clients stream: the 4:3 astronaut at 320×240 (small, cheap to encode)."""
    from skimage import data

    astronaut = data.astronaut()[:384]
    return cv2.resize(astronaut, (WIDTH, 240), interpolation=cv2.INTER_AREA)
