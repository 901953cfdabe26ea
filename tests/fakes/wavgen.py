"""WAV files made by the tests: 8 kHz mono 16-bit sine (or header only)."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path


def make_wav(
    path: Path, seconds: float, rate: int = 8000, channels: int = 1, width: int = 2
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = int(seconds * rate)
    sample = struct.Struct("<h")
    frames = bytearray()
    for i in range(count):
        value = sample.pack(int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
        frames += (value if width == 2 else value[1:]) * channels
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path
