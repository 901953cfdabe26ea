"""wav_to_mp3: valid MPEG Layer III frames of the right duration; empty and bad WAVs."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.recordings.errors import EmptyRecording, RecordingError
from core.recordings.mp3 import wav_duration, wav_to_mp3
from tests.fakes.wavgen import make_wav
from tests.paths import TRANSCRIPTS


def frame_stats(data: bytes) -> tuple[int, int]:
    """(samples, sample rate) by walking MPEG-1/2/2.5 Layer III frame headers."""
    rates = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
    kbps_v1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
    kbps_v2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
    pos = samples = rate = 0
    while pos < len(data):
        b1, b2 = data[pos + 1], data[pos + 2]
        assert data[pos] == 0xFF and b1 & 0xE0 == 0xE0 and (b1 >> 1) & 3 == 1, f"bad frame at {pos}"
        version = (b1 >> 3) & 3
        rate = rates[version][(b2 >> 2) & 3]
        kbps = (kbps_v1 if version == 3 else kbps_v2)[b2 >> 4]
        assert kbps, "free-format or bad bitrate"
        coeff, per_frame = (144, 1152) if version == 3 else (72, 576)
        pos += coeff * kbps * 1000 // rate + ((b2 >> 1) & 1)
        samples += per_frame
    assert pos == len(data)
    return samples, rate


@pytest.mark.parametrize(("seconds", "rate"), [(2.0, 8000), (1.5, 16000), (1.0, 44100)])
def test_mp3_has_the_wav_duration(tmp_path: Path, seconds: float, rate: int) -> None:
    wav = make_wav(tmp_path / "a.wav", seconds, rate=rate)
    mp3 = wav_to_mp3(wav, tmp_path / "a.mp3")
    samples, out_rate = frame_stats(mp3.read_bytes())
    assert out_rate == rate
    frame = 576 if rate < 32000 else 1152
    assert seconds <= samples / out_rate <= seconds + 3 * frame / out_rate
    assert not list(tmp_path.glob("*.part"))


def test_transcript_recording_converts(tmp_path: Path) -> None:
    wav = TRANSCRIPTS / "recordings" / "1795360756.4.wav"
    samples, rate = frame_stats(wav_to_mp3(wav, tmp_path / "x.mp3").read_bytes())
    assert rate == 8000 and abs(samples / rate - wav_duration(wav)) < 0.25


def test_stereo_is_accepted(tmp_path: Path) -> None:
    wav = make_wav(tmp_path / "s.wav", 0.5, channels=2)
    assert frame_stats(wav_to_mp3(wav, tmp_path / "s.mp3").read_bytes())[1] == 8000


def test_header_only_wav_is_an_empty_recording(tmp_path: Path) -> None:
    wav = TRANSCRIPTS / "recordings" / "1795360767.7.wav"
    assert wav.stat().st_size == 44
    with pytest.raises(EmptyRecording, match="empty"):
        wav_to_mp3(wav, tmp_path / "e.mp3")
    assert not (tmp_path / "e.mp3").exists() and not list(tmp_path.iterdir())


def test_truncated_or_foreign_files_are_errors(tmp_path: Path) -> None:
    (tmp_path / "junk.wav").write_bytes(b"RIFF\x00\x00junk" + b"\x00" * 100)
    with pytest.raises(RecordingError):
        wav_to_mp3(tmp_path / "junk.wav", tmp_path / "j.mp3")
    with pytest.raises(RecordingError, match="16-bit"):
        wav_to_mp3(make_wav(tmp_path / "8bit.wav", 0.2, width=1), tmp_path / "b.mp3")
    (tmp_path / "tiny.wav").write_bytes(b"RIFF")
    with pytest.raises(EmptyRecording):
        wav_to_mp3(tmp_path / "tiny.wav", tmp_path / "t.mp3")
