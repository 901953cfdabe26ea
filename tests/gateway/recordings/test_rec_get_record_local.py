"""Seed 000 get_record_local: clientId + uniqueid -> MP3; every failure is the same bare 404."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.fakes.recordings import TOKEN

GOOD = {"clientId": "crm-key-1", "uniqueid": "1795360756.4"}


def _mp3_frames(data: bytes) -> tuple[int, int, int]:
    """(frames, samples, sample rate) from MPEG audio frame headers (independent of lameenc)."""
    rates = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
    bitrates_v1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
    bitrates_v2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
    pos, frames, samples, rate = 0, 0, 0, 0
    if data[:3] == b"ID3":
        pos = 10 + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9])
    while pos + 4 <= len(data):
        b1, b2 = data[pos + 1], data[pos + 2]
        assert data[pos] == 0xFF and b1 & 0xE0 == 0xE0, f"lost frame sync at {pos}"
        version, layer = (b1 >> 3) & 3, (b1 >> 1) & 3
        assert layer == 1, "not Layer III"
        rate = rates[version][(b2 >> 2) & 3]
        kbps = (bitrates_v1 if version == 3 else bitrates_v2)[b2 >> 4]
        per_frame = 1152 if version == 3 else 576
        size = (144 if version == 3 else 72) * kbps * 1000 // rate + ((b2 >> 1) & 1)
        frames, samples, pos = frames + 1, samples + per_frame, pos + size
    assert pos == len(data), "trailing garbage after the last frame"
    return frames, samples, rate


def test_known_key_and_uniqueid_give_an_mp3_of_the_right_duration(gateway) -> None:
    server, _ = gateway
    response = httpx.get(f"{server.url}/get_record_local.php", params=GOOD)
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/mpeg"
    _frames, samples, rate = _mp3_frames(response.content)
    assert rate == 8000
    # 80 044-byte WAV = 5.0025 s; LAME adds < 2 frames of padding at each end
    assert 5.0 <= samples / rate <= 5.0 + 3 * 576 / rate
    again = httpx.get(f"{server.url}/get_record_local", params=GOOD)
    assert again.content == response.content  # served from the MP3 cache


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"clientId": "crm-key-1"},
        {"uniqueid": "1795360756.4"},
        {"clientId": "", "uniqueid": "1795360756.4"},
        {"clientId": "wrong-key", "uniqueid": "1795360756.4"},
        {"clientId": "crm-key-1", "uniqueid": "0000000000.0"},
        {"clientId": "crm-key-1", "uniqueid": "1795360749.0"},  # call without recording
        {"clientId": "crm-key-1", "uniqueid": "1795360767.7"},  # header-only WAV (missed call)
        {"clientId": "crm-key-1", "uniqueid": "../1795360756.4"},
        {"clientId": TOKEN, "uniqueid": "1795360756.4"},  # an API token is not a CRM key
    ],
)
def test_every_failure_is_the_same_bare_404(gateway, params: dict[str, str]) -> None:
    server, _ = gateway
    for path in ("/get_record_local", "/get_record_local.php"):
        response = httpx.get(f"{server.url}{path}", params=params)
        assert response.status_code == 404
        assert response.content == b""


def test_keys_file_edits_take_effect_without_restart(gateway, lab: Path) -> None:
    server, settings = gateway
    import hashlib

    settings.get_record_keys_file.write_text(hashlib.sha256(b"second-crm").hexdigest() + "\n")
    assert httpx.get(f"{server.url}/get_record_local", params=GOOD).status_code == 404
    ok = httpx.get(f"{server.url}/get_record_local", params={**GOOD, "clientId": "second-crm"})
    assert ok.status_code == 200


def test_get_record_local_listen_is_logged_without_the_key(gateway) -> None:
    server, _ = gateway
    httpx.get(f"{server.url}/get_record_local", params=GOOD)
    items = httpx.get(
        f"{server.url}/recordings/listens", headers={"Authorization": f"Bearer {TOKEN}"}
    ).json()["items"]
    assert [item["source"] for item in items] == ["get_record_local"]
    assert "crm-key-1" not in str(items)
