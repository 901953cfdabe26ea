"""FreePBX ``asteriskcdrdb.cdr`` indexed from a REAL MariaDB server through PyMySQL.

A private ``mariadbd`` runs on a temp datadir (unix socket for the admin,
127.0.0.1:<free port> with a password user for the gateway). Skipped with the
reason when the server binaries are not installed.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from core.recordings.types import SearchQuery
from gateway.links import RecordingsKeyError, recording_settings
from gateway.recordings.index import RecordingIndex
from gateway.recordings.indexer import FreePbxCdrSource, Indexer
from gateway.recordings.mysql import MySqlCdrRows, MySqlTarget
from tests.fakes.gateway import BINOTEL_KEY, BINOTEL_SECRET, gateway_config, serve
from tests.fakes.mariadb import FREEPBX_CDR, MISSING, MariaDb
from tests.fakes.recordings import make_wav

UTC = ZoneInfo("UTC")
USER, PASSWORD = "cdrreader", "cdr-reader-pw"
_names = itertools.count(1)
Insert = Callable[..., None]
needs_server = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


@pytest.fixture(scope="module")
def mariadb() -> Iterator[MariaDb]:
    if MISSING:
        pytest.skip(MISSING)
    server = MariaDb().start()
    logging.getLogger(__name__).warning("mariadbd ready in %.2f s", server.start_seconds)
    conn = server.admin()
    with conn.cursor() as cur:
        cur.execute(f"CREATE USER '{USER}'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'")
        cur.execute(f"GRANT SELECT ON *.* TO '{USER}'@'127.0.0.1'")
    conn.close()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def cdr_db(mariadb: MariaDb) -> tuple[str, Insert]:
    """A fresh FreePBX CDR database: (its mysql:// URL, insert(**columns))."""
    name = f"asteriskcdrdb_{next(_names)}"
    conn = mariadb.admin()
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
        cur.execute(f"USE {name}")
        cur.execute(FREEPBX_CDR)
    seq = itertools.count(100)

    def insert(**cols: Any) -> None:
        cols.setdefault("sequence", next(seq))
        cols.setdefault("linkedid", cols.get("uniqueid", ""))
        keys = ", ".join(cols)
        with conn.cursor() as cur:
            cur.execute(
                f"INSERT INTO {name}.cdr ({keys}) VALUES ({', '.join(['%s'] * len(cols))})",
                tuple(cols.values()),
            )

    return f"mysql://{USER}@127.0.0.1:{mariadb.port}/{name}", insert


def inbound(insert: Insert, calldate: str, uid: str, ext: str, **more: Any) -> None:
    insert(calldate=calldate, clid='"Client" <0501234567>', src="0501234567", dst=ext,
           dcontext="from-internal", channel=f"PJSIP/trunk-{uid}", dstchannel=f"PJSIP/{ext}-1",
           lastapp="Dial", duration=65, billsec=60, disposition="ANSWERED", uniqueid=uid,
           did="0443334000", **more)  # fmt: skip


def source(url: str, root: Path, password: str = PASSWORD) -> FreePbxCdrSource:
    return FreePbxCdrSource(MySqlCdrRows.from_url(url, password), UTC, root)


@needs_server
def test_freepbx_rows_index_with_dated_recordings(
    cdr_db: tuple[str, Insert], tmp_path: Path
) -> None:
    url, insert = cdr_db
    root = tmp_path / "monitor"
    name = "in-0443334000-0501234567-20261120-100000-1795183200.1.wav"
    make_wav(root / "2026/11/20" / name, 0.2)
    inbound(insert, "2026-11-20 10:00:00", "1795183200.1", "101", recordingfile=name)
    inbound(insert, "2026-11-20 10:05:00", "1795183500.2", "102")  # not recorded
    index = RecordingIndex(tmp_path / "index.sqlite3")
    indexer = Indexer(index, [source(url, root)], root)
    assert indexer.sync() == 2
    (leg,) = index.find_call("1795183200.1")
    assert (leg.operator, leg.number, leg.direction) == ("101", "0501234567", "inbound")
    assert leg.recording == f"2026/11/20/{name}"
    page = index.search(SearchQuery(operator="102"))
    assert [row.uniqueid for row in page.items] == ["1795183500.2"]
    assert indexer.sync() == 0  # the same rows again add nothing
    index.close()


@needs_server
def test_incremental_in_a_thread_with_late_long_calls(
    cdr_db: tuple[str, Insert], tmp_path: Path
) -> None:
    url, insert = cdr_db
    root = tmp_path / "monitor"
    root.mkdir()
    index = RecordingIndex(tmp_path / "index.sqlite3")
    indexer = Indexer(index, [source(url, root)], root, poll_interval=0.05)
    inbound(insert, "2026-11-20 10:00:00", "1.1", "101")
    indexer.start()
    try:
        wait_sync(lambda: index.count() == 1)
        inbound(insert, "2026-11-20 11:00:00", "2.1", "102")
        wait_sync(lambda: index.count() == 2)
        # a one-hour call that started before the newest row, written when it ended
        insert(calldate="2026-11-20 10:30:00", src="0507654321", dst="103", uniqueid="3.1",
               channel="PJSIP/trunk-3", dstchannel="PJSIP/103-3", lastapp="Dial",
               duration=3600, billsec=3590, disposition="ANSWERED")  # fmt: skip
        wait_sync(lambda: index.count() == 3)
        # two legs of one call in the same second: told apart by their sequence
        inbound(insert, "2026-11-20 12:00:00", "4.1", "104", sequence=7, linkedid="4.0")
        inbound(insert, "2026-11-20 12:00:00", "4.1", "104", sequence=8, linkedid="4.0")
        wait_sync(lambda: index.count() == 5)
    finally:
        indexer.stop()
    assert {row.operator for row in index.find_call("4.0")} == {"104"}
    assert len(index.find_call("4.0")) == 2
    index.close()


def wait_sync(predicate: Callable[[], bool], within: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + within
    while not predicate():
        assert time.monotonic() < deadline, "the indexer thread did not catch up"
        time.sleep(0.02)


@needs_server
def test_wrong_password_is_logged_not_fatal(
    cdr_db: tuple[str, Insert], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url, _insert = cdr_db
    root = tmp_path / "monitor"
    root.mkdir()
    index = RecordingIndex(tmp_path / "index.sqlite3")
    indexer = Indexer(index, [source(url, root, password="wrong-secret-123")], root)
    with caplog.at_level(logging.WARNING):
        assert indexer.sync() == 0
    assert "could not be read" in caplog.text and "Access denied" in caplog.text
    assert "wrong-secret-123" not in caplog.text
    index.close()


@needs_server
async def test_gateway_indexes_mysql_and_links_download(
    cdr_db: tuple[str, Insert], tmp_path: Path
) -> None:
    """``[recordings] cdr_mysql_url`` + password from the environment; the link gives the WAV."""
    url, insert = cdr_db
    name = "q-support-0501234567-1795183200.9.wav"
    wav = make_wav(tmp_path / "monitor" / "2026/11/20" / name, 0.3, freq=523)
    inbound(insert, "2026-11-20 10:00:00", "1795183200.9", "101", recordingfile=name,
            linkedid="1795183200.8")  # fmt: skip
    recordings = {"cdr_mysql_url": url, "cdr_mysql_password_env": "CDR_PW", "watch": False,
                  "api_tokens_env": "REC_TOKENS"}  # fmt: skip
    config = gateway_config(tmp_path, server={"public_url": "http://gw.test"},
                            recordings=recordings)  # fmt: skip
    config.secrets.values["CDR_PW"] = PASSWORD
    config.secrets.values["REC_TOKENS"] = "supervisor=tok-1"
    async with serve(config) as (base, app):
        from core.calls.events import CallSnapshot, Direction, Outcome
        from core.signing.binotel import signed_body

        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            found = await client.get("/recordings/search?operator=101",
                                     headers={"Authorization": "Bearer tok-1"})  # fmt: skip
            (item,) = found.json()["items"]
            assert item["recording"] == f"2026/11/20/{name}"
            app.state.gateway.store.save_call(
                CallSnapshot(
                    "1795183200.8",
                    Direction.INBOUND,
                    "0501234567",
                    None,
                    outcome=Outcome.ANSWERED,
                    started_at=1795183200.0,
                )
            )
            body = signed_body({"callID": "1795183200.8"}, BINOTEL_KEY, BINOTEL_SECRET)
            answer = json.loads(
                (await client.post("/stats/call-record.json", content=body)).content
            )
            link = str(answer["url"]).removeprefix("http://gw.test")
            audio = await client.get(link)
    assert audio.status_code == 200 and audio.content == wav.read_bytes()


def test_mysql_url_rules(tmp_path: Path) -> None:
    target = MySqlTarget.from_url("mysql://freepbx@db.local:3307/asteriskcdrdb?table=cdr2")
    assert (target.host, target.port, target.user, target.table) == (
        "db.local",
        3307,
        "freepbx",
        "cdr2",
    )
    sock = MySqlTarget.from_url("mysql://freepbx@localhost/asteriskcdrdb?unix_socket=/run/m.sock")
    assert sock.unix_socket == "/run/m.sock"
    for bad in (
        "postgres://x@h/db",
        "mysql://u:secret@h/db",
        "mysql://u@h/db;drop",
        "mysql://u@h/db?table=a b",
    ):
        with pytest.raises(ValueError) as info:
            MySqlTarget.from_url(bad)
        assert "secret" not in str(info.value)
    config = gateway_config(tmp_path, recordings={"cdr_mysql_url": "mysql://u:secret@h/db"})
    with pytest.raises(RecordingsKeyError) as err:
        recording_settings(config)
    assert err.value.key == "cdr_mysql_url" and "secret" not in str(err.value)
    rows = MySqlCdrRows.from_url("mysql://u@h/db", "pw")
    sql, args = rows.query("2026-11-20 10:00:00")
    assert "ORDER BY calldate, sequence" in sql and args[0] == "2026-11-20 10:00:00"
    assert "pw" not in repr(rows)
