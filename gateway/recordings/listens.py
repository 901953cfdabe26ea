"""Who listened to which recording: the interface the router logs through.

The project's store is ``core.history.listens.ListenLog`` (used by default).
The router codes against the small ``ListenLog`` protocol here;
``SqliteListenLog`` is a minimal stand-in used only when that module is
missing (and by tests that want the router without core.history).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol


class ListenLog(Protocol):
    def log_listen(self, who: str, call_id: str, recording: str, source: str) -> object: ...

    def search_listens(self, **filters: Any) -> Sequence[Any]: ...


def listen_to_json(item: Any) -> dict[str, Any]:
    """A listen record (dataclass, mapping or row) as JSON-ready dict."""
    if isinstance(item, Mapping):
        return dict(item)
    if hasattr(item, "__dataclass_fields__"):
        return {name: getattr(item, name) for name in item.__dataclass_fields__}
    if hasattr(item, "_asdict"):
        return dict(item._asdict())
    return {"value": str(item)}


class SqliteListenLog:
    """Fallback listen log: one SQLite table (``who``, ``at``, ``call_id``, ``recording``, ``source``)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        self._clock = clock
        with self._conn:
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS listens (id INTEGER PRIMARY KEY, at REAL NOT NULL,"
                " who TEXT NOT NULL, call_id TEXT NOT NULL, recording TEXT NOT NULL,"
                " source TEXT NOT NULL)"
            )
            self._conn.execute("CREATE INDEX IF NOT EXISTS listens_at ON listens(at)")

    def log_listen(self, who: str, call_id: str, recording: str, source: str) -> int:
        with self._lock, self._conn:
            cur = self._conn.execute(
                "INSERT INTO listens (at, who, call_id, recording, source) VALUES (?,?,?,?,?)",
                (self._clock(), who, call_id, recording, source),
            )
            return int(cur.lastrowid or 0)

    def search_listens(
        self,
        who: str | None = None,
        call_id: str | None = None,
        recording: str | None = None,
        source: str | None = None,
        since: float | None = None,
        until: float | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        conds, args = [], []
        for cond, value in (
            ("who = ?", who),
            ("call_id = ?", call_id),
            ("recording = ?", recording),
            ("source = ?", source),
            ("at >= ?", since),
            ("at < ?", until),
        ):
            if value is not None:
                conds.append(cond)
                args.append(value)
        where = ("WHERE " + " AND ".join(conds)) if conds else ""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT id, at, who, call_id, recording, source FROM listens {where}"
                " ORDER BY at DESC, id DESC LIMIT ?",
                (*args, limit),
            ).fetchall()
        keys = ("id", "at", "who", "call_id", "recording", "source")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def close(self) -> None:
        self._conn.close()
