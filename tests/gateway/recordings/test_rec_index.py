"""CDR indexing (Master.csv, cdr_sqlite3_custom, FreePBX rows), file matching, search filters."""

from __future__ import annotations

import csv
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from core.recordings.types import SearchQuery
from gateway.recordings.cdr import classify, file_keys, recording_candidates, to_index_row
from gateway.recordings.index import RecordingIndex
from gateway.recordings.indexer import CsvCdrSource, FreePbxCdrSource, Indexer, SqliteCdrSource
from tests.fakes.recordings import TOKEN, make_wav
from tests.paths import TRANSCRIPTS

UTC = ZoneInfo("UTC")


def _sqlite_master(path: Path) -> Path:
    """Rebuild master.db (cdr_sqlite3_custom) from the transcript dump."""
    with (TRANSCRIPTS / "cdr-sqlite-master.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    cols = list(rows[0])
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE cdr ({', '.join(cols)})")
    conn.executemany(
        f"INSERT INTO cdr VALUES ({','.join('?' * len(cols))})",
        [tuple(r[c] for c in cols) for r in rows],
    )
    conn.commit()
    conn.close()
    return path


def _index(lab: Path, *sources) -> tuple[RecordingIndex, Indexer]:
    index = RecordingIndex(lab / "index.sqlite3")
    indexer = Indexer(index, list(sources), lab / "monitor", poll_interval=0.05)
    return index, indexer


def test_master_csv_is_indexed_with_directions_and_recordings(lab: Path) -> None:
    index, indexer = _index(lab, CsvCdrSource(lab / "Master.csv", UTC, lab / "monitor"))
    assert indexer.sync() == 28
    assert indexer.sync() == 0  # incremental: nothing new
    page = index.search(SearchQuery(per_page=100))
    assert page.total == 28 and page.total_exact
    answered = index.search(SearchQuery(call_id="1795360756.4")).items[0]
    assert (answered.direction, answered.operator, answered.number) == (
        "inbound",
        "101",
        "0501234567",
    )
    assert answered.outcome == "answered" and answered.billsec == 5
    assert answered.recording == "1795360756.4.wav"
    assert answered.started_at == int(datetime(2026, 11, 22, 15, 19, 16, tzinfo=UTC).timestamp())
    assert answered.caller_name == "Customer"
    c2c = index.search(SearchQuery(call_id="c2c-1795-0001")).items[0]
    assert (c2c.direction, c2c.operator, c2c.number) == ("outbound", "101", "0501234567")
    assert c2c.recording == "c2c-1795-0001.wav"


def test_master_csv_appends_are_picked_up(lab: Path) -> None:
    index, indexer = _index(lab, CsvCdrSource(lab / "Master.csv", UTC, lab / "monitor"))
    indexer.sync()
    line = '"","0671112233","0443334000","from-trunk","""X"" <0671112233>","PJSIP/trunk-00000099","PJSIP/102-0000009a","Dial","PJSIP/102,20","2026-11-22 16:00:00","2026-11-22 16:00:02","2026-11-22 16:00:30",30,28,"ANSWERED","DOCUMENTATION","1795364000.99",""\n'
    with (lab / "Master.csv").open("a") as handle:
        handle.write(line[:60])  # half a line: not indexed yet
    assert indexer.sync() == 0
    with (lab / "Master.csv").open("a") as handle:
        handle.write(line[60:])
    assert indexer.sync() == 1
    make_wav(lab / "monitor" / "1795364000.99.wav", 0.5)
    indexer.sync()
    row = index.search(SearchQuery(number="1112233")).items[0]
    assert (row.operator, row.recording) == ("102", "1795364000.99.wav")


def test_sqlite_master_db_is_indexed_with_linkedid(lab: Path) -> None:
    db = _sqlite_master(lab / "master.db")
    index, indexer = _index(lab, SqliteCdrSource(db, UTC, lab / "monitor"))
    assert indexer.sync() == 28
    legs = index.find_call("1795360857.33")
    assert {leg.uniqueid for leg in legs} == {"1795360857.33", "1795360857.34"}
    transfer = index.search(SearchQuery(call_id="1795360818.23")).items
    assert sorted(leg.operator for leg in transfer) == ["101", "102"]
    assert {leg.recording for leg in transfer} == {"1795360818.23.wav"}
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO cdr (AcctId, calldate, src, dst, channel, dstchannel, disposition, duration, billsec, uniqueid, linkedid, recordingfile) VALUES (29, '2026-11-22 16:01:00', '0509999999', '0443334000', 'PJSIP/trunk-1', 'PJSIP/101-2', 'BUSY', 1, 0, '1795364100.1', '1795364100.1', '')"
    )
    conn.commit()
    conn.close()
    assert indexer.sync() == 1
    assert index.search(SearchQuery(outcome="BUSY", number="9999999")).total == 1


