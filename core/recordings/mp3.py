"""WAV -> MP3 with lameenc (LAME linked in the wheel; no external binary).

Asterisk's MixMonitor writes 8 kHz mono 16-bit WAVs; a call that was never
answered leaves a 44-byte header-only file, reported as ``EmptyRecording``.
Output is written to a temporary file and renamed, so a reader never sees a
half-written MP3.
"""

from __future__ import annotations

import os
import tempfile
import wave
from pathlib import Path

from core.recordings.errors import EmptyRecording, RecordingError

CHUNK_FRAMES = 64 * 1024


def _bitrate_for(rate: int, channels: int) -> int:
    """A sensible CBR bitrate (kbit/s) for speech at this sample rate."""
    per_channel = 16 if rate <= 8000 else 32 if rate <= 16000 else 64
    return per_channel * channels


def _open_wav(wav_path: Path) -> wave.Wave_read:
    try:
        reader = wave.open(str(wav_path), "rb")
    except FileNotFoundError:
        raise
    except (wave.Error, EOFError) as exc:
        if wav_path.stat().st_size <= 44:
            raise EmptyRecording(f"{wav_path.name}: the recording is empty") from exc
        raise RecordingError(f"{wav_path.name}: not a PCM WAV file ({exc})") from exc
    if reader.getsampwidth() != 2 or reader.getnchannels() not in (1, 2):
        reader.close()
        raise RecordingError(f"{wav_path.name}: only 16-bit mono or stereo PCM is supported")
    return reader


def wav_to_mp3(
    wav_path: Path, mp3_path: Path, *, bitrate: int | None = None, quality: int = 5
) -> Path:
    """Encode ``wav_path`` into ``mp3_path``; returns ``mp3_path``.

    Raises ``EmptyRecording`` for a WAV without audio, ``RecordingError`` for
    anything that is not 16-bit PCM.
    """
    import lameenc  # lazy: only the gateway needs the encoder

    with _open_wav(wav_path) as reader:
        rate, channels = reader.getframerate(), reader.getnchannels()
        encoder = lameenc.Encoder()
        encoder.set_in_sample_rate(rate)
        encoder.set_channels(channels)
        encoder.set_bit_rate(bitrate or _bitrate_for(rate, channels))
        encoder.set_quality(quality)
        fd, tmp_name = tempfile.mkstemp(prefix=".enc-", suffix=".part", dir=mp3_path.parent)
        total = 0
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := reader.readframes(CHUNK_FRAMES):
                    total += len(chunk)
                    out.write(encoder.encode(chunk))
                if total == 0:
                    raise EmptyRecording(f"{wav_path.name}: the recording is empty")
                out.write(encoder.flush())
            os.replace(tmp_name, mp3_path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
    return mp3_path


def wav_duration(wav_path: Path) -> float:
    """Duration of a PCM WAV in seconds (0.0 for a header-only file)."""
    try:
        with wave.open(str(wav_path), "rb") as reader:
            return reader.getnframes() / float(reader.getframerate() or 1)
    except (wave.Error, EOFError):
        return 0.0
