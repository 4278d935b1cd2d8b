"""Raw audio helpers: whatever was recorded, as the 16 kHz mono 16-bit PCM that recognisers take.

Arrays are either 1-D (mono, or interleaved frames as WebRTC decoders hand them over) or 2-D
shaped (frames, channels) as `read_wav` returns multi-channel files.
"""

from __future__ import annotations

import io
import math
import wave
from fractions import Fraction

import numpy as np

TARGET_RATE = 16_000
# int16 <-> float uses one scale both ways so a round trip is exact.
_INT16_SCALE = 32_768.0

# Resampler: a Kaiser-windowed sinc (band-limited interpolation). Linear interpolation (np.interp) has no
# low-pass, so 48 kHz -> 16 kHz would fold everything between 8 and 24 kHz (sibilants, fan hiss) into the
# band the recogniser listens to; scipy's polyphase filter would do, but scipy is not a dependency.
# The passband ends at 94.5% of the output Nyquist: 7.56 kHz at 16 kHz, where the Vosk model's mel filters
# stop (7.6 kHz) anyway.
_ROLLOFF = 0.945
# Sinc zero crossings on each side of the centre and the Kaiser shape: about 80 dB of stopband
# rejection, far below a microphone's noise floor.
_ZERO_CROSSINGS = 16
_KAISER_BETA = 8.6
# Distinct filter phases kept in the table; an odd rate pair (e.g. 47999 -> 16000) is approximated by the
# nearest ratio with this denominator, a pitch error below one part in a million.
_MAX_RATIO_DENOMINATOR = 1000
# Output samples computed per vectorised step, bounding the temporary (chunk x taps) arrays to a few MB.
_CHUNK = 8192

_SILENCE_FRAME_MS = 30


class AudioError(ValueError):
    """Audio that cannot be read or has an unusable shape, rate or sample type."""


def to_mono_16k(pcm: np.ndarray, sample_rate: int, channels: int = 1) -> np.ndarray:
    """16 kHz mono int16 PCM from int or float PCM at any rate.

    A 1-D `pcm` holds `channels` interleaved channels; a 2-D one is (frames, channels) and its shape gives
    the channel count. Floats are taken as full scale at +-1.0; channels are averaged.
    """
    if sample_rate <= 0:
        raise AudioError(f"sample_rate must be positive, not {sample_rate}")
    samples = _to_float(pcm)
    if samples.ndim == 2:
        frames = samples
    elif samples.ndim == 1:
        if channels < 1:
            raise AudioError(f"channels must be at least 1, not {channels}")
        if samples.size % channels:
            raise AudioError(f"{samples.size} interleaved samples do not divide into {channels} channels")
        frames = samples.reshape(-1, channels)
    else:
        raise AudioError(f"PCM must be 1-D or (frames, channels), not {samples.ndim}-D")
    mono = frames.mean(axis=1) if frames.shape[1] > 1 else frames[:, 0]
    return _float_to_int16(resample(mono, sample_rate, TARGET_RATE))