FREEPBX_ROWS = [
    {"calldate": datetime(2026, 11, 22, 15, 19, 16), "clid": '"Customer" <0501234567>', "src": "0501234567",
     "dst": "0443334000", "dcontext": "from-trunk", "channel": "PJSIP/trunk-00000000",
     "dstchannel": "PJSIP/101-00000001", "lastapp": "Dial", "duration": 7, "billsec": 5,
     "disposition": "ANSWERED", "uniqueid": "1795360756.4", "linkedid": "1795360756.4",
     "recordingfile": "in-0443334000-0501234567-20261122-151916-1795360756.4.wav", "cnum": "0501234567"},
    {"calldate": datetime(2026, 11, 23, 0, 5, 0), "clid": '"Operator 102" <102>', "src": "102",
     "dst": "0671234567", "dcontext": "from-internal", "channel": "PJSIP/102-00000005",
     "dstchannel": "PJSIP/trunk-00000006", "lastapp": "Dial", "duration": 20, "billsec": 12,
     "disposition": "ANSWERED", "uniqueid": "1795400000.7", "linkedid": "1795400000.7",
     "recordingfile": "out-0671234567-102-1795400000.7.wav"},
    {"calldate": "2026-11-23 00:06:00", "clid": '"" <>', "src": "101", "dst": "102",
     "channel": "PJSIP/101-00000007", "dstchannel": "PJSIP/102-00000008", "lastapp": "Dial",
     "duration": 3, "billsec": 0, "disposition": "NO ANSWER", "uniqueid": "1795400060.9",
     "linkedid": "1795400060.9", "recordingfile": ""},
]  # fmt: skip


def test_freepbx_rows_map_to_dated_monitor_paths(lab: Path) -> None:
    root = lab / "monitor"
    make_wav(root / "2026/11/22/in-0443334000-0501234567-20261122-151916-1795360756.4.wav", 0.2)
    make_wav(root / "2026/11/23/out-0671234567-102-1795400000.7.wav", 0.2)
    seen: list[str] = []

    def rows_after(marker: str):
        seen.append(marker)
        return [r for r in FREEPBX_ROWS if str(r["calldate"]) >= marker]

    index, indexer = _index(lab, FreePbxCdrSource(rows_after, UTC, root))
    assert indexer.sync() == 3
    assert indexer.sync() == 0 and seen[-1] == "2026-11-23 00:06:00"
    inbound = index.find_call("1795360756.4")[0]
    assert (
        inbound.recording == "2026/11/22/in-0443334000-0501234567-20261122-151916-1795360756.4.wav"
    )
    outbound = index.find_call("1795400000.7")[0]
    assert (outbound.direction, outbound.operator, outbound.number) == (
        "outbound",
        "102",
        "0671234567",
    )
    assert (
        outbound.recording == "2026/11/23/out-0671234567-102-1795400000.7.wav"
    )  # date from calldate
    internal = index.find_call("1795400060.9")[0]
    assert (internal.direction, internal.outcome, internal.recording) == (
        "internal",
        "missed",
        None,
    )


def test_recording_candidates_and_file_keys() -> None:
    name = "in-0443334000-0501234567-20261122-151916-1795360756.4.wav"
    late = int(datetime(2026, 11, 23, 0, 0, 5, tzinfo=UTC).timestamp())  # call crossed midnight
    assert recording_candidates(name, late, UTC)[:2] == [f"2026/11/22/{name}", f"2026/11/23/{name}"]
    assert recording_candidates("/var/spool/asterisk/monitor/2026/11/22/x.wav", 0, UTC) == [
        "2026/11/22/x.wav"
    ]
    assert recording_candidates("", late, UTC) == []
    assert file_keys(name) == (name[:-4], "1795360756.4")
    assert file_keys("c2c-1795-0001.wav") == ("c2c-1795-0001",)


def test_classify_directions() -> None:
    assert classify("PJSIP/trunk-1", "PJSIP/101-2", "0501234567", "0443334000") == (
        "inbound",
        "101",
        "0501234567",
    )
    assert classify("PJSIP/101-1", "PJSIP/trunk-2", "101", "0501234567") == (
        "outbound",
        "101",
        "0501234567",
    )
    assert classify("PJSIP/101-1", "PJSIP/102-2", "101", "102") == ("internal", "101", "102")
    assert classify("PJSIP/trunk-1", "Local/102@from-queue-3;1", "0501234567", "s") == (
        "inbound",
        "102",
        "0501234567",
    )
    row = to_index_row(
        {"calldate": "2026-11-22 18:19:16", "disposition": "CONGESTION"},
        source="t",
        tz=ZoneInfo("Europe/Moscow"),
        root=None,
    )
    assert row.started_at == int(datetime(2026, 11, 22, 15, 19, 16, tzinfo=UTC).timestamp())
    assert row.outcome == "failed"


