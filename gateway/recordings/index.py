"""The recordings index: one SQLite table of CDR legs, built for fast filtered search.

Writers (the indexer) use one connection; every search opens its own
read-only connection (WAL mode lets reads run beside writes). Number search
matches the end of the number through a reversed-digits column, so "last
seven digits" is an index range scan, not a ``LIKE '%...'`` table scan.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from core.recordings.types import DISPOSITION_OUTCOME, RecordingRow, SearchPage, SearchQuery
from gateway.recordings.cdr import IndexRow, file_keys

COUNT_CAP = 10_000
COUNT_BUDGET_S = 0.04  # a count that would take longer is reported as "at least N"
PROGRESS_STEPS = 20_000  # SQLite VM steps between two looks at the clock
SHORT_SUFFIX = 4  # fewer digits match too many rows for the number index to pay off
SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY,
    source_key TEXT NOT NULL UNIQUE,
    call_id TEXT NOT NULL, uniqueid TEXT NOT NULL, started_at INTEGER NOT NULL,
    src TEXT NOT NULL, dst TEXT NOT NULL, caller_name TEXT NOT NULL,
    operator TEXT NOT NULL, number TEXT NOT NULL, number_rev TEXT NOT NULL,
    direction TEXT NOT NULL, disposition TEXT NOT NULL, outcome TEXT NOT NULL,
    duration INTEGER NOT NULL, billsec INTEGER NOT NULL, recording TEXT
);
CREATE INDEX IF NOT EXISTS calls_started ON calls(started_at, id);
CREATE INDEX IF NOT EXISTS calls_operator ON calls(operator, started_at);
CREATE INDEX IF NOT EXISTS calls_number ON calls(number_rev);
CREATE INDEX IF NOT EXISTS calls_outcome ON calls(outcome, started_at);
CREATE INDEX IF NOT EXISTS calls_operator_outcome ON calls(operator, outcome, started_at);
CREATE INDEX IF NOT EXISTS calls_billsec ON calls(billsec);
CREATE INDEX IF NOT EXISTS calls_direction ON calls(direction, started_at);
CREATE INDEX IF NOT EXISTS calls_uniqueid ON calls(uniqueid);
CREATE INDEX IF NOT EXISTS calls_call_id ON calls(call_id);
CREATE INDEX IF NOT EXISTS calls_recording ON calls(recording);
CREATE TABLE IF NOT EXISTS files (file_key TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (file_key, path));
CREATE TABLE IF NOT EXISTS cursors (source TEXT PRIMARY KEY, position INTEGER NOT NULL, marker TEXT NOT NULL);
"""
COLUMNS = (
    "id", "call_id", "uniqueid", "started_at", "src", "dst", "operator", "number", "direction",
    "disposition", "outcome", "duration", "billsec", "recording", "caller_name",
)  # fmt: skip


def digits_reversed(number: str) -> str:
    return "".join(ch for ch in reversed(number) if ch.isdigit())


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.executescript(SCHEMA)
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("PRAGMA cache_size=-65536")  # 64 MiB: bulk loads of a big CDR stay fast
    return conn


