"""The operator's call log: one row per (call, extension), searchable by number or name.

``CallHistory`` is a sync store: the service calls it through
``asyncio.to_thread`` so the desktop's GUI thread never waits for SQLite.

Rows are upserted from call events (``record_from_event``) as a call rings,
is answered and ends; a name and contact id found by the CRM (``set_contact``)
win over the PBX's caller-id name; the operator's note and disposition are
kept apart from event data so a late event never erases them. A *missed* call
is an inbound or internal call this extension did not answer and did not
place; it stays *unseen* (the tray badge) until ``mark_missed_seen``.

The schema, its migrations and the upsert are in ``calls_sql.py``; the search key rules
(number tails, folded names) in ``search.py``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.calls.events import CallSnapshot, Direction, Outcome
from core.history.calls_sql import (
    COLUMNS,
    MISSED_OUTCOMES,
    SCHEMA,
    UPSERT,
    note_key,
    upsert_params,
)
from core.history.db import Database
from core.history.search import Query, fold, fts_match, number_key, number_range, parse_query

__all__ = ["MISSED_OUTCOMES", "SCHEMA", "CallHistory", "HistoryEntry"]

BULK_CACHE_KIB = -65536  # negative: KiB; 64 MiB page cache for the bulk import only
_ONE_ROW = f"SELECT {COLUMNS} FROM calls WHERE call_id = ? AND extension = ?"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One extension's view of one call, as stored."""

    call_id: str
    extension: str
    direction: Direction
    remote_number: str | None
    remote_e164: str | None
    remote_name: str | None
    contact_id: str | None
    did: str | None
    queue: str | None
    started_at: float
    answered_at: float | None
    ended_at: float | None
    outcome: str | None  # this extension's outcome (an ``Outcome`` value), None while ringing
    talk_seconds: float
    wait_seconds: float
    recording: str | None
    note: str | None
    disposition: str | None
    seen: bool
    missed: bool = False
    voicemail: bool = False  # the caller left a voicemail message (outcome ``missed``)


def _entry(row: sqlite3.Row) -> HistoryEntry:
    values = dict(row)
    values["direction"] = Direction(values["direction"])
    values["seen"] = bool(values["seen"])
    values["missed"] = bool(values["missed"])
    values["voicemail"] = bool(values.get("voicemail", 0))
    return HistoryEntry(**values)


def _text_filter(query: Query) -> tuple[str, list[str], list[Any], str]:
    """FROM source, conditions, parameters and ORDER BY for the search box's text."""
    where: list[str] = []
    params: list[Any] = []
    source, order = "calls", "started_at DESC, calls.id DESC"
    if query.words:
        source = "calls_fts JOIN calls ON calls.id = calls_fts.rowid"
        where.append("calls_fts MATCH ?")
        params.append(fts_match(query.words))
        order = "calls_fts.rowid DESC"
    if query.number:
        where.append("number_rev >= ? AND number_rev < ?")
        params.extend(number_range(query.number))
        order = "+started_at DESC, calls.id DESC" if not query.words else order
    return source, where, params, order


def _search_sql(
    query: Query,
    direction: Direction | str | None,
    outcome: Outcome | str | None,
    missed_only: bool,
    since: float | None,
    until: float | None,
    extension: str | None,
) -> tuple[str, list[Any]]:
    """The search statement (ending in ``LIMIT ? OFFSET ?``) and its parameters."""
    source, where, params, order = _text_filter(query)
    # With a text filter its index picks the rows: ``+column`` keeps the planner off the
    # date/extension indexes (scanning by date for a rare number reads the whole table).
    plus = "+" if not query.empty else ""
    for condition, value in (
        ("direction = ?", None if direction is None else str(direction)),
        ("outcome = ?", None if outcome is None else str(outcome)),
        (f"{plus}extension = ?", extension),
        (f"{plus}started_at >= ?", since),
        (f"{plus}started_at < ?", until),
    ):
        if value is not None:
            where.append(condition)
            params.append(value)
    if missed_only:
        where.append("missed = 1")
    columns = ", ".join(f"calls.{c.strip()}" for c in COLUMNS.split(","))
    sql = (
        f"SELECT {columns} FROM {source} WHERE {' AND '.join(where) or '1'} "
        f"ORDER BY {order} LIMIT ? OFFSET ?"
    )
    return sql, params


