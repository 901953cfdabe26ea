"""MP3 renditions of WAV recordings for get_record_local, encoded once and cached.

The cache key is the file's root-relative name plus its size and mtime, so a
WAV still being written (MixMonitor) is re-encoded once it grows. One lock per
key keeps two simultaneous requests from encoding the same file twice.
"""

from __future__ import annotations

import threading
from pathlib import Path

from core.recordings.cache import DiskCache
from core.recordings.mp3 import wav_to_mp3


class Mp3Cache:
    def __init__(self, cache: DiskCache) -> None:
        self.cache = cache
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock_for(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def mp3_for(self, wav: Path, name: str) -> Path:
        """The cached MP3 of ``wav``; raises ``EmptyRecording``/``RecordingError`` as encoding does."""
        stat = wav.stat()
        key = f"mp3:{name}:{stat.st_size}:{stat.st_mtime_ns}"
        with self._lock_for(key):
            hit = self.cache.get(key, ".mp3")
            if hit is not None:
                return hit
            part = self.cache.part_path(key, ".mp3")
            wav_to_mp3(wav, part)
            return self.cache.commit(part, key, ".mp3")
