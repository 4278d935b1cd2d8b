"""Korean speech-to-text for voice answers.

`audio` turns what was recorded into 16 kHz mono 16-bit PCM, `factory.get_speech_backend()` gives the
configured recogniser (offline Vosk by default, a local Whisper model with `STT_BACKEND=whisper`), and
every backend returns a `types.Transcript`.
"""
