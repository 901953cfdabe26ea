"""Recording links handed to CRMs/providers lead to the right file, found through the CDR index.

The gateway runs under uvicorn on 127.0.0.1; a CDR (cdr_sqlite3_custom layout)
and a WAV are made by the test, in a FreePBX ``YYYY/MM/DD`` layout and in a
flat one. The call snapshot carries no file name (MixMonitor was started by the
dialplan and not seen on AMI), so only the index can say where the file is.
Each protocol's link is followed over HTTP and must give the WAV's bytes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.calls.events import CallFinished, CallSnapshot, Direction, Outcome
from core.signing.binotel import signed_body
from gateway.links import RecordingLinks
from gateway.recordings.index import RecordingIndex
from gateway.recordings.indexer import Indexer
from tests.fakes.crm_servers import RetailCrmFake
from tests.fakes.gateway import (
    BINOTEL_KEY,
    BINOTEL_SECRET,
    RETAIL_KEY,
    gateway_config,
    rt_headers,
    serve,
    wait_for,
)
from tests.fakes.recordings import make_wav

UID = "1795183200.17"
LINKED = "1795183200.16"
STARTED = 1795183200.0  # 2026-11-20 10:00:00 UTC, the CDR's calldate
LAYOUTS = {
    "freepbx": f"2026/11/20/q-support-0501234567-{UID}.wav",
    "flat": f"{UID}.wav",
}
CDR_COLUMNS = (
    "calldate", "clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp",
    "duration", "billsec", "disposition", "uniqueid", "linkedid", "recordingfile",
)  # fmt: skip


def write_cdr(path: Path, recordingfile: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"CREATE TABLE cdr ({', '.join(CDR_COLUMNS)})")
        conn.execute(
            f"INSERT INTO cdr VALUES ({','.join('?' * len(CDR_COLUMNS))})",
            (
                "2026-11-20 10:00:00", '"Client" <0501234567>', "0501234567", "101",
                "from-queue", "PJSIP/trunk-00000010", "PJSIP/101-00000011", "Dial",
                "65", "60", "ANSWERED", UID, LINKED, recordingfile,
            ),
        )  # fmt: skip
    conn.close()


def snapshot() -> CallSnapshot:
    return CallSnapshot(
        LINKED,
        Direction.INBOUND,
        "0501234567",
        None,
        answered_by="101",
        talked=("101",),
        outcome=Outcome.ANSWERED,
        started_at=STARTED,
        answered_at=STARTED + 5,
        ended_at=STARTED + 65,
    )


@pytest.fixture(params=sorted(LAYOUTS))
def lab(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, bytes]:
    """(data dir, WAV bytes): monitor/<layout path> and a CDR row naming the bare file."""
    rel = LAYOUTS[request.param]
    wav = make_wav(tmp_path / "monitor" / rel, 0.5, freq=300 + len(rel))
    write_cdr(tmp_path / "master.db", rel.rsplit("/", 1)[-1])
    return tmp_path, wav.read_bytes()


@pytest.fixture
async def live(lab: tuple[Path, bytes]) -> AsyncIterator[tuple[str, Any, RetailCrmFake, bytes]]:
    data, audio = lab
    recordings = {"cdr_sqlite": str(data / "master.db"), "watch": False, "cdr_timezone": "UTC"}
    with RetailCrmFake(RETAIL_KEY) as crm:
        config = gateway_config(
            data, retailcrm_url=crm.url, server={"public_url": "http://gw.test"},
            recordings=recordings,
        )  # fmt: skip
        async with serve(config) as (url, app):
            yield url, app, crm, audio


async def fetch(base: str, link: str) -> bytes:
    """GET a link the gateway handed out (its public base swapped for the live one)."""
    assert link.startswith("http://gw.test/"), link
    async with httpx.AsyncClient(base_url=base, timeout=10, follow_redirects=False) as client:
        response = await client.get(link.removeprefix("http://gw.test"))
        if response.status_code == 307:  # Rostelecom one-time link -> signed link
            response = await client.get(response.headers["location"].removeprefix("http://gw.test"))
        assert response.status_code == 200, response.text
        return response.content


async def test_retailcrm_upload_record_url_downloads_the_wav(
    live: tuple[str, Any, RetailCrmFake, bytes],
) -> None:
    url, app, crm, audio = live
    await app.state.gateway.apply_events([CallFinished(snapshot(), None)])
    await wait_for(lambda: len(crm.uploads) == 1)
    assert await fetch(url, crm.uploads[0]["recordUrl"]) == audio


async def test_rostelecom_get_record_downloads_the_wav(
    live: tuple[str, Any, RetailCrmFake, bytes],
) -> None:
    url, app, _crm, audio = live
    app.state.gateway.store.save_call(snapshot())
    body = json.dumps({"session_id": LINKED}).encode()
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        answer = (await client.post("/get_record", content=body, headers=rt_headers(body))).json()
    assert answer["result"] == 0, answer
    assert await fetch(url, answer["url"]) == audio


async def test_binotel_call_record_downloads_the_wav(
    live: tuple[str, Any, RetailCrmFake, bytes],
) -> None:
    url, app, _crm, audio = live
    app.state.gateway.store.save_call(snapshot())
    body = signed_body({"callID": LINKED}, BINOTEL_KEY, BINOTEL_SECRET)
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        response = await client.post(
            "/stats/call-record.json", content=body, headers={"Content-Type": "application/json"}
        )
    answer = json.loads(response.content)
    assert answer["status"] == "success", answer
    assert await fetch(url, answer["url"]) == audio


# -- the lookup order, without HTTP ------------------------------------------------------


def links_for(data: Path, index: RecordingIndex | None) -> RecordingLinks:
    config = gateway_config(data, server={"public_url": "http://gw.test"})
    return RecordingLinks(config, clock=lambda: STARTED, index=index)


def test_index_finds_a_named_file_the_guess_cannot(tmp_path: Path) -> None:
    """A file in another day's folder, with no date in its name: only the monitor scan knows it."""
    rel = f"2026/11/19/q-support-{UID}.wav"
    make_wav(tmp_path / "monitor" / rel, 0.1)
    call = CallSnapshot(LINKED, Direction.INBOUND, "1", None, recording=rel.rsplit("/", 1)[-1],
                        started_at=STARTED)  # fmt: skip
    assert links_for(tmp_path, None).name_of(call) == rel.rsplit("/", 1)[-1]  # the bare guess
    index = RecordingIndex(tmp_path / "index.sqlite3")
    Indexer(index, [], tmp_path / "monitor").scan_files()
    assert links_for(tmp_path, index).name_of(call) == rel
    index.close()


def test_without_index_the_guess_reads_the_date_in_the_name(tmp_path: Path) -> None:
    name = f"in-0443334000-0501234567-20261118-101010-{UID}.wav"
    make_wav(tmp_path / "monitor" / "2026/11/18" / name, 0.1)
    call = CallSnapshot(LINKED, Direction.INBOUND, "1", None, recording=name, started_at=STARTED)
    assert links_for(tmp_path, None).name_of(call) == f"2026/11/18/{name}"
    absolute = CallSnapshot(LINKED, Direction.INBOUND, "1", None,
                            recording=str(tmp_path / "monitor" / "2026/11/18" / name))  # fmt: skip
    assert links_for(tmp_path, None).name_of(absolute) == f"2026/11/18/{name}"
