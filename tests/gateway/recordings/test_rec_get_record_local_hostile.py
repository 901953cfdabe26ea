"""get_record_local under hostile conditions: the seed's bare 404 for everything bad (issue 11 #8).

A malformed WAV (sample rate 0 or 4e9 makes the MP3 encoder raise), any method but GET,
and a wrong key answered exactly as a right key with an unknown call: the same
lookups run in both cases, so neither the answer nor the work tells them apart.
"""

from __future__ import annotations

import struct
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests.fakes.recordings import LiveServer, app_for, settings_for

GOOD = {"clientId": "crm-key-1", "uniqueid": "1795360756.4"}


def _bad_wav(path: Path, rate: int) -> None:
    """A WAV header declaring ``rate`` Hz (0 or 4e9), then a little PCM."""
    data = b"\x00\x01" * 800
    fmt = struct.pack("<HHIIHH", 1, 1, rate & 0xFFFFFFFF, (rate * 2) & 0xFFFFFFFF, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


@pytest.fixture
def live(lab: Path) -> tuple[LiveServer, FastAPI]:
    app = app_for(settings_for(lab, cdr_csv=lab / "Master.csv"))
    server = LiveServer(app).start()
    yield server, app
    server.stop()


@pytest.mark.parametrize("rate", [0, 4_000_000_000])
def test_a_malformed_wav_is_a_bare_404(live: tuple[LiveServer, FastAPI], lab: Path,
                                       rate: int) -> None:  # fmt: skip
    server, _app = live
    _bad_wav(lab / "monitor" / "1795360756.4.wav", rate)
    response = httpx.get(f"{server.url}/get_record_local", params=GOOD)
    assert (response.status_code, response.content) == (404, b"")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_any_method_but_get_is_a_bare_404(live: tuple[LiveServer, FastAPI], method: str) -> None:
    server, _app = live
    for path in ("/get_record_local", "/get_record_local.php"):
        response = httpx.request(method, f"{server.url}{path}", params=GOOD)
        assert (response.status_code, response.content) == (404, b"")


def test_a_wrong_key_does_the_same_work_as_an_unknown_call(
    live: tuple[LiveServer, FastAPI],
) -> None:
    server, app = live
    service = app.router.routes[-1].original_router.state  # type: ignore[attr-defined]
    work: list[str] = []
    lookup, keys = service.recorded_leg, service.keys

    def counted_lookup(*args: object, **kwargs: object) -> object:
        work.append("lookup")
        return lookup(*args, **kwargs)

    def counted_keys() -> object:
        work.append("keys")
        return keys()

    service.recorded_leg, service.keys = counted_lookup, counted_keys
    answers, traces = [], []
    for params in ({"clientId": "wrong-key", "uniqueid": GOOD["uniqueid"]},
                   {"clientId": GOOD["clientId"], "uniqueid": "0000000000.0"}):  # fmt: skip
        work.clear()
        response = httpx.get(f"{server.url}/get_record_local", params=params)
        answers.append((response.status_code, response.content, sorted(response.headers)))
        traces.append(list(work))
    assert answers[0] == answers[1] and answers[0][0] == 404
    assert traces[0] == traces[1] == ["keys", "lookup"]