def resample(signal: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """`signal` (1-D float) at `dst_rate`, band-limited to avoid aliasing; the duration is kept."""
    if src_rate <= 0 or dst_rate <= 0:
        raise AudioError(f"sample rates must be positive, not {src_rate} -> {dst_rate}")
    signal = np.asarray(signal, dtype=np.float64)
    if src_rate == dst_rate or signal.size == 0:
        return signal.copy()
    ratio = Fraction(dst_rate, src_rate).limit_denominator(_MAX_RATIO_DENOMINATOR)
    up, down = ratio.numerator, ratio.denominator
    table, half_width = _filter_table(up, down)
    taps = table.shape[1]

    n_out = math.ceil(signal.size * up / down)
    padded = np.pad(signal, (half_width, half_width + 1))
    offsets = np.arange(taps) + 1
    out = np.empty(n_out)
    for start in range(0, n_out, _CHUNK):
        stop = min(start + _CHUNK, n_out)
        # Output n sits at input position n * down / up: an integer base and one of `up` phases.
        base, phase = np.divmod(np.arange(start, stop, dtype=np.int64) * down, up)
        window = padded[base[:, None] + offsets[None, :]]
        out[start:stop] = np.einsum("ij,ij->i", window, table[phase])
    return out


def _filter_table(up: int, down: int) -> tuple[np.ndarray, int]:
    """Filter taps per phase, shape (up, 2 * half_width), and the half width in input samples."""
    # Cut-off in cycles per input sample: the lower of the two Nyquist frequencies, less the roll-off.
    cutoff = 0.5 * min(1.0, up / down) * _ROLLOFF
    half_width = math.ceil(_ZERO_CROSSINGS / (2 * cutoff))
    # Distance from each output position (input base + phase / up) to each of the taps' input samples.
    distance = np.arange(up)[:, None] / up + (half_width - 1) - np.arange(2 * half_width)[None, :]
    taper = np.clip(1.0 - (distance / half_width) ** 2, 0.0, None)
    table = 2 * cutoff * np.sinc(2 * cutoff * distance) * np.i0(_KAISER_BETA * np.sqrt(taper))
    # Unit gain at DC for every phase, or a constant input would come out with a faint ripple.
    table /= table.sum(axis=1, keepdims=True)
    return table, half_width


def _to_float(pcm: np.ndarray) -> np.ndarray:
    pcm = np.asarray(pcm)
    if np.issubdtype(pcm.dtype, np.floating):
        return pcm.astype(np.float64)
    if np.issubdtype(pcm.dtype, np.signedinteger):
        return pcm.astype(np.float64) / float(2 ** (8 * pcm.dtype.itemsize - 1))
    if np.issubdtype(pcm.dtype, np.unsignedinteger):
        # Unsigned PCM (8-bit WAV) is centred on half its range.
        half = float(2 ** (8 * pcm.dtype.itemsize - 1))
        return (pcm.astype(np.float64) - half) / half
    raise AudioError(f"PCM must be integer or float samples, not {pcm.dtype}")


def _float_to_int16(samples: np.ndarray) -> np.ndarray:
    # Clipped, not wrapped: an overshoot past full scale must not turn into a loud click.
    return np.clip(np.rint(samples * _INT16_SCALE), -32_768, 32_767).astype(np.int16)


def wav_bytes(pcm16: np.ndarray, sample_rate: int = TARGET_RATE) -> bytes:
    """A 16-bit PCM WAV file of `pcm16`: 1-D mono, or 2-D (frames, channels)."""
    pcm16 = np.asarray(pcm16)
    if pcm16.dtype != np.int16:
        raise AudioError(f"wav_bytes takes int16 PCM, not {pcm16.dtype}; convert with to_mono_16k")
    if pcm16.ndim not in (1, 2):
        raise AudioError(f"PCM must be 1-D or (frames, channels), not {pcm16.ndim}-D")
    channels = 1 if pcm16.ndim == 1 else pcm16.shape[1]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        # WAV is little-endian whatever the machine is.
        wav.writeframes(pcm16.astype("<i2", copy=False).tobytes())
    return buffer.getvalue()


def read_wav(data: bytes) -> tuple[np.ndarray, int]:
    """The int16 samples of a PCM WAV file and its sample rate.

    Mono comes back 1-D, more channels as (frames, channels); 8-, 24- and 32-bit samples are
    converted to 16-bit.
    """
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            raw = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"not a readable PCM WAV file ({len(data)} bytes): {exc}") from exc
    usable = len(raw) - len(raw) % (width * channels)
    pcm = _decode_samples(raw[:usable], width)
    if channels > 1:
        pcm = pcm.reshape(-1, channels)
    return pcm, rate


def _decode_samples(raw: bytes, width: int) -> np.ndarray:
    if width == 2:
        return np.frombuffer(raw, dtype="<i2").astype(np.int16)
    if width == 1:
        return ((np.frombuffer(raw, dtype=np.uint8).astype(np.int16) - 128) << 8).astype(np.int16)
    if width == 3:
        # No numpy dtype for 24-bit: the top two bytes of each little-endian sample are its 16-bit value.
        triplets = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3)
        return (triplets[:, 1].astype(np.uint16) | (triplets[:, 2].astype(np.uint16) << 8)).view(np.int16)
    if width == 4:
        return (np.frombuffer(raw, dtype="<i4") >> 16).astype(np.int16)
    raise AudioError(f"unsupported WAV sample width: {width} bytes")


def duration_s(pcm: np.ndarray, sample_rate: int = TARGET_RATE) -> float:
    """Seconds of audio in `pcm` (1-D mono or (frames, channels))."""
    if sample_rate <= 0:
        raise AudioError(f"sample_rate must be positive, not {sample_rate}")
    pcm = np.asarray(pcm)
    if pcm.ndim not in (1, 2):
        raise AudioError(f"PCM must be 1-D or (frames, channels), not {pcm.ndim}-D")
    return pcm.shape[0] / sample_rate


def is_silent(
    pcm16: np.ndarray,
    sample_rate: int = TARGET_RATE,
    *,
    threshold_dbfs: float = -45.0,
    min_voiced_ms: float = 120.0,
) -> bool:
    """Whether 16-bit mono audio has no stretch loud enough to be speech.

    Judged on 30 ms frames rather than the whole clip, so a short answer after a long pause still counts;
    speech needs `min_voiced_ms` of frames above `threshold_dbfs` (RMS), so a lone click does not. The
    default threshold sits between a quiet room through a browser's noise suppression (about -60 dBFS)
    and normal speech (-30 to -15 dBFS).
    """
    samples = _to_float(pcm16).reshape(-1)
    frame = max(1, sample_rate * _SILENCE_FRAME_MS // 1000)
    count = samples.size // frame
    if count == 0:
        return True
    rms = np.sqrt(np.mean(samples[: count * frame].reshape(count, frame) ** 2, axis=1))
    threshold = 10 ** (threshold_dbfs / 20)
    voiced_ms = int(np.count_nonzero(rms > threshold)) * _SILENCE_FRAME_MS
    return voiced_ms < min_voiced_ms


def require_pcm16_mono(pcm: np.ndarray) -> np.ndarray:
    """`pcm` checked to be what backends take: 1-D int16 (at 16 kHz, which an array cannot show)."""
    pcm = np.asarray(pcm)
    if pcm.dtype != np.int16 or pcm.ndim != 1:
        raise AudioError(
            f"speech backends take 1-D int16 PCM at 16 kHz, not a {pcm.ndim}-D {pcm.dtype} array; "
            "convert with to_mono_16k"
        )
    return pcm
