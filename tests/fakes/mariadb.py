"""A private MariaDB server for tests: temp datadir, unix socket and a loopback port.

Needs the Debian packages ``mariadb-server-core`` (``mariadbd``, ``mariadb-install-db``)
and ``mariadb-client-core`` (``my_print_defaults``, used by the install script).
``MariaDb.start()`` bootstraps the datadir and waits for the server to answer;
``stop()`` ends it (SIGTERM, then SIGKILL) — only the process it started.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pymysql

MARIADBD = shutil.which("mariadbd") or shutil.which("mariadbd", path="/usr/sbin:/usr/local/sbin")
INSTALL_DB = shutil.which("mariadb-install-db")
MISSING = (
    None
    if MARIADBD and INSTALL_DB
    else "mariadbd / mariadb-install-db not installed "
    "(apt-get install --no-install-recommends mariadb-server-core mariadb-client-core)"
)
FREEPBX_CDR = """
CREATE TABLE cdr (
  calldate datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  clid varchar(80) NOT NULL DEFAULT '', src varchar(80) NOT NULL DEFAULT '',
  dst varchar(80) NOT NULL DEFAULT '', dcontext varchar(80) NOT NULL DEFAULT '',
  channel varchar(80) NOT NULL DEFAULT '', dstchannel varchar(80) NOT NULL DEFAULT '',
  lastapp varchar(80) NOT NULL DEFAULT '', lastdata varchar(80) NOT NULL DEFAULT '',
  duration int(11) NOT NULL DEFAULT 0, billsec int(11) NOT NULL DEFAULT 0,
  disposition varchar(45) NOT NULL DEFAULT '', amaflags int(11) NOT NULL DEFAULT 0,
  accountcode varchar(20) NOT NULL DEFAULT '', uniqueid varchar(32) NOT NULL DEFAULT '',
  userfield varchar(255) NOT NULL DEFAULT '', did varchar(50) NOT NULL DEFAULT '',
  recordingfile varchar(255) NOT NULL DEFAULT '', cnum varchar(80) NOT NULL DEFAULT '',
  cnam varchar(80) NOT NULL DEFAULT '', outbound_cnum varchar(80) NOT NULL DEFAULT '',
  outbound_cnam varchar(80) NOT NULL DEFAULT '', dst_cnam varchar(80) NOT NULL DEFAULT '',
  linkedid varchar(32) NOT NULL DEFAULT '', peeraccount varchar(80) NOT NULL DEFAULT '',
  sequence int(11) NOT NULL DEFAULT 0,
  KEY calldate (calldate), KEY dst (dst), KEY accountcode (accountcode),
  KEY uniqueid (uniqueid), KEY did (did), KEY recordingfile (recordingfile(191))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MariaDb:
    """One ``mariadbd`` on a temp datadir; root over the unix socket has no password."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="rs-mdb-"))  # short: unix socket paths are limited
        self.socket = str(self.dir / "s.sock")
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.start_seconds = 0.0

    def start(self) -> MariaDb:
        assert MARIADBD and INSTALL_DB
        began = time.monotonic()
        user = ["--user=root"] if os.geteuid() == 0 else []
        subprocess.run(
            [INSTALL_DB, "--no-defaults", f"--datadir={self.dir / 'data'}",
             "--auth-root-authentication-method=normal", "--skip-test-db", *user],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        self.proc = subprocess.Popen(
            [MARIADBD, "--no-defaults", f"--datadir={self.dir / 'data'}",
             f"--socket={self.socket}", f"--port={self.port}", "--bind-address=127.0.0.1",
             f"--pid-file={self.dir / 'pid'}", f"--log-error={self.dir / 'err.log'}",
             "--innodb-buffer-pool-size=16M", "--skip-log-bin", "--skip-name-resolve", *user],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self._wait_ready(began + 30)
        self.start_seconds = time.monotonic() - began
        return self

    def _wait_ready(self, deadline: float) -> None:
        while True:
            try:
                self.admin().close()
                return
            except pymysql.MySQLError:
                if self.proc is not None and self.proc.poll() is not None:
                    log = (self.dir / "err.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"mariadbd exited: {log}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError("mariadbd did not answer in time") from None
                time.sleep(0.05)

    def admin(self, database: str | None = None) -> pymysql.connections.Connection:  # type: ignore[type-arg]
        return pymysql.connect(
            unix_socket=self.socket, user="root", database=database, autocommit=True
        )

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
            self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)
