"""Feeds the index from the CDR and the monitor directory, incrementally.

Each source remembers where it stopped (a cursor row in the index): the byte
offset of ``Master.csv`` (reset when the file is replaced or shrinks), the last
``rowid`` of the cdr_sqlite3_custom table, the last ``calldate`` of FreePBX rows.
The monitor directory is polled; new audio files are attached to legs by the
uniqueid/linkedid in their names. Polling (no inotify dependency) every few
seconds is cheap next to the CDR's own write rate.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from gateway.recordings.cdr import AUDIO_SUFFIXES, IndexRow, csv_columns, file_keys, to_index_row
from gateway.recordings.index import RecordingIndex

log = logging.getLogger(__name__)
CSV_BLOCK = 8 * 1024 * 1024
SQLITE_BATCH = 50_000
OPTIMIZE_AFTER = 10_000  # legs added in one pass that make fresh planner statistics worth it


class CdrSource(Protocol):
    name: str

    def read_new(self, index: RecordingIndex) -> int:
        """Add rows that appeared since the last call; returns how many were added."""
        ...


@dataclass
class CsvCdrSource:
    """Asterisk cdr_csv ``Master.csv``."""

    path: Path
    tz: ZoneInfo
    root: Path | None = None
    name: str = "csv"

    def read_new(self, index: RecordingIndex) -> int:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return 0
        position, marker = index.cursor_of(self.name)
        identity = f"{stat.st_dev}:{stat.st_ino}"
        if marker != identity or stat.st_size < position:
            position = 0
        added = 0
        with self.path.open("rb") as handle:
            handle.seek(position)
            while block := handle.read(CSV_BLOCK):
                complete = block[: block.rfind(b"\n") + 1]
                if not complete:
                    break  # a line still being written
                handle.seek(position + len(complete))
                added += index.add_rows(self._rows(complete.decode("utf-8", "replace")))
                position += len(complete)
                index.set_cursor(self.name, position, identity)
        return added

    def _rows(self, text: str) -> Iterable[IndexRow]:
        for fields_ in csv.reader(io.StringIO(text)):
            if len(fields_) < 15:
                continue
            row = dict(zip(csv_columns(len(fields_)), fields_, strict=False))
            yield to_index_row(row, source=self.name, tz=self.tz, root=self.root)


@dataclass
class SqliteCdrSource:
    """cdr_sqlite3_custom ``master.db`` (table ``cdr``)."""

    path: Path
    tz: ZoneInfo
    root: Path | None = None
    table: str = "cdr"
    name: str = "sqlite"

    def read_new(self, index: RecordingIndex) -> int:
        if not self.path.exists():
            return 0
        last, _ = index.cursor_of(self.name)
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        added = 0
        try:
            while True:
                rows = conn.execute(
                    f'SELECT rowid AS "_rowid", * FROM "{self.table}" WHERE rowid > ? '
                    "ORDER BY rowid LIMIT ?",
                    (last, SQLITE_BATCH),
                ).fetchall()
                if not rows:
                    break
                mapped = [
                    to_index_row(
                        dict(r), source=self.name, tz=self.tz, root=self.root, key=str(r["_rowid"])
                    )
                    for r in rows
                ]
                added += index.add_rows(mapped)
                last = int(rows[-1]["_rowid"])
                index.set_cursor(self.name, last, "rowid")
        finally:
            conn.close()
        return added


FreePbxRowSource = Callable[[str], Iterable[Mapping[str, object]]]


@dataclass
class FreePbxCdrSource:
    """FreePBX ``asteriskcdrdb.cdr`` rows from any row source.

    ``rows_after(marker)`` returns rows with ``calldate`` >= the marker (an ISO
    date-time, "" at first), ordered by calldate — in production
    ``gateway.recordings.mysql.MySqlCdrRows`` (which also re-reads long calls
    written late). Re-sent rows are dropped by the index: a row's key is its
    ``uniqueid`` and ``sequence`` (unique per Asterisk), else its natural key.
    Rows are indexed in batches and the marker advances after each batch.
    """

    rows_after: FreePbxRowSource
    tz: ZoneInfo
    root: Path | None = None
    name: str = "freepbx"
    batch: int = 5000

    def read_new(self, index: RecordingIndex) -> int:
        _, marker = index.cursor_of(self.name)
        mapped: list[IndexRow] = []
        newest = marker
        added = 0
        for row in self.rows_after(marker):
            mapped.append(to_index_row(row, source=self.name, tz=self.tz, root=self.root,
                                       key=_freepbx_key(row)))  # fmt: skip
            newest = max(newest, str(row.get("calldate") or ""))
            if len(mapped) >= self.batch:
                added += index.add_rows(mapped)
                index.set_cursor(self.name, 0, newest)
                mapped = []
        added += index.add_rows(mapped)
        index.set_cursor(self.name, 0, newest)
        return added


def _freepbx_key(row: Mapping[str, object]) -> str | None:
    uniqueid, sequence = row.get("uniqueid"), row.get("sequence")
    if uniqueid and sequence not in (None, ""):
        return f"{uniqueid}#{sequence}"
    return None


@dataclass
class Indexer:
    """Runs the sources and the monitor scan, once (``sync``) or in a polling thread."""

    index: RecordingIndex
    sources: list[CdrSource]
    root: Path
    poll_interval: float = 5.0
    _seen: dict[str, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def sync(self) -> int:
        """Scan files, then read new CDR rows; returns the number of legs added."""
        with self._lock:
            self.scan_files()
            added = 0
            for source in self.sources:
                try:
                    added += source.read_new(self.index)
                except (OSError, sqlite3.Error, ValueError) as exc:
                    log.warning("CDR source %s could not be read: %s", source.name, exc)
            if added >= OPTIMIZE_AFTER:
                self.index.optimize()
            return added

    def scan_files(self) -> int:
        """Attach audio files that appeared (or changed) since the last scan."""
        entries: list[tuple[str, str]] = []
        base = self.root.resolve()
        for folder, _dirs, files in os.walk(base):
            for name in files:
                if not name.lower().endswith(AUDIO_SUFFIXES):
                    continue
                full = os.path.join(folder, name)
                try:
                    mtime = os.stat(full).st_mtime
                except FileNotFoundError:
                    continue
                if self._seen.get(full) == mtime:
                    continue
                self._seen[full] = mtime
                rel = Path(full).relative_to(base).as_posix()
                entries.extend((key, rel) for key in file_keys(name))
        if entries:
            self.index.add_files(entries)
        return len(entries)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="recordings-indexer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sync()
            except Exception:  # keep watching whatever one pass hit
                log.exception("recordings index pass failed")
            self._stop.wait(self.poll_interval)
