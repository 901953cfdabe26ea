"""Audit log of recording playback: who listened to which recording, when, from where.

Written by the gateway's recording service and by the desktop player; read by
supervisors ("who listened to this call?"). Rows are only ever added.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.history.db import Database, Schema

_V1 = (
    """CREATE TABLE listens (
        id INTEGER PRIMARY KEY, at REAL NOT NULL, who TEXT NOT NULL, call_id TEXT,
        recording TEXT NOT NULL, source TEXT NOT NULL)""",
    "CREATE INDEX listens_at ON listens (at)",
    "CREATE INDEX listens_call ON listens (call_id, at)",
    "CREATE INDEX listens_recording ON listens (recording, at)",
    "CREATE INDEX listens_who ON listens (who, at)",
)

SCHEMA = Schema(name="listen audit", application_id=0x52534C31, migrations=(_V1,))


@dataclass(frozen=True, slots=True)
class ListenEntry:
    id: int
    at: float
    who: str  # operator extension, supervisor login, or API client id
    call_id: str | None
    recording: str  # file name or path relative to the recordings root
    source: str  # "desktop", "gateway", "link", ...


class ListenLog:
    """The listen audit in one SQLite file (sync: callers on the event loop use ``asyncio.to_thread``)."""

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        self._db = Database(path, SCHEMA, synchronous="FULL")
        self._clock = clock

    def close(self) -> None:
        self._db.close()

    def log_listen(
        self, who: str, call_id: str | None, recording: str, source: str, *, at: float | None = None
    ) -> ListenEntry:
        """Record one playback (or download) start; return the stored entry."""
        when = self._clock() if at is None else at
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO listens (at, who, call_id, recording, source) VALUES (?, ?, ?, ?, ?)",
                (when, who, call_id, recording, source),
            )
            row_id = cursor.lastrowid
        assert row_id is not None
        return ListenEntry(
            id=row_id, at=when, who=who, call_id=call_id, recording=recording, source=source
        )

    def search_listens(
        self,
        *,
        who: str | None = None,
        call_id: str | None = None,
        recording: str | None = None,
        source: str | None = None,
        since: float | None = None,
        until: float | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[ListenEntry]:
        """Newest first; every given filter must match (exact values, time range ``[since, until)``)."""
        where: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("who", who),
            ("call_id", call_id),
            ("recording", recording),
            ("source", source),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            where.append("at >= ?")
            params.append(since)
        if until is not None:
            where.append("at < ?")
            params.append(until)
        sql = (
            "SELECT id, at, who, call_id, recording, source FROM listens "
            f"WHERE {' AND '.join(where) or '1'} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"
        )
        with self._db.reading() as conn:
            rows = conn.execute(sql, (*params, max(0, limit), max(0, offset))).fetchall()
        return [ListenEntry(**dict(r)) for r in rows]