class RecordingIndex:
    """Writes and reads the index at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer = connect(path)

    def close(self) -> None:
        self.writer.close()

    # -- writing -------------------------------------------------------
    def add_rows(self, rows: Iterable[IndexRow]) -> int:
        """Insert new legs (duplicates by ``source_key`` are ignored); returns rows added."""
        sql = (
            "INSERT OR IGNORE INTO calls (source_key, call_id, uniqueid, started_at, src, dst,"
            " caller_name, operator, number, number_rev, direction, disposition, outcome,"
            " duration, billsec, recording) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        )
        data = (
            (r.source_key, r.call_id, r.uniqueid, r.started_at, r.src, r.dst, r.caller_name,
             r.operator, r.number, digits_reversed(r.number), r.direction, r.disposition,
             r.outcome, r.duration, r.billsec, r.recording)
            for r in rows
        )  # fmt: skip
        with self.writer:
            last_id = self.writer.execute("SELECT coalesce(max(id), 0) FROM calls").fetchone()[0]
            before = self.writer.total_changes
            self.writer.executemany(sql, data)
            added = self.writer.total_changes - before
            # New legs without a recording take a known file named after their uniqueid/linkedid.
            self.writer.execute(
                "UPDATE calls SET recording = COALESCE("
                " (SELECT path FROM files WHERE file_key = calls.uniqueid ORDER BY path LIMIT 1),"
                " (SELECT path FROM files WHERE file_key = calls.call_id ORDER BY path LIMIT 1))"
                " WHERE id > ? AND recording IS NULL",
                (last_id,),
            )
        return added

    def optimize(self) -> None:
        """Refresh the query planner's statistics (after a big load)."""
        self.writer.execute("PRAGMA analysis_limit=1000")
        self.writer.execute("ANALYZE")

    def add_files(self, entries: Iterable[tuple[str, str]]) -> None:
        """Record ``(file_key, root-relative path)`` pairs and attach them to matching legs."""
        pairs = list(entries)
        with self.writer:
            self.writer.executemany("INSERT OR IGNORE INTO files VALUES (?, ?)", pairs)
            for column in ("uniqueid", "call_id"):
                self.writer.executemany(
                    f"UPDATE calls SET recording = ? WHERE {column} = ? AND recording IS NULL",
                    ((path, key) for key, path in pairs),
                )

    def cursor_of(self, source: str) -> tuple[int, str]:
        row = self.writer.execute(
            "SELECT position, marker FROM cursors WHERE source = ?", (source,)
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else (0, "")

    def set_cursor(self, source: str, position: int, marker: str) -> None:
        with self.writer:
            self.writer.execute(
                "INSERT OR REPLACE INTO cursors VALUES (?, ?, ?)", (source, position, marker)
            )

    # -- reading -------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchPage:
        where, args = build_where(query)
        cols = ", ".join(COLUMNS)
        sql = f"SELECT {cols} FROM calls {where} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?"
        offset = (query.page - 1) * query.per_page
        conn = connect(self.path, readonly=True)
        try:
            rows = conn.execute(sql, (*args, query.per_page, offset)).fetchall()
            total, exact = _bounded_count(conn, *build_where(query, for_count=True))
        finally:
            conn.close()
        items = tuple(RecordingRow(**dict(zip(COLUMNS, row, strict=True))) for row in rows)
        if not exact:  # at least what we have seen, and one more when the page is full
            total = max(total, offset + len(items) + (1 if len(items) == query.per_page else 0))
        return SearchPage(items, min(total, COUNT_CAP), exact, query.page, query.per_page)

    def find_call(self, key: str) -> list[RecordingRow]:
        """Legs whose uniqueid or call id (linkedid) is ``key``, recorded ones first."""
        cols = ", ".join(COLUMNS)
        conn = connect(self.path, readonly=True)
        try:
            rows = conn.execute(
                f"SELECT {cols} FROM calls WHERE uniqueid = ? UNION "
                f"SELECT {cols} FROM calls WHERE call_id = ? ORDER BY id",
                (key, key),
            ).fetchall()
        finally:
            conn.close()
        found = [RecordingRow(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
        return sorted(found, key=lambda r: (r.recording is None, r.uniqueid != key, r.id))

    def find_file(self, name: str) -> list[str]:
        """Root-relative paths of indexed files called ``name`` (a bare file name), sorted.

        Looks in the monitor scan (keyed by the ids in the name) and in the CDR's
        recording column (a flat layout the scan has not reached yet).
        """
        base = name.rsplit("/", 1)[-1]
        if not base:
            return []
        keys = file_keys(base)
        marks = ",".join("?" * len(keys))
        conn = connect(self.path, readonly=True)
        try:
            rows = conn.execute(
                f"SELECT path FROM files WHERE file_key IN ({marks}) UNION "
                "SELECT recording FROM calls WHERE recording = ?",
                (*keys, base),
            ).fetchall()
        finally:
            conn.close()
        found = {str(r[0]) for r in rows if str(r[0]).rsplit("/", 1)[-1] == base}
        return sorted(found)

    def call_for_recording(self, name: str) -> str | None:
        conn = connect(self.path, readonly=True)
        try:
            row = conn.execute(
                "SELECT call_id FROM calls WHERE recording = ? ORDER BY id LIMIT 1", (name,)
            ).fetchone()
        finally:
            conn.close()
        return str(row[0]) if row else None

    def count(self) -> int:
        return int(self.writer.execute("SELECT count(*) FROM calls").fetchone()[0])


def _bounded_count(conn: sqlite3.Connection, where: str, args: Sequence[Any]) -> tuple[int, bool]:
    """(matching rows up to the cap, exact?) within ``COUNT_BUDGET_S`` of work."""
    deadline = time.perf_counter() + COUNT_BUDGET_S
    conn.set_progress_handler(lambda: int(time.perf_counter() > deadline), PROGRESS_STEPS)
    try:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM calls {where} LIMIT ?)"
        total = int(conn.execute(sql, (*args, COUNT_CAP + 1)).fetchone()[0])
    except sqlite3.OperationalError:  # interrupted: too many rows to count quickly
        return 0, False
    finally:
        conn.set_progress_handler(None, 0)
    return total, total <= COUNT_CAP


def _outcome_value(outcome: str) -> str:
    return DISPOSITION_OUTCOME.get(outcome.strip().upper(), outcome.strip().lower())


def build_where(query: SearchQuery, *, for_count: bool = False) -> tuple[str, Sequence[Any]]:
    """SQL ``WHERE`` clause and arguments for a search query.

    A short number suffix matches many rows: the page then walks the date
    index (it fills quickly) while the count still uses the number index.
    """
    conds: list[str] = []
    args: list[Any] = []
    simple = (
        ("started_at >= ?", query.date_from),
        ("started_at < ?", query.date_to),
        ("operator = ?", query.operator),
        ("direction = ?", query.direction),
        ("billsec >= ?", query.min_duration),
        ("billsec <= ?", query.max_duration),
        ("call_id = ?", query.call_id),
        ("outcome = ?", _outcome_value(query.outcome) if query.outcome else None),
    )
    for cond, value in simple:
        if value is not None:
            conds.append(cond)
            args.append(value)
    if query.number:
        rev = digits_reversed(query.number)
        if rev:
            # ':' sorts right after '9': [rev, rev + ':') is every string starting with rev
            indexed = for_count or len(rev) >= SHORT_SUFFIX
            column = "number_rev" if indexed else "+number_rev"  # '+' keeps SQLite off the index
            conds.append(f"{column} >= ? AND {column} < ?")
            args.extend((rev, rev + ":"))
    if query.with_recording:
        conds.append("recording IS NOT NULL")
    return ("WHERE " + " AND ".join(conds)) if conds else "", args