def test_watcher_thread_picks_up_new_files(lab: Path) -> None:
    index, indexer = _index(lab, CsvCdrSource(lab / "Master.csv", UTC, lab / "monitor"))
    (lab / "monitor" / "1795360879.49.wav").unlink()
    indexer.sync()
    assert index.find_call("1795360879.49")[0].recording is None
    indexer.start()
    try:
        make_wav(lab / "monitor" / "1795360879.49.wav", 0.2)
        deadline = time.monotonic() + 10
        while index.find_call("1795360879.49")[0].recording is None:
            assert time.monotonic() < deadline, "watcher never attached the new file"
            time.sleep(0.02)
    finally:
        indexer.stop()
    assert index.find_call("1795360879.49")[0].recording == "1795360879.49.wav"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"operator": "102"}, {"1795360806.18", "1795360818.23", "1795360838.28"}),
        ({"outcome": "busy", "operator": "101"}, {"1795360800.14"}),
        ({"outcome": "NO ANSWER", "operator": "101"}, {"1795360767.7", "1795360777.10"}),
        ({"direction": "outbound"}, {"c2c-1795-0001"}),
        ({"min_duration": "8"}, {"1795360879.49", "1795360818.23", "1795360838.28"}),
        ({"min_duration": "6", "max_duration": "6"}, {"1795360806.18"}),
        (
            {
                "number": "1234567",
                "date_from": "1795360838",
                "date_to": "1795360880",
                "operator": "101",
            },
            {"1795360838.28", "1795360879.49"},
        ),
        (
            {"with_recording": "1", "operator": "101", "outcome": "answered", "max_duration": "3"},
            {"1795360818.23", "1795360838.28"},
        ),
    ],
)
def test_search_endpoint_filters(gateway, query: dict[str, str], expected: set[str]) -> None:
    server, _ = gateway
    response = httpx.get(f"{server.url}/recordings/search", params={**query, "per_page": "100"},
                         headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code == 200, response.text
    assert {item["call_id"] for item in response.json()["items"]} == expected


def test_search_pagination_auth_and_bad_filters(gateway) -> None:
    server, _ = gateway
    headers = {"Authorization": f"Bearer {TOKEN}"}
    first = httpx.get(
        f"{server.url}/recordings/search", params={"per_page": "10"}, headers=headers
    ).json()
    third = httpx.get(
        f"{server.url}/recordings/search", params={"per_page": "10", "page": "3"}, headers=headers
    ).json()
    assert first["total"] == 28 and len(first["items"]) == 10 and len(third["items"]) == 8
    starts = [item["started_at"] for item in first["items"] + third["items"]]
    assert starts == sorted(starts, reverse=True)
    assert httpx.get(f"{server.url}/recordings/search").status_code == 401
    for bad in ({"page": "0"}, {"per_page": "x"}, {"direction": "sideways"}):
        assert (
            httpx.get(f"{server.url}/recordings/search", params=bad, headers=headers).status_code
            == 400
        )


def test_short_number_suffix_and_bounded_count(lab: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gateway.recordings.index as index_module

    index, indexer = _index(lab, CsvCdrSource(lab / "Master.csv", UTC, lab / "monitor"))
    indexer.sync()
    short = index.search(SearchQuery(number="67", per_page=100))
    assert short.total == len(short.items) > 0
    assert all(row.number.endswith("67") for row in short.items)
    assert short.total == index.search(SearchQuery(number="4567", per_page=100)).total
    monkeypatch.setattr(index_module, "COUNT_BUDGET_S", -1.0)  # every count runs out of time
    monkeypatch.setattr(index_module, "PROGRESS_STEPS", 1)
    page = index.search(SearchQuery(per_page=10))
    assert not page.total_exact and page.total == 11 and len(page.items) == 10


def test_live_gateway_with_watch_indexes_new_calls(lab: Path) -> None:
    from tests.fakes.recordings import LiveServer, app_for, settings_for

    settings = settings_for(lab, cdr_csv=lab / "Master.csv", watch=True, poll_interval=0.05)
    server = LiveServer(app_for(settings)).start()
    headers = {"Authorization": f"Bearer {TOKEN}"}

    def found(call_id: str) -> list[dict]:
        response = httpx.get(
            f"{server.url}/recordings/search", params={"call_id": call_id}, headers=headers
        )
        return response.json()["items"]

    try:
        deadline = time.monotonic() + 10
        while not found("1795360756.4"):
            assert time.monotonic() < deadline, "initial import never finished"
            time.sleep(0.02)
        line = '"","0671112233","0443334000","from-trunk","""X"" <0671112233>","PJSIP/trunk-9","PJSIP/101-a","Dial","PJSIP/101,20","2026-11-22 16:00:00","2026-11-22 16:00:02","2026-11-22 16:00:30",30,28,"ANSWERED","DOCUMENTATION","1795364000.99",""\n'
        make_wav(lab / "monitor" / "1795364000.99.wav", 0.2)
        with (lab / "Master.csv").open("a") as handle:
            handle.write(line)
        while not (rows := found("1795364000.99")) or rows[0]["recording"] is None:
            assert time.monotonic() < deadline + 10, "watcher never indexed the new call"
            time.sleep(0.02)
        assert rows[0]["recording"] == "1795364000.99.wav"
    finally:
        server.stop()