class CallHistory:
    """The call log in one SQLite file (sync: callers on the event loop use ``asyncio.to_thread``)."""

    def __init__(
        self,
        path: str | Path,
        *,
        normalize: Callable[[str], str | None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``normalize`` turns a number into E.164 (``core.phone``) when the caller gives none."""
        self._db = Database(path, SCHEMA)
        self._normalize = normalize
        self._clock = clock

    @property
    def schema_version(self) -> int:
        return self._db.version

    def close(self) -> None:
        self._db.close()

    def record_from_event(
        self,
        extension: str,
        snapshot: CallSnapshot,
        outcome: Outcome | str | None = None,
        *,
        remote_e164: str | None = None,
    ) -> HistoryEntry:
        """Insert or update ``extension``'s row for ``snapshot``'s call; return the stored row.

        ``outcome`` defaults to the snapshot's per-extension outcome for ``extension``.
        """
        if outcome is None:
            outcome = snapshot.outcome_for(extension)
        outcome_text = str(outcome) if outcome is not None else None
        if remote_e164 is None and snapshot.remote_number and self._normalize is not None:
            remote_e164 = self._normalize(snapshot.remote_number)
        params = upsert_params(extension, snapshot, outcome_text, remote_e164)
        params["now"] = self._clock()
        with self._db.transaction() as conn:
            conn.execute(UPSERT, params)
            row = conn.execute(_ONE_ROW, (snapshot.call_id, extension)).fetchone()
        return _entry(row)

    def set_contact(
        self,
        call_id: str,
        name: str | None,
        contact_id: str | None,
        *,
        remote_e164: str | None = None,
    ) -> int:
        """Attach the CRM's contact to every extension's row of ``call_id``; return rows changed."""
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE calls SET remote_name = COALESCE(?, remote_name), contact_id = ?, "
                # the CRM's name first, the PBX caller-id name kept after it (both searchable)
                "name_key = CASE WHEN ? IS NULL OR instr(name_key, ?) = 1 THEN name_key "
                "ELSE trim(? || ' ' || name_key) END, "
                "remote_e164 = COALESCE(?, remote_e164), "
                "number_rev = CASE WHEN ? IS NULL THEN number_rev ELSE ? END, updated_at = ? "
                "WHERE call_id = ?",
                (
                    name,
                    contact_id,
                    name,
                    fold(name),
                    fold(name),
                    remote_e164,
                    remote_e164,
                    number_key(None, remote_e164),
                    self._clock(),
                    call_id,
                ),
            )
            return cursor.rowcount

    def add_note(
        self, call_id: str, extension: str, note: str | None, disposition: str | None
    ) -> bool:
        """Store the operator's after-call note and disposition; False when the row is unknown."""
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE calls SET note = ?, disposition = ?, note_key = ?, updated_at = ? "
                "WHERE call_id = ? AND extension = ?",
                (
                    note,
                    disposition,
                    note_key(note, disposition),
                    self._clock(),
                    call_id,
                    extension,
                ),
            )
            return cursor.rowcount > 0

    def get(self, call_id: str, extension: str) -> HistoryEntry | None:
        with self._db.reading() as conn:
            row = conn.execute(_ONE_ROW, (call_id, extension)).fetchone()
        return _entry(row) if row is not None else None

    def search(
        self,
        text: str | None = None,
        direction: Direction | str | None = None,
        outcome: Outcome | str | None = None,
        missed_only: bool = False,
        since: float | None = None,
        until: float | None = None,
        extension: str | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[HistoryEntry]:
        """Newest first. ``text`` is a number (any shape; matched by its tail) or name words.

        Name searches come in recording order (newest recorded first), which is call
        order except for rows imported later: FTS5 then stops after ``limit`` rows
        instead of sorting every row that shares a common surname.
        """
        sql, params = _search_sql(
            parse_query(text), direction, outcome, missed_only, since, until, extension
        )
        with self._db.reading() as conn:
            rows = conn.execute(sql, (*params, max(0, limit), max(0, offset))).fetchall()
        return [_entry(r) for r in rows]

    def count_unseen_missed(self, extension: str) -> int:
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT count(*) FROM calls WHERE extension = ? AND missed = 1 AND seen = 0",
                (extension,),
            ).fetchone()
        return int(row[0])

    def mark_missed_seen(self, extension: str) -> int:
        """Clear the missed-call badge of ``extension``; return how many calls it covered."""
        with self._db.transaction() as conn:
            return conn.execute(
                "UPDATE calls SET seen = 1 WHERE extension = ? AND missed = 1 AND seen = 0",
                (extension,),
            ).rowcount

    def import_entries(self, entries: Iterable[HistoryEntry]) -> int:
        """Insert many entries in one transaction (imports, benchmarks); existing rows are kept."""
        sql = (
            f"INSERT OR IGNORE INTO calls ({COLUMNS}, number_rev, name_key, note_key, updated_at) "
            f"VALUES ({', '.join('?' * 25)})"
        )
        now = self._clock()
        rows = (
            (
                e.call_id,
                e.extension,
                str(e.direction),
                e.remote_number,
                e.remote_e164,
                e.remote_name,
                e.contact_id,
                e.did,
                e.queue,
                e.started_at,
                e.answered_at,
                e.ended_at,
                e.outcome,
                e.talk_seconds,
                e.wait_seconds,
                e.recording,
                e.note,
                e.disposition,
                int(e.seen),
                int(e.missed),
                int(e.voicemail),
                number_key(e.remote_number, e.remote_e164),
                fold(e.remote_name),
                note_key(e.note, e.disposition),
                now,
            )
            for e in entries
        )
        with self._db.transaction() as conn:
            previous = int(conn.execute("PRAGMA cache_size").fetchone()[0])
            conn.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")  # index pages stay cached
            try:
                return conn.executemany(sql, rows).rowcount
            finally:
                conn.execute(f"PRAGMA cache_size = {previous}")

    def delete_older_than(self, when: float) -> int:
        """Retention: drop calls that started before ``when``; return how many."""
        with self._db.transaction() as conn:
            return conn.execute("DELETE FROM calls WHERE started_at < ?", (when,)).rowcount
