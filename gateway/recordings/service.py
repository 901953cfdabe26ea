"""The recording service behind the router: index, indexer, caches and the listen log.

Kept apart from the HTTP layer so the router's handlers stay thin and the
pieces can be used (and tested) without FastAPI.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from core.history.listens import ListenLog as HistoryListenLog
from core.recordings.cache import DiskCache
from core.recordings.paths import PathRejected, confine
from core.recordings.types import RecordingRow
from core.signing.keys_file import KeysFile
from core.signing.links import sign_link
from gateway.recordings.index import RecordingIndex
from gateway.recordings.indexer import (
    CdrSource,
    CsvCdrSource,
    FreePbxCdrSource,
    Indexer,
    SqliteCdrSource,
)
from gateway.recordings.listens import ListenLog
from gateway.recordings.mp3cache import Mp3Cache
from gateway.recordings.settings import RecordingSettings

log = logging.getLogger(__name__)


def make_sources(settings: RecordingSettings) -> list[CdrSource]:
    root, tz = settings.recordings_root, settings.tz
    sources: list[CdrSource] = []
    if settings.cdr_csv is not None:
        sources.append(CsvCdrSource(settings.cdr_csv, tz, root))
    if settings.cdr_sqlite is not None:
        sources.append(SqliteCdrSource(settings.cdr_sqlite, tz, root))
    if settings.freepbx_rows is not None:
        sources.append(FreePbxCdrSource(settings.freepbx_rows, tz, root))
    elif settings.cdr_mysql_url:
        from gateway.recordings.mysql import MySqlCdrRows

        rows = MySqlCdrRows.from_url(
            settings.cdr_mysql_url,
            settings.cdr_mysql_password,
            lookback=settings.cdr_mysql_lookback,
        )
        sources.append(FreePbxCdrSource(rows, tz, root))
    return sources


def default_listen_log(settings: RecordingSettings) -> ListenLog:
    """The project's listen audit (``core.history.listens``) next to the index.

    Used when the caller passes none.
    """
    return HistoryListenLog(settings.cache_dir / "listens.sqlite3")


@dataclass
class RecordingService:
    settings: RecordingSettings
    index: RecordingIndex
    indexer: Indexer
    mp3: Mp3Cache
    listens: ListenLog
    clock: Callable[[], float] = time.time

    @classmethod
    def create(
        cls, settings: RecordingSettings, listens: ListenLog | None, clock: Callable[[], float]
    ) -> RecordingService:
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
        index = RecordingIndex(settings.index_file)
        indexer = Indexer(
            index, make_sources(settings), settings.recordings_root, settings.poll_interval
        )
        mp3 = Mp3Cache(DiskCache(settings.cache_dir / "mp3", settings.cache_max_bytes))
        return cls(settings, index, indexer, mp3, listens or default_listen_log(settings), clock)

    # -- auth ----------------------------------------------------------
    def user_for_token(self, token: str) -> str | None:
        found: str | None = None
        for known, name in self.settings.api_tokens.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                found = name
        return found

    def keys(self) -> KeysFile:
        path = self.settings.get_record_keys_file
        return KeysFile.load(path) if path is not None else KeysFile(())

    # -- files ---------------------------------------------------------
    def file(self, name: str) -> Path:
        """The file for a root-relative name (raises ``PathRejected``)."""
        return confine(self.settings.recordings_root, name)

    def recorded_leg(self, call_key: str, recording: str | None = None) -> RecordingRow | None:
        """The leg of ``call_key`` (uniqueid or linkedid) whose recording file exists."""
        for row in self.index.find_call(call_key):
            if row.recording is None or (recording and row.recording != recording):
                continue
            try:
                self.file(row.recording)
            except PathRejected:
                continue
            return row
        return None

    def signed_url(self, base_url: str, name: str) -> tuple[str, int]:
        expires_at = int(self.clock()) + self.settings.link_ttl
        sig = sign_link(name, expires_at, self.settings.link_key)
        base = (self.settings.public_base_url or base_url).rstrip("/")
        return f"{base}/recordings/file/{quote(name)}?exp={expires_at}&sig={sig}", expires_at

    def call_for_file(self, name: str) -> str:
        """The call id a file belongs to (for the listen log), or the name itself."""
        return self.index.call_for_recording(name) or name

    def log_listen(self, who: str, call_id: str, recording: str, source: str) -> None:
        try:
            self.listens.log_listen(who, call_id, recording, source)
        except Exception:  # the audit log must not break playback; it is reported loudly
            log.exception("could not log a listen of %s", call_id)


def client_label(client_id: str) -> str:
    """A non-secret label for a get_record_local key (first 8 hex of its SHA-256)."""
    return "get_record_local:" + hashlib.sha256(client_id.encode()).hexdigest()[:8]
