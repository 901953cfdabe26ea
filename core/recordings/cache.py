"""A bounded on-disk cache of recordings, least recently used evicted first.

Entries are named by a digest of a stable key (the call or file, not the
signed URL, whose signature changes). A download in progress lives in
``<name>.part`` and is never evicted; a finished one is renamed into place.
Access time is tracked with the file's mtime (``touch`` on every hit).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CacheEntry:
    path: Path
    size: int
    used_at: float


class DiskCache:
    """Files under ``root`` whose total size is kept at or under ``max_bytes``."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes
        root.mkdir(parents=True, exist_ok=True)

    def path_for(self, key: str, suffix: str = "") -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
        return self.root / f"{digest}{suffix}"

    def part_path(self, key: str, suffix: str = "") -> Path:
        return self.path_for(key, suffix + ".part")

    def get(self, key: str, suffix: str = "") -> Path | None:
        """The cached file for ``key`` (marked as just used) or ``None``."""
        path = self.path_for(key, suffix)
        try:
            os.utime(path)
        except FileNotFoundError:
            return None
        return path

    def commit(self, part: Path, key: str, suffix: str = "") -> Path:
        """Move a finished ``.part`` file into place and evict to stay within bounds."""
        final = self.path_for(key, suffix)
        os.replace(part, final)
        self.evict(keep=final)
        return final

    def entries(self) -> list[CacheEntry]:
        found: list[CacheEntry] = []
        for item in os.scandir(self.root):
            if item.is_file() and not item.name.endswith(".part"):
                stat = item.stat()
                found.append(CacheEntry(Path(item.path), stat.st_size, stat.st_mtime))
        return found

    def total_bytes(self) -> int:
        return sum(entry.size for entry in self.entries())

    def evict(self, keep: Path | None = None) -> list[Path]:
        """Delete least recently used entries until the cache fits; returns what was removed."""
        entries = sorted(self.entries(), key=lambda e: e.used_at)
        total = sum(entry.size for entry in entries)
        removed: list[Path] = []
        for entry in entries:
            if total <= self.max_bytes:
                break
            if keep is not None and entry.path == keep:
                continue
            entry.path.unlink(missing_ok=True)
            total -= entry.size
            removed.append(entry.path)
        return removed
