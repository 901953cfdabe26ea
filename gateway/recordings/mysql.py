"""FreePBX ``asteriskcdrdb.cdr`` read from MySQL/MariaDB with PyMySQL (pure Python).

``MySqlCdrRows`` is the row source of ``FreePbxCdrSource``: called from the
indexer's thread with the newest ``calldate`` already indexed (the marker), it
streams (server-side cursor) the rows that may be new, ordered by
``calldate, sequence``.

Asterisk writes a CDR row when the call *ends* but dates it when it *started*,
so a long call lands behind rows already read. Every pass therefore also takes
the rows started before the marker whose end (``calldate + duration``) is not
older than the marker minus ``slack`` seconds, within ``lookback`` seconds
(the longest call worth indexing); the index drops rows it already holds.

URL: ``mysql://user@host:3306/asteriskcdrdb?unix_socket=/run/mysqld/mysqld.sock&table=cdr``;
the password comes separately (from the environment / keyring), never in the URL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pymysql
import pymysql.cursors

log = logging.getLogger(__name__)
FETCH = 2000
_NAME = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class MySqlTarget:
    """Where the CDR table is (no password: that is passed on its own)."""

    host: str = "localhost"
    port: int = 3306
    user: str = "root"
    database: str = "asteriskcdrdb"
    table: str = "cdr"
    unix_socket: str | None = None

    @classmethod
    def from_url(cls, url: str) -> MySqlTarget:
        """Parse ``mysql://user@host:port/db?unix_socket=...&table=...`` (raises ``ValueError``)."""
        parts = urlsplit(url)
        if parts.scheme not in ("mysql", "mariadb", "mysql+pymysql"):
            raise ValueError("cdr_mysql_url must start with mysql://")
        if parts.password:
            raise ValueError("cdr_mysql_url must not hold a password; use cdr_mysql_password_env")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        target = cls(
            host=parts.hostname or "localhost",
            port=parts.port or 3306,
            user=unquote(parts.username or "root"),
            database=unquote(parts.path.lstrip("/")) or "asteriskcdrdb",
            table=query.get("table", "cdr"),
            unix_socket=query.get("unix_socket") or None,
        )
        for name in (target.database, target.table):
            if not _NAME.match(name):
                raise ValueError(f"bad database or table name in cdr_mysql_url: {name!r}")
        return target


@dataclass
class MySqlCdrRows:
    """Callable row source: ``rows(marker)`` yields CDR rows as dicts (blocking; one caller at a time)."""

    target: MySqlTarget
    password: str = field(default="", repr=False)
    lookback: int = 24 * 3600
    slack: int = 120
    connect_timeout: float = 5.0
    _conn: Any = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str, password: str = "", **kwargs: Any) -> MySqlCdrRows:
        return cls(MySqlTarget.from_url(url), password, **kwargs)

    def __call__(self, marker: str) -> Iterator[Mapping[str, object]]:
        try:
            yield from self._stream(marker)
        except pymysql.MySQLError as exc:
            self.close()
            raise OSError(f"MySQL CDR {self.target.database}.{self.target.table}: {exc}") from exc

    def query(self, marker: str) -> tuple[str, tuple[object, ...]]:
        """The SQL and its arguments for rows that may be new after ``marker``."""
        sql = f"SELECT * FROM `{self.target.table}`"
        args: tuple[object, ...] = ()
        if marker:
            sql += (
                " WHERE calldate >= %s - INTERVAL %s SECOND"
                " AND (calldate >= %s OR calldate + INTERVAL (duration + %s) SECOND >= %s)"
            )
            args = (marker, self.lookback, marker, self.slack, marker)
        return sql + " ORDER BY calldate, sequence", args

    def _stream(self, marker: str) -> Iterator[Mapping[str, object]]:
        conn = self._connection()
        sql, args = self.query(marker)
        with conn.cursor(pymysql.cursors.SSDictCursor) as cursor:
            cursor.execute(sql, args)
            while rows := cursor.fetchmany(FETCH):
                yield from rows

    def _connection(self) -> Any:
        if self._conn is not None:
            try:
                self._conn.ping()  # a dropped connection is replaced below
                return self._conn
            except pymysql.MySQLError:
                self.close()
        t = self.target
        self._conn = pymysql.connect(
            host=t.host,
            port=t.port,
            user=t.user,
            password=self.password,
            database=t.database,
            unix_socket=t.unix_socket,
            charset="utf8mb4",
            connect_timeout=self.connect_timeout,
            read_timeout=300,
            autocommit=True,  # each pass sees rows committed since the last one
        )
        return self._conn

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except pymysql.MySQLError:
                pass
