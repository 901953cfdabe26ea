"""``ringside gateway`` (uvicorn, a temp config) over the lab's real CDRs and MixMonitor files.

The calls placed by the scenario tests left real recordings in
/var/spool/asterisk/monitor and real CDR rows in Master.csv (cdr_csv) and master.db
(cdr_sqlite3_custom). The gateway indexes them (each CDR source on its own) and serves
one recording by seed 000's ``get_record_local`` (as MP3) and by a signed link (the WAV).
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.live.lab import CDR_CSV, CDR_SQLITE, MONITOR_DIR, Lab
from tests.live.listen import RINGSIDE, Listeners

CLIENT_ID = "live-crm-key-0001"
TOKEN = "live-token-0001"
LINK_KEY = "live-link-key-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def recorded_call(lab: Lab, listeners: Listeners) -> str:
    """A uniqueid with a real recording of some seconds: place one call if none was made yet."""
    rows = [r for r in lab.cdr_sqlite_rows() if r["disposition"] == "ANSWERED" and r["recordingfile"]
            and (MONITOR_DIR / r["recordingfile"]).stat().st_size > 16000]  # fmt: skip
    if not rows:
        from tests.live.plain.scenarios import drive

        drive(lab, listeners, "03")
        return recorded_call(lab, listeners)
    return str(rows[-1]["uniqueid"])


@pytest.fixture(params=["cdr_csv", "cdr_sqlite"])
def gateway(
    request: pytest.FixtureRequest, work: Path, lab: Lab, listeners: Listeners
) -> Iterator[tuple[str, str]]:
    uniqueid = recorded_call(lab, listeners)
    folder = work / f"gateway-{request.param}"
    folder.mkdir(exist_ok=True)
    keys = folder / "keys.txt"
    keys.write_text(hashlib.sha256(CLIENT_ID.encode()).hexdigest() + "\n")
    port = free_port()
    source = CDR_CSV if request.param == "cdr_csv" else CDR_SQLITE
    config = folder / "gateway.toml"
    config.write_text(
        f'[server]\nhost = "127.0.0.1"\nport = {port}\ndata_dir = "{folder / "data"}"\ndebug_page = false\n'
        '[ami]\nhost = "127.0.0.1"\nport = 5038\nuser = "companion"\nsecret_env = "LIVE_AMI_SECRET"\n'
        f'[recordings]\nrecordings_root = "{MONITOR_DIR}"\n{request.param} = "{source}"\n'
        f'get_record_keys_file = "{keys}"\nlink_key_env = "LIVE_LINK_KEY"\n'
        'api_tokens_env = "LIVE_API_TOKENS"\ncdr_timezone = "UTC"\npoll_interval = 0.5\n'
    )
    env = dict(os.environ, LIVE_AMI_SECRET="companion-secret", LIVE_LINK_KEY=LINK_KEY,
               LIVE_API_TOKENS=f"live={TOKEN}")  # fmt: skip
    proc = subprocess.Popen([RINGSIDE, "gateway", "--config", str(config), "--log-level", "warning"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/get_record_local", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"gateway did not start: {proc.stdout.read() if proc.stdout else ''}"
                    ) from None
                time.sleep(0.2)
        yield url, uniqueid
    finally:
        proc.terminate()
        proc.wait(15)


def wait_indexed(url: str, uniqueid: str) -> dict:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    deadline = time.monotonic() + 20
    while True:
        r = httpx.get(
            f"{url}/recordings/link", params={"call_id": uniqueid}, headers=auth, timeout=10
        )
        if r.status_code == 200 or time.monotonic() > deadline:
            return {
                "status": r.status_code,
                **(r.json() if r.status_code == 200 else {"body": r.text}),
            }
        time.sleep(0.3)


def test_get_record_local_serves_the_real_recording_as_mp3(gateway: tuple[str, str]) -> None:
    url, uniqueid = gateway
    assert wait_indexed(url, uniqueid)["status"] == 200
    r = httpx.get(
        f"{url}/get_record_local", params={"clientId": CLIENT_ID, "uniqueid": uniqueid}, timeout=60
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "audio/mpeg"
    assert r.content[:3] == b"ID3" or r.content[0] == 0xFF
    wav = (MONITOR_DIR / f"{uniqueid}.wav").stat().st_size
    assert len(r.content) > 1000 and len(r.content) < wav  # compressed audio, not the WAV
    bad = httpx.get(f"{url}/get_record_local", params={"clientId": "wrong", "uniqueid": uniqueid})
    assert (bad.status_code, bad.content) == (404, b"")


def test_signed_link_serves_the_wav_byte_for_byte(gateway: tuple[str, str]) -> None:
    url, uniqueid = gateway
    link = wait_indexed(url, uniqueid)
    assert link["status"] == 200, link
    assert link["recording"] == f"{uniqueid}.wav"
    r = httpx.get(link["url"].replace(link["url"].split("/recordings/")[0], url), timeout=30)
    assert r.status_code == 200
    assert r.content == (MONITOR_DIR / f"{uniqueid}.wav").read_bytes()
    forged = link["url"].replace(link["url"].split("/recordings/")[0], url)[:-2] + "00"
    assert httpx.get(forged).status_code == 403
