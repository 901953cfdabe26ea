"""Streaming download of a recording into the disk cache.

The body is written to a ``.part`` file chunk by chunk and ``Progress`` is
reported after each chunk, so a player can start on the partial file (or on
the HTTP URL itself) before the download ends. HTTP failures become the typed
errors of ``core.recordings.errors``; URLs in messages are redacted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from core.recordings.cache import DiskCache
from core.recordings.errors import (
    RecordingError,
    SourceUnavailable,
    error_for_status,
    redact,
)
from core.recordings.sources import PlayableUrl

CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Progress:
    """Bytes received so far; ``total`` is ``None`` when the server did not say."""

    received: int
    total: int | None
    part_path: Path
    done: bool = False


ProgressCallback = Callable[[Progress], None]


def suffix_for(url: str, content_type: str | None) -> str:
    """File suffix for a recording from its content type or URL path."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("audio/mpeg", "audio/mp3"):
        return ".mp3"
    if kind in ("audio/wav", "audio/x-wav", "audio/wave"):
        return ".wav"
    path = redact(url).lower()
    for ext in (".mp3", ".wav", ".ogg", ".gsm"):
        if path.endswith(ext):
            return ext
    return ".audio"


def _discard(part: Path) -> None:
    part.unlink(missing_ok=True)


class RecordingFetcher:
    """Downloads playable URLs into a ``DiskCache``; one instance per application."""

    def __init__(self, cache: DiskCache, client: httpx.AsyncClient) -> None:
        self.cache = cache
        self.client = client

    async def fetch(
        self, source: PlayableUrl, key: str, progress: ProgressCallback | None = None
    ) -> Path:
        """The cached file for ``key``, downloading ``source`` first when needed."""
        for suffix in (".mp3", ".wav", ".ogg", ".gsm", ".audio"):
            hit = self.cache.get(key, suffix)
            if hit is not None:
                return hit
        try:
            return await self._download(source, key, progress)
        except httpx.HTTPError as exc:
            raise SourceUnavailable(
                f"Could not download the recording from {redact(source.url)}: {exc.__class__.__name__}."
            ) from exc

    async def _download(
        self, source: PlayableUrl, key: str, progress: ProgressCallback | None
    ) -> Path:
        request = self.client.build_request("GET", source.url, headers=dict(source.headers))
        auth = httpx.BasicAuth(*source.basic_auth) if source.basic_auth else None
        response = await self.client.send(request, stream=True, auth=auth)
        try:
            if response.status_code >= 400:
                raise error_for_status(response.status_code, source.url)
            suffix = suffix_for(source.url, response.headers.get("content-type"))
            part = self.cache.part_path(key, suffix)
            length = response.headers.get("content-length")
            total = int(length) if length and length.isdigit() else None
            received = await self._write_body(response, part, total, progress)
        finally:
            await response.aclose()
        if total is not None and received != total:
            _discard(part)
            raise RecordingError("The recording download was cut short; try again.")
        final = await asyncio.to_thread(self.cache.commit, part, key, suffix)
        if progress is not None:
            progress(Progress(received, total, final, done=True))
        return final

    async def _write_body(
        self,
        response: httpx.Response,
        part: Path,
        total: int | None,
        progress: ProgressCallback | None,
    ) -> int:
        received = 0
        with part.open("wb") as out:
            try:
                async for chunk in response.aiter_bytes(CHUNK):
                    out.write(chunk)
                    out.flush()
                    received += len(chunk)
                    if progress is not None:
                        progress(Progress(received, total, part))
            except BaseException:
                out.close()
                _discard(part)
                raise
        return received


async def download_to(url: str, dest: Path, client: httpx.AsyncClient | None = None) -> Path:
    """Stream ``url`` into ``dest`` (the player's "Save as…" for HTTP sources)."""
    own = client is None
    http = client or httpx.AsyncClient(timeout=30.0)
    part = dest.with_name(dest.name + ".part")
    try:
        async with http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise error_for_status(response.status_code, url)
            with part.open("wb") as out:
                async for chunk in response.aiter_bytes(CHUNK):
                    out.write(chunk)
        await asyncio.to_thread(part.replace, dest)
    except httpx.HTTPError as exc:
        raise SourceUnavailable(f"Could not download the recording from {redact(url)}.") from exc
    finally:
        if own:
            await http.aclose()
        await asyncio.to_thread(_discard, part)
    return dest
