"""Streaming fetch into the cache against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from core.recordings.cache import DiskCache
from core.recordings.errors import (
    Forbidden,
    LinkExpired,
    NotFound,
    RecordingError,
    SourceUnavailable,
    Unauthorized,
)
from core.recordings.fetch import Progress, RecordingFetcher
from core.recordings.sources import PlayableUrl


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    return list(folder.glob(pattern))


BODY = bytes(range(256)) * 1024  # 256 KiB
RELEASE = threading.Event()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path.strip("/").isdigit():
            self.send_response(int(path.strip("/")))
            self.end_headers()
            return
        if path == "/basic.mp3" and self.headers.get("Authorization") != "Basic dXNlcjpwdw==":
            self.send_response(401)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "audio/wav" if path.endswith(".wav") else "audio/mpeg")
        self.send_header("Content-Length", str(len(BODY) + (1000 if path == "/short.wav" else 0)))
        self.end_headers()
        if path == "/slow.wav":
            self.wfile.write(BODY[:65536])
            self.wfile.flush()
            RELEASE.wait(20)
        self.wfile.write(BODY[65536:] if path == "/slow.wav" else BODY)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


async def test_download_streams_into_part_then_commits(server: str, tmp_path: Path) -> None:
    RELEASE.clear()
    seen: list[Progress] = []

    def on_progress(p: Progress) -> None:
        if not p.done and p.received >= 65536 and not RELEASE.is_set():
            # playable while downloading: the first bytes are on disk before the rest is sent
            assert p.part_path.read_bytes()[:65536] == BODY[:65536]
            RELEASE.set()
        seen.append(p)

    async with httpx.AsyncClient() as client:
        fetcher = RecordingFetcher(DiskCache(tmp_path, 10**7), client)
        path = await fetcher.fetch(
            PlayableUrl(f"{server}/slow.wav?sig=abc", "t"), "call-1", on_progress
        )
    assert path.read_bytes() == BODY and path.suffix == ".wav"
    assert seen[-1].done and seen[-1].total == len(BODY)
    assert not _files(tmp_path, "*.part")


async def test_cache_hit_skips_the_network(server: str, tmp_path: Path) -> None:
    async with httpx.AsyncClient() as client:
        fetcher = RecordingFetcher(DiskCache(tmp_path, 10**7), client)
        first = await fetcher.fetch(PlayableUrl(f"{server}/a.mp3", "t"), "k")
        again = await fetcher.fetch(PlayableUrl(f"{server}/404", "t"), "k")  # would fail if fetched
    assert first == again and first.suffix == ".mp3"


async def test_basic_auth_source(server: str, tmp_path: Path) -> None:
    async with httpx.AsyncClient() as client:
        fetcher = RecordingFetcher(DiskCache(tmp_path, 10**7), client)
        ok = await fetcher.fetch(
            PlayableUrl(f"{server}/basic.mp3", "t", basic_auth=("user", "pw")), "b"
        )
        assert ok.read_bytes() == BODY
        with pytest.raises(Unauthorized):
            await fetcher.fetch(
                PlayableUrl(f"{server}/basic.mp3", "t", basic_auth=("user", "no")), "c"
            )


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (410, LinkExpired),
        (500, SourceUnavailable),
    ],
)
async def test_http_failures_are_typed_and_redacted(
    server: str, tmp_path: Path, status: int, error: type
) -> None:
    async with httpx.AsyncClient() as client:
        fetcher = RecordingFetcher(DiskCache(tmp_path, 10**7), client)
        with pytest.raises(error) as info:
            await fetcher.fetch(PlayableUrl(f"{server}/{status}?sig=SECRETSIG", "t"), f"s{status}")
    assert "SECRETSIG" not in str(info.value)
    assert not _files(tmp_path)


async def test_cut_short_and_unreachable(server: str, tmp_path: Path) -> None:
    async with httpx.AsyncClient() as client:
        fetcher = RecordingFetcher(DiskCache(tmp_path, 10**7), client)
        with pytest.raises(RecordingError):
            await fetcher.fetch(PlayableUrl(f"{server}/short.wav", "t"), "short")
        with pytest.raises(SourceUnavailable, match="Could not download"):
            await fetcher.fetch(PlayableUrl("http://127.0.0.1:9/x.wav?sig=SECRET", "t"), "dead")
    assert not _files(tmp_path)
