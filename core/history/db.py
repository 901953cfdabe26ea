"""SQLite plumbing shared by the history stores: one connection, schema versions, migrations.

Each store (call log, outbox, listen audit) owns one database file and one
``Database``. The schema version is ``PRAGMA user_version``: the number of
migration steps applied. A step runs inside its own transaction together with
the version bump, so a crash mid-migration leaves the previous version intact.
``PRAGMA application_id`` tags the file with the store it belongs to, so
pointing the outbox at the call log's file fails with a clear message instead
of corrupting either.

The connection is opened with ``check_same_thread=False`` and every use holds
one lock: the async facades run the sync methods in ``asyncio.to_thread``
worker threads, possibly several at once. WAL mode lets other processes (the
CLI, a second reader) read while we write; ``busy_timeout`` makes them wait
instead of failing at once. Writes are committed one by one, so nothing
acknowledged is lost when the process dies.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# A migration step is SQL statements (run one by one) or a function of the connection.
MigrationStep = Sequence[str] | Callable[[sqlite3.Connection], None]


class DatabaseError(Exception):
    """A history database cannot be opened or migrated; the message says why and which file."""


@dataclass(frozen=True)
class Schema:
    """What a store's file holds: a name for messages, a file tag, and its migration steps."""

    name: str
    application_id: int
    migrations: Sequence[MigrationStep]

    @property
    def version(self) -> int:
        return len(self.migrations)


class Database:
    """One SQLite connection, migrated to ``schema`` on open, safe to use from any thread."""

    def __init__(
        self,
        path: str | Path,
        schema: Schema,
        *,
        synchronous: str = "NORMAL",
        busy_timeout_ms: int = 5000,
    ) -> None:
        self.path = Path(path)
        self.schema = schema
        self._lock = threading.RLock()
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: autocommit; transactions are explicit (BEGIN IMMEDIATE).
            self._conn = sqlite3.connect(
                str(path),
                check_same_thread=False,
                isolation_level=None,
                timeout=busy_timeout_ms / 1000,
            )
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open {schema.name} database {self.path}: {exc}") from None
        self._conn.row_factory = sqlite3.Row
        try:
            self._configure(synchronous, busy_timeout_ms)
            migrate(self._conn, schema, self.path)
        except BaseException:
            self._conn.close()
            raise

    def _configure(self, synchronous: str, busy_timeout_ms: int) -> None:
        if synchronous not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"bad synchronous mode {synchronous!r}")
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute(f"PRAGMA synchronous = {synchronous}")
            self._conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{self.path} is not a usable SQLite database: {exc}") from None

    @property
    def version(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and a write transaction; commit on success, roll back on error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock for reads (each statement sees a consistent snapshot)."""
        with self._lock:
            yield self._conn

    def close(self) -> None:
        with self._lock:
            try:
                self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:  # pragma: no cover - best effort on shutdown
                pass
            self._conn.close()


def migrate(conn: sqlite3.Connection, schema: Schema, path: Path) -> None:
    """Bring ``conn`` from its ``user_version`` to ``schema.version``, one transaction per step."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if app_id not in (0, schema.application_id) or (app_id == 0 and current > 0):
        raise DatabaseError(
            f"{path} is not a Ringside {schema.name} database (application_id={app_id})"
        )
    if current > schema.version:
        raise DatabaseError(
            f"{path} has {schema.name} schema version {current}, newer than this Ringside "
            f"knows ({schema.version}); upgrade Ringside or use another file"
        )
    for version in range(current + 1, schema.version + 1):
        step = schema.migrations[version - 1]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(step):
                step(conn)
            else:
                for statement in step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {int(schema.application_id)}")
            conn.execute(f"PRAGMA user_version = {version}")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise DatabaseError(
                f"cannot migrate {schema.name} database {path} to version {version}: {exc}"
            ) from exc
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        log.info("migrated %s database %s to version %d", schema.name, path, version)
