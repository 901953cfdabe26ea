"""Path confinement to the recordings root and the bounded LRU disk cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.recordings.cache import DiskCache
from core.recordings.paths import PathRejected, confine, relative_name


@pytest.fixture
def root(tmp_path: Path) -> Path:
    base = tmp_path / "monitor"
    (base / "2026/11/22").mkdir(parents=True)
    (base / "2026/11/22/a.wav").write_bytes(b"a")
    (tmp_path / "secret.wav").write_bytes(b"s")
    os.symlink(tmp_path / "secret.wav", base / "out.wav")
    os.symlink(base / "2026/11/22/a.wav", base / "in.wav")
    os.symlink(tmp_path, base / "updir")
    return base


def test_files_inside_are_resolved(root: Path) -> None:
    assert confine(root, "2026/11/22/a.wav").read_bytes() == b"a"
    assert confine(root, "in.wav").read_bytes() == b"a"


@pytest.mark.parametrize(
    "name",
    ["", "../secret.wav", "2026/../../secret.wav", "/etc/passwd", "C:/x.wav", "a\\..\\b",
     "%2e%2e/secret.wav", "out.wav", "updir/secret.wav", "2026", "nope.wav", "a\0.wav", "./2026/11/22/a.wav"],
)  # fmt: skip
def test_escapes_and_non_files_are_rejected(root: Path, name: str) -> None:
    with pytest.raises(PathRejected):
        confine(root, name)


def test_relative_name(root: Path) -> None:
    assert relative_name(root, root / "2026/11/22/a.wav") == "2026/11/22/a.wav"
    assert relative_name(root, root.parent / "secret.wav") is None


def test_cache_evicts_least_recently_used(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "c", max_bytes=250)
    for i, key in enumerate(("a", "b", "c")):
        part = cache.part_path(key)
        part.write_bytes(b"x" * 100)
        os.utime(part, (1000 + i, 1000 + i))
        path = cache.commit(part, key)
        os.utime(path, (1000 + i, 1000 + i))
    # committing "c" pushed the total to 300 > 250: the oldest ("a") went
    assert cache.get("a") is None
    assert cache.get("b") is not None  # now the most recently used
    part = cache.part_path("d")
    part.write_bytes(b"x" * 100)
    cache.commit(part, "d")
    assert cache.get("c") is None and cache.get("b") is not None and cache.get("d") is not None
    assert cache.total_bytes() <= 250


def test_partial_downloads_are_never_evicted(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "c", max_bytes=10)
    part = cache.part_path("busy")
    part.write_bytes(b"x" * 100)
    done = cache.part_path("done")
    done.write_bytes(b"y" * 5)
    cache.commit(done, "done")
    assert part.exists() and cache.get("done") is not None
